"""The lifecycle in the conference admin: panels, the transition page, the dashboard, scoping."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from conferences import roles
from conferences.models import Conference, ConferenceTask
from tests.factories import ScopingWorld

pytestmark = pytest.mark.django_db
S = Conference.Status


@pytest.fixture
def world():
    return ScopingWorld()


def test_change_page_shows_the_condition_buttons_and_documents(client, world):
    client.force_login(world.economic)
    response = client.get(reverse("admin:conferences_conference_change", args=[world.hh_conf.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Đơn vị đăng ký tham dự (đúng hạn, chưa rút)" in page
    assert "1/15" in page  # one registration with a petition in the world
    assert "Chưa đủ điều kiện" in page
    assert "?to=cutoff_passed" in page and "?to=postponed" in page and "?to=held" not in page
    assert reverse("reports:conference_document", args=[world.hh_conf.pk, "ke-hoach", "pdf"]) in page


def test_transition_page_refuses_with_the_services_message_and_then_moves(client, world):
    client.force_login(world.economic)
    url = reverse("admin:conferences_conference_transition", args=[world.hh_conf.pk])
    with freeze_time(timezone.make_aware(datetime.datetime(2026, 5, 20, 9))):
        response = client.post(url, {"to_status": S.CUTOFF_PASSED})
        assert response.status_code == 200
        assert "Chưa hết hạn tiếp nhận kiến nghị" in response.content.decode()
        response = client.post(url, {"to_status": S.POSTPONED, "note": "Chưa đủ đăng ký",
                                     "starts_at": "2026-09-17T08:00"})
    assert response.status_code == 302
    world.hh_conf.refresh_from_db()
    assert world.hh_conf.status == S.POSTPONED
    assert world.hh_conf.events.get(to_status=S.POSTPONED).actor == world.economic


def test_transition_page_of_another_body_is_404_and_needs_login(client, world):
    url = reverse("admin:conferences_conference_transition", args=[world.hd_conf.pk])
    assert client.get(url).status_code == 302
    client.force_login(world.economic)
    assert client.get(url).status_code == 404
    client.force_login(world.leader)  # view only: cannot change the status
    own = reverse("admin:conferences_conference_transition", args=[world.hh_conf.pk])
    assert client.post(own, {"to_status": S.STOPPED, "note": "x"}).status_code == 403


def test_dashboard_lists_only_the_users_conferences_with_counts_and_next_task(client, world):
    ConferenceTask.objects.create(conference=world.hh_conf, unit=world.kt, title="Tổng hợp kiến nghị",
                                  due_date=datetime.date(2026, 6, 10))
    client.force_login(world.economic)
    page = client.get(reverse("admin:conferences_conference_dashboard")).content.decode()
    assert world.hh_conf.title in page and world.hd_conf.title not in page
    assert "Tổng hợp kiến nghị — 10/06/2026 (KT)" in page
    assert "1/15" in page and "/5" in page


def test_task_checklist_marks_who_did_it(client, world):
    task = ConferenceTask.objects.create(conference=world.hh_conf, unit=world.kt, title="Chuẩn bị hội trường",
                                         offset_days=-1, due_date=datetime.date(2026, 6, 17))
    client.force_login(world.superuser)
    url = reverse("admin:conferences_conference_change", args=[world.hh_conf.pk])
    response = client.get(url)
    form = response.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, (list, dict))}
    assert roles.ECONOMIC
    assert form is not None and data is not None
    task.done_at = timezone.now()
    task.save()
    assert ConferenceTask.objects.get(pk=task.pk).done_at
