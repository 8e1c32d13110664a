"""Open deadlines follow calendar and conference changes made by people (admin, services), broker up or down."""

import io
import logging
from datetime import date
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from freezegun import freeze_time
from kombu.exceptions import OperationalError

from conferences.calendar import services as conference_services
from conferences.models import CalendarEntry, Conference
from petitions import tasks
from petitions.deadlines.rules import DeadlineRule
from petitions.models import Competence, Petition, PetitionEvent, Status
from tests.factories import BodyFactory, ConferenceFactory, DeadlinePetitionFactory, UserFactory, vn_time

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
D = date


@pytest.fixture
def frozen():
    with freeze_time("2026-12-15 03:00:00"):
        yield


@pytest.fixture
def superuser():
    return UserFactory(username="quantri", is_superuser=True)


@pytest.fixture
def body():
    return BodyFactory()


@pytest.fixture
def petition(body):
    # Received Monday 04/01/2027 10:00, no conference: 7 working days → Wednesday 13/01/2027.
    petition = DeadlinePetitionFactory(body=body, received_at=vn_time(2027, 1, 4, 10))
    assert petition.due_date == D(2027, 1, 13)
    return petition


@pytest.fixture
def conference(body):
    return ConferenceFactory(body=body, year=2027, starts_at=vn_time(2027, 6, 17, 8, 0),
                             status=Conference.Status.ELIGIBLE)


def add_day_off_in_admin(client, user, day="11/01/2027"):
    client.force_login(user)
    return client.post(reverse("admin:conferences_calendarentry_add"), {
        "date": day, "kind": CalendarEntry.Kind.DAY_OFF, "name": "Nghỉ bổ sung",
        "legal_basis": "Thông báo số 1/TB-BNV"})


