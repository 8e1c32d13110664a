"""Recompute of open deadlines: rule choice, calendar changes, conference changes, closed and past petitions."""

from datetime import date

import pytest
from django.utils import timezone
from freezegun import freeze_time

from conferences.models import CalendarEntry, Conference
from petitions.deadlines.due_dates import petition_compute_due_date, petition_rule_for
from petitions.deadlines.recompute import (
    calendar_reason,
    open_petitions_affected_by_dates,
    petitions_recompute_due_dates,
)
from petitions.deadlines.rules import DeadlineRule
from petitions.models import Competence, Petition, PetitionEvent, Status
from tests.factories import BodyFactory, ConferenceFactory, DeadlinePetitionFactory, vn_time

pytestmark = pytest.mark.django_db
D = date


def day_off(day, name="Nghỉ bổ sung thử nghiệm"):
    return CalendarEntry.objects.create(date=day, kind=CalendarEntry.Kind.DAY_OFF, name=name,
                                        legal_basis="Thông báo thử nghiệm")


@pytest.fixture
def body():
    return BodyFactory()


@pytest.fixture
def conference(body):
    # Thursday 17/06/2027 08:00: cut-off 15 working days before is Thursday 27/05/2027.
    return ConferenceFactory(body=body, year=2027, starts_at=vn_time(2027, 6, 17, 8, 0),
                             status=Conference.Status.REGISTRATION_OPEN)


@freeze_time("2026-12-15 03:00:00")
class TestRuleChoice:
    def test_timely_petition_follows_the_conference(self, conference):
        petition = DeadlinePetitionFactory(body=conference.body, conference=conference,
                                           received_at=vn_time(2027, 5, 27, 16, 0))
        assert petition.deadline_rule == DeadlineRule.AFTER_CONFERENCE
        assert petition.due_date == D(2027, 6, 28)  # 7 working days after Thu 17/06

    def test_timely_petition_needing_coordination_has_15_days(self, conference):
        petition = DeadlinePetitionFactory(body=conference.body, conference=conference,
                                           competence=Competence.COORDINATION, received_at=vn_time(2027, 5, 5, 9))
        assert petition.deadline_rule == DeadlineRule.AFTER_CONFERENCE_COORDINATION
        assert petition.due_date == D(2027, 7, 8)

    def test_after_the_cutoff_counts_from_its_own_receipt_day(self, conference):
        # Received after office hours on the cut-off day: registered Friday 28/05, one day late.
        petition = DeadlinePetitionFactory(body=conference.body, conference=conference,
                                           received_at=vn_time(2027, 5, 27, 17, 30))
        assert petition.receipt_day == D(2027, 5, 28)
        assert petition.deadline_rule == DeadlineRule.NO_CONFERENCE
        assert petition.due_date == D(2027, 6, 8)

    def test_without_conference_coordination_has_14_days_from_receipt(self, body):
        petition = DeadlinePetitionFactory(body=body, competence=Competence.COORDINATION,
                                           received_at=vn_time(2027, 3, 6, 10))  # Saturday → Monday 08/03
        assert petition.receipt_day == D(2027, 3, 8)
        assert petition.deadline_rule == DeadlineRule.NO_CONFERENCE_COORDINATION
        assert petition.due_date == D(2027, 3, 26)

    def test_outside_competence_is_forwarded_within_5_days(self, conference):
        petition = DeadlinePetitionFactory(body=conference.body, conference=conference,
                                           competence=Competence.OUTSIDE, received_at=vn_time(2027, 5, 5, 9))
        assert petition.deadline_rule == DeadlineRule.OUTSIDE_COMPETENCE
        assert petition.due_date == D(2027, 5, 12)

    def test_written_answer_asked_after_oral_counts_from_the_request(self, conference):
        petition = DeadlinePetitionFactory(body=conference.body, conference=conference,
                                           received_at=vn_time(2027, 5, 5, 9),
                                           written_answer_requested_at=vn_time(2027, 6, 18, 9))
        assert petition.deadline_rule == DeadlineRule.WRITTEN_AFTER_ORAL
        assert petition.due_date == D(2027, 6, 29)

    def test_raised_in_the_hall_follows_the_conference(self, conference):
        petition = DeadlinePetitionFactory(body=conference.body, conference=conference, raised_at_conference=True,
                                           received_at=vn_time(2027, 6, 17, 9))
        assert petition.deadline_rule == DeadlineRule.AFTER_CONFERENCE

    def test_the_conference_own_settings_apply(self, conference):
        conference.answer_working_days = 10
        conference.save()
        petition = DeadlinePetitionFactory(body=conference.body, conference=conference,
                                           received_at=vn_time(2027, 5, 5, 9))
        assert petition.due_date == D(2027, 7, 1)
        assert petition_compute_due_date(petition) == D(2027, 7, 1)

    def test_body_settings_apply_without_conference(self, body):
        body.no_conference_answer_working_days = 3
        body.office_hours_end = vn_time(2027, 1, 1, 16, 0).time()
        body.save()
        petition = DeadlinePetitionFactory(body=body, received_at=vn_time(2027, 3, 8, 16, 30))
        assert petition.receipt_day == D(2027, 3, 9)
        assert petition.due_date == D(2027, 3, 12)

    @pytest.mark.parametrize("status", [Conference.Status.STOPPED, Conference.Status.NOT_ELIGIBLE])
    def test_a_conference_not_held_gives_the_no_conference_rules(self, conference, status):
        petition = DeadlinePetitionFactory(body=conference.body, conference=conference,
                                           received_at=vn_time(2027, 5, 5, 9))
        Conference.objects.filter(pk=conference.pk).update(status=status)
        petition = Petition.objects.get(pk=petition.pk)
        assert petition_rule_for(petition) == DeadlineRule.NO_CONFERENCE
        assert petition_compute_due_date(petition) == D(2027, 5, 14)


