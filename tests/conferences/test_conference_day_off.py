"""A conference on a day off (issue 21 item 5): saving asks for confirmation, the page keeps a warning, and the
demo picks a working day whatever day it is loaded."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from conferences.calendar import workdays
from conferences.common.errors import ConferenceError
from conferences.lifecycle.services import conference_create
from conferences.models import Conference
from tests.factories import BodyFactory, ScopingWorld

pytestmark = pytest.mark.django_db

FORM = {
    "year": "2027", "title": "Hội nghị 2027", "starts_at_0": "2027-02-04", "starts_at_1": "08:00:00",
    "venue": "Nhà văn hoá Thanh Quang", "form": "in_person", "is_public": "on",
    "agenda_items-TOTAL_FORMS": "0", "agenda_items-INITIAL_FORMS": "0",
    "participants-TOTAL_FORMS": "0", "participants-INITIAL_FORMS": "0",
    "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
}


@freeze_time("2026-12-05 09:00:00+07:00")
def test_a_conference_on_a_tet_day_needs_confirmation_and_keeps_a_warning(client):
    world = ScopingWorld()
    client.force_login(world.hd_economic)
    assert not workdays.is_working_day(datetime.date(2027, 2, 4))
    response = client.post(reverse("admin:conferences_conference_add"), FORM)
    assert response.status_code == 200
    assert "Ngày 04/02/2027 là ngày nghỉ" in response.content.decode()
    assert not Conference.objects.filter(title="Hội nghị 2027").exists()

    response = client.post(reverse("admin:conferences_conference_add"), {**FORM, "confirm_day_off": "on"})
    assert response.status_code == 302
    conference = Conference.objects.get(title="Hội nghị 2027")
    page = client.get(reverse("admin:conferences_conference_change", args=[conference.pk])).content.decode()
    assert "Cảnh báo: ngày tổ chức 04/02/2027 là ngày nghỉ" in page


@freeze_time("2026-12-05 09:00:00+07:00")
def test_the_service_refuses_a_day_off_unless_confirmed():
    body = BodyFactory()
    starts_at = timezone.make_aware(datetime.datetime(2027, 2, 4, 8))
    with pytest.raises(ConferenceError, match="ngày nghỉ"):
        conference_create(body=body, year=2027, title="Hội nghị", venue="Hội trường", starts_at=starts_at)
    conference = conference_create(body=body, year=2027, title="Hội nghị", venue="Hội trường", starts_at=starts_at,
                                   day_off_confirmed=True)
    assert conference.pk


@freeze_time("2026-12-05 09:00:00+07:00")
def test_the_demo_conference_is_on_a_working_day_when_loaded_in_december():
    call_command("load_demo", verbosity=0)
    upcoming = Conference.objects.get(body__slug="xa-hai-hung", year=2027)
    day = timezone.localtime(upcoming.starts_at).date()
    assert workdays.is_working_day(day), day
    assert day.weekday() == 3