class TestCalendarChange:
    def test_a_day_off_added_in_the_admin_moves_an_open_deadline(
            self, client, superuser, petition, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = add_day_off_in_admin(client, superuser)

        assert response.status_code == 302
        petition.refresh_from_db()
        assert petition.due_date == D(2027, 1, 14)
        event = petition.events.get()
        assert event.note == "Lịch làm việc thay đổi (11/01/2027): hạn 13/01/2027 → 14/01/2027"
        assert event.from_status == event.to_status == Status.RECEIVED

    def test_removing_the_day_off_through_the_service_moves_it_back(
            self, superuser, petition, django_capture_on_commit_callbacks):
        entry = CalendarEntry(date=D(2027, 1, 11), kind=CalendarEntry.Kind.DAY_OFF, name="Nghỉ bổ sung",
                              legal_basis="Thông báo số 1/TB-BNV")
        with django_capture_on_commit_callbacks(execute=True):
            conference_services.calendar_entry_save(entry=entry, user=superuser)
        with django_capture_on_commit_callbacks(execute=True):
            conference_services.calendar_entry_delete(entry=entry, user=superuser)

        petition.refresh_from_db()
        assert petition.due_date == D(2027, 1, 13)
        assert [e.note.rsplit(": ", 1)[1] for e in petition.events.all()] == [
            "hạn 13/01/2027 → 14/01/2027", "hạn 14/01/2027 → 13/01/2027"]

    def test_a_closed_petition_is_not_touched(self, client, superuser, body, django_capture_on_commit_callbacks):
        closed = DeadlinePetitionFactory(body=body, received_at=vn_time(2027, 1, 4, 10), status=Status.RESOLVED)
        with django_capture_on_commit_callbacks(execute=True):
            add_day_off_in_admin(client, superuser)
        closed.refresh_from_db()
        assert closed.due_date == D(2027, 1, 13)
        assert not closed.events.exists()

    def test_a_day_outside_the_window_changes_nothing(
            self, client, superuser, petition, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            add_day_off_in_admin(client, superuser, day="18/01/2027")
        petition.refresh_from_db()
        assert petition.due_date == D(2027, 1, 13)
        assert not PetitionEvent.objects.exists()

    def test_a_past_due_date_stays_past(self, client, superuser, petition, django_capture_on_commit_callbacks):
        with freeze_time("2027-01-20 03:00:00"), django_capture_on_commit_callbacks(execute=True):
            add_day_off_in_admin(client, superuser)
        petition.refresh_from_db()
        assert petition.due_date == D(2027, 1, 13)


class TestConferenceChange:
    def test_changing_the_conference_date_recomputes_its_petitions(
            self, conference, django_capture_on_commit_callbacks):
        timely = DeadlinePetitionFactory(body=conference.body, conference=conference,
                                         received_at=vn_time(2027, 5, 5, 9))
        other = DeadlinePetitionFactory(body=conference.body, received_at=vn_time(2027, 5, 5, 9))
        assert timely.due_date == D(2027, 6, 28)

        conference.starts_at = vn_time(2027, 6, 24, 8, 0)
        with django_capture_on_commit_callbacks(execute=True):
            conference.save()

        timely.refresh_from_db()
        assert timely.due_date == D(2027, 7, 5)
        note = timely.events.get().note
        assert "ngày họp 17/06/2027 → 24/06/2027" in note and note.endswith("hạn 28/06/2027 → 05/07/2027")
        assert not other.events.exists()

    def test_changing_a_deadline_setting_recomputes(self, conference, django_capture_on_commit_callbacks):
        petition = DeadlinePetitionFactory(body=conference.body, conference=conference,
                                           competence=Competence.COORDINATION, received_at=vn_time(2027, 5, 5, 9))
        conference.answer_coordination_working_days = 10
        with django_capture_on_commit_callbacks(execute=True):
            conference.save(update_fields=["answer_coordination_working_days"])
        petition.refresh_from_db()
        assert petition.due_date == D(2027, 7, 1)

    def test_a_threshold_change_queues_nothing(self, conference, django_capture_on_commit_callbacks):
        DeadlinePetitionFactory(body=conference.body, conference=conference, received_at=vn_time(2027, 5, 5, 9))
        conference.min_registrations = 10
        with mock.patch.object(tasks.recompute_due_dates, "delay") as delay, \
                django_capture_on_commit_callbacks(execute=True):
            conference.save()
        delay.assert_not_called()

    def test_a_stopped_conference_moves_open_petitions_to_the_no_conference_rules(
            self, conference, django_capture_on_commit_callbacks):
        early = DeadlinePetitionFactory(body=conference.body, conference=conference,
                                        received_at=vn_time(2027, 5, 5, 9))
        coordination = DeadlinePetitionFactory(body=conference.body, conference=conference,
                                               competence=Competence.COORDINATION,
                                               received_at=vn_time(2027, 5, 21, 18))  # after hours → 24/05
        closed = DeadlinePetitionFactory(body=conference.body, conference=conference,
                                         received_at=vn_time(2027, 5, 5, 9), status=Status.RESOLVED)

        conference.status = Conference.Status.STOPPED
        with django_capture_on_commit_callbacks(execute=True):
            conference.save(update_fields=["status"])

        early.refresh_from_db()
        coordination.refresh_from_db()
        closed.refresh_from_db()
        assert (early.deadline_rule, early.due_date) == (DeadlineRule.NO_CONFERENCE, D(2027, 5, 14))
        assert (coordination.deadline_rule, coordination.due_date) == (
            DeadlineRule.NO_CONFERENCE_COORDINATION, D(2027, 6, 11))
        assert "Đã dừng tổ chức" in early.events.get().note
        assert (closed.deadline_rule, closed.due_date) == (DeadlineRule.AFTER_CONFERENCE, D(2027, 6, 28))
        assert not closed.events.exists()

    def test_other_status_changes_send_nothing(self, conference, django_capture_on_commit_callbacks):
        conference.status = Conference.Status.HELD
        with mock.patch.object(tasks.recompute_due_dates, "delay") as delay, \
                django_capture_on_commit_callbacks(execute=True):
            conference.save(update_fields=["status"])
        delay.assert_not_called()


class TestBrokerDown:
    def test_the_admin_save_succeeds_and_the_command_catches_up(
            self, client, superuser, petition, caplog, django_capture_on_commit_callbacks):
        down = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        with mock.patch.object(tasks.recompute_due_dates, "delay", side_effect=down), \
                caplog.at_level(logging.ERROR, logger="petitions.deadlines.receivers"), \
                django_capture_on_commit_callbacks(execute=True):
            response = add_day_off_in_admin(client, superuser)

        assert response.status_code == 302
        assert CalendarEntry.objects.filter(date=D(2027, 1, 11)).exists()
        assert "Deadline recompute not queued" in caplog.text
        petition.refresh_from_db()
        assert petition.due_date == D(2027, 1, 13)

        call_command("recompute_due_dates", stdout=io.StringIO())
        petition.refresh_from_db()
        assert petition.due_date == D(2027, 1, 14)
        assert petition.events.get().note == "Rà soát lại hạn trả lời: hạn 13/01/2027 → 14/01/2027"

    def test_the_nightly_task_catches_up_too(self, petition):
        CalendarEntry.objects.create(date=D(2027, 1, 11), kind=CalendarEntry.Kind.DAY_OFF, name="Nghỉ",
                                     legal_basis="TB")  # on_commit never runs here: no recompute queued
        assert tasks.recompute_all_open.delay().get() == {"examined": 1, "changed": 1}
        assert Petition.objects.get(pk=petition.pk).due_date == D(2027, 1, 14)


class TestBodyChange:
    def test_a_body_setting_moves_its_petitions_without_conference_only(
            self, body, conference, petition, django_capture_on_commit_callbacks):
        with_conference = DeadlinePetitionFactory(body=body, conference=conference,
                                                  received_at=vn_time(2027, 5, 5, 9))
        body.no_conference_answer_working_days = 10
        with django_capture_on_commit_callbacks(execute=True):
            body.save()

        petition.refresh_from_db()
        with_conference.refresh_from_db()
        assert petition.due_date == D(2027, 1, 18)
        assert petition.events.get().note.startswith(f"Quy định của {body.name} thay đổi (")
        assert with_conference.due_date == D(2027, 6, 28)
        assert not with_conference.events.exists()


class TestConferenceAdmin:
    def test_moving_the_conference_in_the_admin_recomputes_its_petitions(
            self, client, superuser, conference, django_capture_on_commit_callbacks):
        from conferences.models import RuleSettings

        # Once the plan is sent the date moves only by postponement; a draft's date is edited in the form.
        Conference.objects.filter(pk=conference.pk).update(status=Conference.Status.DRAFT)
        petition = DeadlinePetitionFactory(body=conference.body, conference=conference,
                                           received_at=vn_time(2027, 5, 5, 9))
        data = {
            "body": conference.body_id, "year": 2027, "title": conference.title, "venue": conference.venue,
            "form": conference.form, "chair_name": "", "chair_title": "", "is_public": "on",
            "starts_at_0": "24/06/2027", "starts_at_1": "08:00",
            **{name: getattr(conference, name) for name in RuleSettings.rule_field_names()},
        }
        data["office_hours_end"] = "17:00"
        for prefix in ("agenda_items", "participants", "events", "tasks"):
            data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0, f"{prefix}-MIN_NUM_FORMS": 0,
                         f"{prefix}-MAX_NUM_FORMS": 1000})
        client.force_login(superuser)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("admin:conferences_conference_change", args=[conference.pk]), data)

        assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
        petition.refresh_from_db()
        assert petition.due_date == D(2027, 7, 5)
        assert "ngày họp 17/06/2027 → 24/06/2027" in petition.events.get().note