@freeze_time("2026-12-15 03:00:00")
class TestRecomputeService:
    def test_a_day_off_moves_an_open_deadline_and_writes_an_event(self, body):
        petition = DeadlinePetitionFactory(body=body, received_at=vn_time(2027, 1, 4, 10))
        assert petition.due_date == D(2027, 1, 13)
        day_off(D(2027, 1, 11))

        result = petitions_recompute_due_dates(reason=calendar_reason([D(2027, 1, 11)]))

        petition.refresh_from_db()
        assert (result.examined, result.changed) == (1, 1)
        assert petition.due_date == D(2027, 1, 14)
        event = petition.events.get()
        assert (event.from_status, event.to_status) == (Status.RECEIVED, Status.RECEIVED)
        assert event.created_at == petition.updated_at == timezone.now()
        assert event.actor is None
        assert event.note == "Lịch làm việc thay đổi (11/01/2027): hạn 13/01/2027 → 14/01/2027"

    def test_nothing_changed_writes_nothing(self, body):
        DeadlinePetitionFactory(body=body, received_at=vn_time(2027, 1, 4, 10))
        result = petitions_recompute_due_dates(reason="Rà soát")
        assert (result.examined, result.changed) == (1, 0)
        assert not PetitionEvent.objects.exists()

    @pytest.mark.parametrize("status", [Status.RESOLVED, Status.TRANSFERRED, Status.GUIDED, Status.NOT_ACCEPTED])
    def test_a_closed_petition_is_not_touched(self, body, status):
        petition = DeadlinePetitionFactory(body=body, received_at=vn_time(2027, 1, 4, 10), status=status)
        before = Petition.objects.filter(pk=petition.pk).values("due_date", "updated_at").get()
        day_off(D(2027, 1, 11))

        result = petitions_recompute_due_dates(reason="Lịch")

        assert result.examined == 0
        assert Petition.objects.filter(pk=petition.pk).values("due_date", "updated_at").get() == before
        assert not PetitionEvent.objects.exists()

    def test_escalated_is_still_open(self, body):
        petition = DeadlinePetitionFactory(body=body, received_at=vn_time(2027, 1, 4, 10), status=Status.ESCALATED)
        day_off(D(2027, 1, 11))
        petitions_recompute_due_dates(reason="Lịch")
        petition.refresh_from_db()
        assert petition.due_date == D(2027, 1, 14)

    def test_a_past_due_date_stays_past(self, body):
        petition = DeadlinePetitionFactory(body=body, received_at=vn_time(2027, 1, 4, 10))
        day_off(D(2027, 1, 11))

        with freeze_time("2027-01-20 03:00:00"):
            petitions_recompute_due_dates(reason=calendar_reason([D(2027, 1, 11)]))

        petition.refresh_from_db()
        assert petition.due_date == D(2027, 1, 13)
        assert not petition.events.exists()

    def test_a_past_due_date_stays_past_when_the_rule_changes(self, conference):
        petition = DeadlinePetitionFactory(body=conference.body, conference=conference,
                                           received_at=vn_time(2027, 5, 5, 9))
        assert petition.due_date == D(2027, 6, 28)
        Conference.objects.filter(pk=conference.pk).update(status=Conference.Status.STOPPED)

        with freeze_time("2027-07-01 03:00:00"):
            petitions_recompute_due_dates(reason="Hội nghị dừng")

        petition.refresh_from_db()
        # The no-conference rule would give 14/05; the earlier date is taken (still past, shown late).
        assert petition.deadline_rule == DeadlineRule.NO_CONFERENCE
        assert petition.due_date == D(2027, 5, 14)
        assert "quy tắc tính hạn" in petition.events.get().note

    def test_only_the_given_petitions(self, body):
        first = DeadlinePetitionFactory(body=body, received_at=vn_time(2027, 1, 4, 10))
        second = DeadlinePetitionFactory(body=body, received_at=vn_time(2027, 1, 4, 10))
        day_off(D(2027, 1, 11))

        petitions_recompute_due_dates(reason="Lịch", petition_ids=[first.pk])

        assert Petition.objects.get(pk=first.pk).due_date == D(2027, 1, 14)
        assert Petition.objects.get(pk=second.pk).due_date == D(2027, 1, 13)

    def test_chunks_cover_every_petition(self, body):
        petitions = [DeadlinePetitionFactory(body=body, received_at=vn_time(2027, 1, 4, 10)) for _ in range(5)]
        day_off(D(2027, 1, 11))
        result = petitions_recompute_due_dates(reason="Lịch", chunk_size=2)
        assert (result.examined, result.changed) == (5, 5)
        assert set(Petition.objects.values_list("due_date", flat=True)) == {D(2027, 1, 14)}
        assert PetitionEvent.objects.filter(petition__in=petitions).count() == 5

    def test_query_count_does_not_grow_with_petitions(self, body, django_assert_max_num_queries):
        for _ in range(30):
            DeadlinePetitionFactory(body=body, received_at=vn_time(2027, 1, 4, 10))
        day_off(D(2027, 1, 11))
        from conferences.calendar import workdays

        workdays.is_working_day(D(2027, 1, 11))  # the calendar year is built outside the counted queries
        with django_assert_max_num_queries(12):
            result = petitions_recompute_due_dates(reason="Lịch")
        assert result.changed == 30


