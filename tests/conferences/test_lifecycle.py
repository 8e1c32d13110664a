"""Conference lifecycle: the transitions table, its guards, postponement, stopping, cut-off task, reminders."""

import datetime

import pytest
from django.utils import timezone
from freezegun import freeze_time

from conferences.common.errors import ConferenceError
from conferences.lifecycle import checklist
from conferences.lifecycle import services as lifecycle
from conferences.lifecycle.services import conference_transition
from conferences.models import Conference, ConferenceEvent, ConferenceTask, OutboxMessage, Unit
from conferences.signals import conference_rules_changed
from tests.factories import (
    BodyFactory,
    ConferenceFactory,
    PetitionFactory,
    RegistrationFactory,
    UnitFactory,
    UserFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db
S = Conference.Status


def local(y, m, d, hh=9, mm=0):
    return timezone.make_aware(datetime.datetime(y, m, d, hh, mm))


@pytest.fixture
def body():
    body = BodyFactory(email="ubnd@haihung.example.vn")
    kt = UnitFactory(body=body, name="Phòng Kinh tế", code="KT", kind=Unit.Kind.ECONOMIC)
    UnitFactory(body=body, name="Văn phòng HĐND và UBND", code="VP", kind=Unit.Kind.OFFICE)
    user = staff_user(body, "Phòng Kinh tế", unit=kt)
    user.email = "kinhte@haihung.example.vn"
    user.save()
    return body


@pytest.fixture
def conference(body):
    return ConferenceFactory(body=body, status=S.DRAFT, starts_at=local(2026, 6, 18, 8))


@pytest.fixture
def actor():
    return UserFactory()


def eligible_world(conference, organisations=15, petitions=5):
    registrations = [RegistrationFactory(conference=conference, received_at=local(2026, 5, 4))
                     for _ in range(organisations)]
    for registration in registrations[:petitions]:
        PetitionFactory(body=conference.body, conference=conference, registration=registration,
                        tax_code=registration.tax_code, received_at=local(2026, 5, 5))
    return registrations


def walk(conference, actor, *steps):
    for status, moment, data in steps:
        with freeze_time(moment):
            conference_transition(conference=conference, to_status=status, actor=actor, **data)


def test_walk_from_draft_to_reported_writes_one_event_per_step(conference, actor):
    eligible_world(conference)
    walk(conference, actor,
         (S.PLAN_SENT, local(2026, 3, 2), {"plan_number": "05/KH-UBND", "plan_date": datetime.date(2026, 3, 2)}),
         (S.NOTICE_PUBLISHED, local(2026, 4, 20), {}),
         (S.REGISTRATION_OPEN, local(2026, 4, 20), {}),
         (S.CUTOFF_PASSED, local(2026, 5, 29), {}),
         (S.ELIGIBLE, local(2026, 5, 29), {}),
         (S.HELD, local(2026, 6, 18, 11), {}),
         (S.CONCLUDED, local(2026, 6, 22), {}),
         (S.REPORTED, local(2026, 6, 25), {}))
    conference.refresh_from_db()
    assert conference.status == S.REPORTED
    assert (conference.plan_number, conference.plan_sent_on) == ("05/KH-UBND", datetime.date(2026, 3, 2))
    events = list(conference.events.values_list("from_status", "to_status"))
    assert events == [("draft", "plan_sent"), ("plan_sent", "notice_published"),
                      ("notice_published", "registration_open"), ("registration_open", "cutoff_passed"),
                      ("cutoff_passed", "eligible"), ("eligible", "held"), ("held", "concluded"),
                      ("concluded", "reported")]
    assert set(conference.events.values_list("actor", flat=True)) == {actor.pk}
    assert "15/15" in conference.events.get(to_status=S.ELIGIBLE).note


@pytest.mark.parametrize(("start", "target"), [
    (S.DRAFT, S.HELD), (S.DRAFT, S.NOTICE_PUBLISHED), (S.REGISTRATION_OPEN, S.ELIGIBLE),
    (S.HELD, S.POSTPONED), (S.REPORTED, S.DRAFT), (S.STOPPED, S.REGISTRATION_OPEN), (S.NOT_ELIGIBLE, S.HELD),
])
def test_forbidden_moves_are_refused_with_a_message_and_leave_no_trace(conference, actor, start, target):
    Conference.objects.filter(pk=conference.pk).update(status=start)
    conference.refresh_from_db()
    with pytest.raises(ConferenceError, match="Không thể chuyển hội nghị từ"):
        conference_transition(conference=conference, to_status=target, actor=actor, note="x")
    conference.refresh_from_db()
    assert conference.status == start
    assert not conference.events.exists()


def test_every_status_has_a_row_in_the_table():
    assert set(lifecycle.TRANSITIONS) == set(S.values)


def test_plan_needs_its_number_and_late_plans_are_noted(conference, actor):
    with pytest.raises(ConferenceError, match="số Kế hoạch"):
        conference_transition(conference=conference, to_status=S.PLAN_SENT, actor=actor)
    with freeze_time(local(2026, 4, 20)):
        conference_transition(conference=conference, to_status=S.PLAN_SENT, actor=actor, plan_number="07/KH-UBND")
    assert "sau hạn 15/04/2026" in conference.events.get().note


def test_plan_sent_creates_the_tasks_per_unit_with_due_dates(conference, actor):
    with freeze_time(local(2026, 2, 10)):
        conference_transition(conference=conference, to_status=S.PLAN_SENT, actor=actor, plan_number="05/KH-UBND")
    tasks = {t.title: t for t in conference.tasks.select_related("unit")}
    assert len(tasks) == len(conference.body.default_tasks)
    notice = tasks["Tham mưu ban hành Thông báo tổ chức Hội nghị"]
    assert notice.due_date == datetime.date(2026, 5, 19)  # 30 calendar days before 18/6
    assert notice.unit.code == "VP"
    report = next(t for title, t in tasks.items() if title.startswith("Báo cáo kết quả Hội nghị"))
    assert report.due_date == datetime.date(2026, 6, 29)  # 7 working days after Thursday 18/6
    assert report.unit.code == "KT"
    assert tasks["Xây dựng Kế hoạch tổ chức Hội nghị, gửi Sở Tài chính tổng hợp"].due_date == datetime.date(2026, 4, 15)


def test_notice_is_refused_when_fewer_than_the_lead_days_remain(conference, actor):
    Conference.objects.filter(pk=conference.pk).update(status=S.PLAN_SENT)
    conference.refresh_from_db()
    with freeze_time(local(2026, 5, 20)), pytest.raises(ConferenceError, match="chỉ còn 29 ngày"):
        conference_transition(conference=conference, to_status=S.NOTICE_PUBLISHED, actor=actor)
    with freeze_time(local(2026, 5, 19)):
        conference_transition(conference=conference, to_status=S.NOTICE_PUBLISHED, actor=actor)
    assert conference.status == S.NOTICE_PUBLISHED


def test_cutoff_cannot_pass_early_and_eligibility_is_checked(conference, actor):
    eligible_world(conference, organisations=14)
    Conference.objects.filter(pk=conference.pk).update(status=S.REGISTRATION_OPEN)
    conference.refresh_from_db()
    with freeze_time(local(2026, 5, 28, 16)), pytest.raises(ConferenceError, match="Chưa hết hạn"):
        conference_transition(conference=conference, to_status=S.CUTOFF_PASSED, actor=actor)
    with freeze_time(local(2026, 5, 28, 17, 1)):
        conference_transition(conference=conference, to_status=S.CUTOFF_PASSED, actor=actor)
        with pytest.raises(ConferenceError, match="chưa đủ điều kiện.*14/15"):
            conference_transition(conference=conference, to_status=S.ELIGIBLE, actor=actor)


def signals_received(django_capture_on_commit_callbacks, action):
    """Run `action`, then its on-commit callbacks; returns the conference_rules_changed (id, changes) sent."""
    received = []

    def handler(sender, **kwargs):
        received.append((kwargs["conference_id"], kwargs["changes"]))

    conference_rules_changed.connect(handler)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            action()
    finally:
        conference_rules_changed.disconnect(handler)
    return received


def test_not_eligible_notifies_economic_unit_once_and_moves_petitions_rules(
        conference, actor, django_capture_on_commit_callbacks):
    eligible_world(conference, organisations=15, petitions=4)
    Conference.objects.filter(pk=conference.pk).update(status=S.REGISTRATION_OPEN)

    def evaluate_twice():
        with freeze_time(local(2026, 5, 29, 0, 15)):
            assert lifecycle.conferences_evaluate_cutoffs() == 1
            assert lifecycle.conferences_evaluate_cutoffs() == 0  # the task ran twice

    received = signals_received(django_capture_on_commit_callbacks, evaluate_twice)
    conference.refresh_from_db()
    assert conference.status == S.NOT_ELIGIBLE
    # The petitions hear once that the conference will not be held (cut-off passed is no change of rules).
    assert received == [(conference.pk, {"status": (S.CUTOFF_PASSED, S.NOT_ELIGIBLE)})]
    messages = OutboxMessage.objects.filter(dedup_key__contains="not_eligible")
    assert [m.recipient for m in messages] == ["kinhte@haihung.example.vn"]
    assert "4/5" in messages[0].text and "không đủ điều kiện" in messages[0].subject
    notes = list(conference.events.values_list("to_status", flat=True))
    assert notes == [S.CUTOFF_PASSED, S.NOT_ELIGIBLE]


def test_periodic_evaluation_does_nothing_before_the_cutoff_and_finds_eligible(conference):
    eligible_world(conference)
    Conference.objects.filter(pk=conference.pk).update(status=S.REGISTRATION_OPEN)
    with freeze_time(local(2026, 5, 28, 12)):
        assert lifecycle.conferences_evaluate_cutoffs() == 0
    with freeze_time(local(2026, 6, 2)):  # missed runs: caught up days later
        assert lifecycle.conferences_evaluate_cutoffs() == 1
    conference.refresh_from_db()
    assert conference.status == S.ELIGIBLE
    assert not OutboxMessage.objects.exists()


def test_postponement_carries_registrations_and_petitions_over_and_is_limited(conference, actor):
    registrations = eligible_world(conference, organisations=3, petitions=2)
    Conference.objects.filter(pk=conference.pk).update(status=S.PLAN_SENT)
    conference.refresh_from_db()
    checklist.conference_tasks_create_defaults(conference=conference)
    new_start = local(2026, 9, 17, 8)
    with freeze_time(local(2026, 5, 20)):
        with pytest.raises(ConferenceError, match="lý do"):
            conference_transition(conference=conference, to_status=S.POSTPONED, actor=actor, starts_at=new_start)
        conference_transition(conference=conference, to_status=S.POSTPONED, actor=actor,
                              note="Chưa đủ doanh nghiệp đăng ký", starts_at=new_start)
    conference.refresh_from_db()
    assert conference.starts_at == new_start
    assert conference.previous_starts_at == local(2026, 6, 18, 8)
    assert conference.postponement_count == 1
    assert conference.registrations.count() == 3
    assert conference.petitions.count() == 2
    assert {r.conference_id for r in registrations} == {conference.pk}
    notice_task = conference.tasks.get(title="Tham mưu ban hành Thông báo tổ chức Hội nghị")
    assert notice_task.due_date == datetime.date(2026, 8, 18)
    event = conference.events.get(to_status=S.POSTPONED)
    assert "Chưa đủ doanh nghiệp đăng ký" in event.note and "17/09/2026" in event.note
    with freeze_time(local(2026, 7, 1)):
        conference_transition(conference=conference, to_status=S.NOTICE_PUBLISHED, actor=actor)
        conference_transition(conference=conference, to_status=S.REGISTRATION_OPEN, actor=actor)
        with pytest.raises(ConferenceError, match="không được hoãn thêm"):
            conference_transition(conference=conference, to_status=S.POSTPONED, actor=actor, note="Lần hai",
                                  starts_at=local(2026, 11, 19, 8))
    conference.refresh_from_db()
    assert (conference.status, conference.postponement_count) == (S.REGISTRATION_OPEN, 1)


def test_postponement_to_another_year_or_the_past_is_refused(conference, actor):
    Conference.objects.filter(pk=conference.pk).update(status=S.REGISTRATION_OPEN)
    conference.refresh_from_db()
    with freeze_time(local(2026, 5, 20)):
        for when in (local(2027, 1, 14, 8), local(2026, 5, 1, 8)):
            with pytest.raises(ConferenceError):
                conference_transition(conference=conference, to_status=S.POSTPONED, actor=actor, note="x",
                                      starts_at=when)


def test_stopping_needs_a_reason_and_sends_the_rules_signal(conference, actor, django_capture_on_commit_callbacks):
    def stop():
        with pytest.raises(ConferenceError, match="lý do"):
            conference_transition(conference=conference, to_status=S.STOPPED, actor=actor)
        conference_transition(conference=conference, to_status=S.STOPPED, actor=actor, note="Không đủ điều kiện")

    received = signals_received(django_capture_on_commit_callbacks, stop)
    assert received == [(conference.pk, {"status": (S.DRAFT, S.STOPPED)})]
    assert ConferenceEvent.objects.filter(conference=conference, to_status=S.STOPPED).count() == 1


def test_reminders_are_sent_once_when_the_task_runs_twice_and_catch_up(conference, actor, body):
    kt = Unit.objects.get(body=body, code="KT")
    Conference.objects.filter(pk=conference.pk).update(status=S.REGISTRATION_OPEN)
    soon = ConferenceTask.objects.create(conference=conference, unit=kt, title="Tổng hợp kiến nghị",
                                         due_date=datetime.date(2026, 6, 10))
    overdue = ConferenceTask.objects.create(conference=conference, unit=kt, title="Lập danh sách mời",
                                            due_date=datetime.date(2026, 5, 28))
    later = ConferenceTask.objects.create(conference=conference, unit=kt, title="Chuẩn bị hội trường",
                                          due_date=datetime.date(2026, 6, 17))
    done = ConferenceTask.objects.create(conference=conference, unit=kt, title="Đã xong",
                                         due_date=datetime.date(2026, 6, 1), done_at=timezone.now())
    with freeze_time(local(2026, 6, 8)):
        assert checklist.task_reminders_send() == 2
        assert checklist.task_reminders_send() == 0
    subjects = sorted(OutboxMessage.objects.values_list("subject", flat=True))
    assert subjects == ["Nhắc việc: Tổng hợp kiến nghị (hạn 10/06/2026)",
                        "Quá hạn: Lập danh sách mời (hạn 28/05/2026)"]
    assert set(OutboxMessage.objects.values_list("recipient", flat=True)) == {"kinhte@haihung.example.vn"}
    for task in (soon, overdue, later, done):
        task.refresh_from_db()
    assert soon.reminder_sent_at and overdue.reminder_sent_at
    assert later.reminder_sent_at is None and done.reminder_sent_at is None


def test_periodic_tasks_are_scheduled_by_migration():
    from django_celery_beat.models import PeriodicTask

    import conferences.tasks  # noqa: F401  (registers the tasks, as the worker's autodiscovery does)
    from dialogue_portal.celery import app

    tasks = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {"conferences.tasks.conference_cutoffs_evaluate", "conferences.tasks.conference_task_reminders"} <= tasks
    assert "conferences.tasks.conference_task_reminders" in app.tasks


def test_postponement_tells_the_petitions_of_the_new_date(conference, actor, django_capture_on_commit_callbacks):
    Conference.objects.filter(pk=conference.pk).update(status=S.REGISTRATION_OPEN)
    conference.refresh_from_db()

    def postpone():
        with freeze_time(local(2026, 5, 20)):
            conference_transition(conference=conference, to_status=S.POSTPONED, actor=actor, note="Mưa bão",
                                  starts_at=local(2026, 9, 17, 8))

    received = signals_received(django_capture_on_commit_callbacks, postpone)
    assert received == [(conference.pk, {"starts_at": (local(2026, 6, 18, 8), local(2026, 9, 17, 8))})]
