"""The public home page: the presented body and the upcoming conferences."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conferences.models import Conference
from tests.factories import BodyFactory, ConferenceFactory

pytestmark = pytest.mark.django_db


def test_home_renders_without_any_body(client):
    response = client.get(reverse("conferences:home"))
    assert response.status_code == 200
    assert "Chưa có hội nghị nào được thông báo." in response.content.decode()


def test_home_lists_upcoming_public_conferences_only(client):
    body = BodyFactory(name="xã Hải Hưng")
    soon = timezone.now() + datetime.timedelta(days=60)
    upcoming = ConferenceFactory(body=body, year=soon.year, starts_at=soon, venue="Hội trường trung tâm xã",
                                 title="Hội nghị sắp tới của xã")
    ConferenceFactory(body=body, year=2025, starts_at=timezone.now() - datetime.timedelta(days=300),
                      status=Conference.Status.HELD, title="Hội nghị đã tổ chức")
    hidden_body = BodyFactory()
    ConferenceFactory(body=hidden_body, year=soon.year, starts_at=soon, is_public=False, title="Hội nghị ẩn")
    html = client.get(reverse("conferences:home")).content.decode()
    assert upcoming.title in html and "Hội trường trung tâm xã" in html
    assert timezone.localtime(soon).strftime("%d/%m/%Y") in html
    assert "Hội nghị đã tổ chức" not in html and "Hội nghị ẩn" not in html
    assert "xã Hải Hưng" in html  # header: the portal body


def test_portal_body_follows_setting(client, settings):
    BodyFactory(name="xã Thứ Nhất")
    BodyFactory(name="xã Được Chọn", slug="xa-duoc-chon")
    settings.PORTAL_DEFAULT_BODY_SLUG = "xa-duoc-chon"
    html = client.get(reverse("conferences:home")).content.decode()
    assert "xã Được Chọn" in html and "xã Thứ Nhất" not in html