@freeze_time("2026-12-15 03:00:00")
class TestAffectedByDates:
    def test_window_selection(self, body, conference):
        inside = DeadlinePetitionFactory(body=body, received_at=vn_time(2027, 1, 4, 10))  # due 13/01
        finished_before = DeadlinePetitionFactory(body=body, received_at=vn_time(2026, 12, 16, 10))  # due 25/12
        received_after = DeadlinePetitionFactory(body=body, received_at=vn_time(2027, 1, 12, 10))
        timely = DeadlinePetitionFactory(body=body, conference=conference, received_at=vn_time(2027, 5, 5, 9))
        late = DeadlinePetitionFactory(body=body, conference=conference, received_at=vn_time(2027, 6, 1, 9))

        ids = set(open_petitions_affected_by_dates([D(2027, 1, 11)]).values_list("pk", flat=True))
        assert ids == {inside.pk}
        # A day inside the cut-off window of the conference concerns its petitions received later too.
        ids = set(open_petitions_affected_by_dates([D(2027, 5, 31)]).values_list("pk", flat=True))
        assert {timely.pk, late.pk} <= ids
        assert finished_before.pk not in ids and received_after.pk not in ids


@freeze_time("2026-12-15 03:00:00")
class TestConcurrentEdits:
    @pytest.fixture(autouse=True)
    def _postgresql_only(self):
        from django.db import connection

        from tests.conftest import require_service

        require_service("PostgreSQL", connection.vendor == "postgresql",
                        "the optimistic write path is PostgreSQL's (SQLite holds the write lock instead)")

    def test_a_petition_edited_or_closed_after_it_was_read_is_left_to_its_own_service(self, body):
        from datetime import timedelta

        from petitions.deadlines.recompute import _Row, _write_postgresql

        edited = DeadlinePetitionFactory(body=body, received_at=vn_time(2027, 1, 4, 10))
        closed = DeadlinePetitionFactory(body=body, received_at=vn_time(2027, 1, 4, 10))
        untouched = DeadlinePetitionFactory(body=body, received_at=vn_time(2027, 1, 4, 10))
        read = {row.pk: row for row in map(_Row, Petition.objects.values_list(*_Row.FIELDS))}
        Petition.objects.filter(pk=edited.pk).update(updated_at=timezone.now() + timedelta(seconds=1))
        Petition.objects.filter(pk=closed.pk).update(status=Status.RESOLVED)
        for row in read.values():
            row.due_date = D(2027, 1, 20)

        written = _write_postgresql([(row, "ghi chú") for row in read.values()], actor_id=None, now=timezone.now())

        assert [row.pk for row, _note in written] == [untouched.pk]
        assert Petition.objects.get(pk=untouched.pk).due_date == D(2027, 1, 20)
        assert Petition.objects.get(pk=edited.pk).due_date == D(2027, 1, 13)
        assert Petition.objects.get(pk=closed.pk).due_date == D(2027, 1, 13)
        assert list(PetitionEvent.objects.values_list("petition_id", flat=True)) == [untouched.pk]
