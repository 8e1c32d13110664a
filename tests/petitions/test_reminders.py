"""Petition alerts: new-petition notices and unit digests, sent once even when the task runs twice."""

import datetime

import pytest
from django.utils import timezone

from conferences.outbox.models import OutboxMessage
from petitions.models import PetitionReminder, Status
from petitions.tasks import petition_reminders
from petitions.triage.reminders import new_petition_notices_send, unit_digests_send
from tests.factories import PetitionFactory, ScopingWorld

pytestmark = pytest.mark.django_db

MONDAY_8 = timezone.make_aware(datetime.datetime(2026, 6, 22, 8, 0))  # a working day, after the digest hour
MONDAY_6 = timezone.make_aware(datetime.datetime(2026, 6, 22, 6, 0))  # before it
TUESDAY_8 = timezone.make_aware(datetime.datetime(2026, 6, 23, 8, 0))
SATURDAY_8 = timezone.make_aware(datetime.datetime(2026, 6, 27, 8, 0))


@pytest.fixture
def world(calendar_2026):
    w = ScopingWorld()
    for user, email in ((w.economic, "kinhte@haihung.gov.vn"), (w.handler, "pvhcc@haihung.gov.vn"),
                        (w.hd_economic, "kinhte@hadong.gov.vn")):
        user.email = email
        user.save()
    return w


def mails(to=None, **filters):
    qs = OutboxMessage.objects.filter(channel="email", **filters).order_by("pk")
    return list(qs.filter(recipient=to) if to else qs)


def test_immediate_notice_per_new_petition_once(world, settings):
    settings.PETITION_NEW_NOTICE = "immediate"
    assert new_petition_notices_send(now=MONDAY_6) == 4  # immediate mode ignores the digest hour
    assert new_petition_notices_send(now=MONDAY_6) == 0
    to_hh = mails("kinhte@haihung.gov.vn")
    assert len(to_hh) == 3
    assert {m.subject.split()[3] for m in to_hh} == {world.p_kt.code, world.p_pv.code, world.p_coord.code}
    assert len(mails("kinhte@hadong.gov.vn")) == 1  # each body's Phòng Kinh tế hears of its own
    assert PetitionReminder.objects.filter(kind="new").count() == 4
    later = PetitionFactory(body=world.hh)
    assert new_petition_notices_send(now=MONDAY_6) == 1
    assert later.code in mails("kinhte@haihung.gov.vn")[-1].subject


def test_digest_of_new_petitions_once_a_working_day(world, settings):
    settings.PETITION_NEW_NOTICE = "digest"
    assert new_petition_notices_send(now=MONDAY_6) == 0  # before the digest hour
    assert new_petition_notices_send(now=MONDAY_8) == 4
    assert new_petition_notices_send(now=MONDAY_8) == 0
    digest = mails("kinhte@haihung.gov.vn")
    assert len(digest) == 1 and "3 kiến nghị mới" in digest[0].subject
    assert all(p.code in digest[0].text for p in (world.p_kt, world.p_pv, world.p_coord))
    late_arrival = PetitionFactory(body=world.hh)
    assert new_petition_notices_send(now=MONDAY_8 + datetime.timedelta(hours=3)) == 0  # waits for tomorrow
    assert new_petition_notices_send(now=SATURDAY_8) == 0  # no digest on a day off
    assert new_petition_notices_send(now=TUESDAY_8) == 1
    assert late_arrival.code in mails("kinhte@haihung.gov.vn")[-1].text


def test_body_without_address_is_caught_up_later(world, settings):
    settings.PETITION_NEW_NOTICE = "immediate"
    world.economic.email = ""
    world.economic.save()
    new_petition_notices_send(now=MONDAY_8)
    assert not PetitionReminder.objects.filter(petition__body=world.hh).exists()
    world.hh.email = "ubnd@haihung.gov.vn"
    world.hh.save()
    assert new_petition_notices_send(now=MONDAY_8) == 3
    assert len(mails("ubnd@haihung.gov.vn")) == 3


@pytest.fixture
def due_world(world):
    """p_pv (unit PVHCC leads) 1 day late; p_coord (PVHCC coordinates) due in 2 working days; a third far off."""
    world.p_pv.due_date = datetime.date(2026, 6, 19)
    world.p_pv.status = Status.ASSIGNED
    world.p_pv.save()
    world.p_coord.due_date = datetime.date(2026, 6, 24)
    world.p_coord.save()
    world.far = PetitionFactory(body=world.hh, lead_unit=world.pv, due_date=datetime.date(2026, 7, 20))
    world.closed = PetitionFactory(body=world.hh, lead_unit=world.pv, due_date=datetime.date(2026, 6, 1),
                                   status=Status.RESOLVED)
    return world


def test_unit_digest_lists_due_and_late_and_is_sent_once_when_run_twice(due_world):
    w = due_world
    assert unit_digests_send(now=MONDAY_8) == 2  # PVHCC, and KT (lead of p_coord)
    assert unit_digests_send(now=MONDAY_8) == 0
    digest = mails("pvhcc@haihung.gov.vn")
    assert len(digest) == 1
    text = digest[0].text
    assert f"[MỚI] {w.p_pv.code}" in text and "trễ 3 ngày" in text
    assert f"[MỚI] {w.p_coord.code}" in text and "còn 2 ngày làm việc" in text
    assert w.far.code not in text and w.closed.code not in text
    assert set(PetitionReminder.objects.filter(kind__in=["late", "due_soon"]).values_list(
        "petition__code", "kind", "unit")) == {(w.p_pv.code, "late", w.pv.pk), (w.p_coord.code, "due_soon", w.pv.pk),
                                               (w.p_coord.code, "due_soon", w.kt.pk)}


def test_the_task_run_twice_sends_each_reminder_once(due_world, settings):
    settings.PETITION_NEW_NOTICE = "immediate"
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=MONDAY_8):
        petition_reminders.apply()
        before = OutboxMessage.objects.count()
        petition_reminders.apply()
    assert OutboxMessage.objects.count() == before
    assert len(mails("pvhcc@haihung.gov.vn")) == 1
    assert PetitionReminder.objects.filter(kind="late").count() == 1


def test_next_working_day_digest_repeats_without_new_reminders(due_world):
    w = due_world
    unit_digests_send(now=MONDAY_8)
    assert unit_digests_send(now=SATURDAY_8) == 0
    assert unit_digests_send(now=TUESDAY_8) == 2
    tuesday = mails("pvhcc@haihung.gov.vn")[-1].text
    assert "[MỚI]" not in tuesday and w.p_pv.code in tuesday and "trễ 4 ngày" in tuesday
    assert PetitionReminder.objects.filter(kind__in=["late", "due_soon"]).count() == 3


def test_a_missed_run_is_caught_up_and_a_new_due_date_earns_a_new_reminder(due_world):
    w = due_world
    # Nothing ran on Monday; Tuesday's run finds everything still due.
    assert unit_digests_send(now=TUESDAY_8) == 2
    assert w.p_coord.code in mails("pvhcc@haihung.gov.vn")[-1].text
    w.p_coord.due_date = datetime.date(2026, 6, 25)
    w.p_coord.save()
    unit_digests_send(now=TUESDAY_8 + datetime.timedelta(days=1))
    assert PetitionReminder.objects.filter(petition=w.p_coord, kind="due_soon", unit=w.pv).count() == 2
    assert f"[MỚI] {w.p_coord.code}" in mails("pvhcc@haihung.gov.vn")[-1].text


def test_the_schedule_is_registered():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="petitions.tasks.petition_reminders")
    assert task.enabled and task.interval.every == 10


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_one_digest(calendar_2026):
    import threading

    from django.db import connection

    from conferences.models import StaffProfile
    from tests.conftest import require_service
    from tests.factories import BodyFactory, UnitFactory, UserFactory

    require_service("PostgreSQL", connection.vendor == "postgresql",
                    "row locks need PostgreSQL (DATABASE_URL=postgres://…); SQLite runs the sequential tests")
    body = BodyFactory()
    unit = UnitFactory(body=body)
    StaffProfile.objects.create(user=UserFactory(email="donvi@example.vn"), body=body, unit=unit)
    for day in (19, 22, 23):
        PetitionFactory(body=body, lead_unit=unit, due_date=datetime.date(2026, 6, day))
    workers = 4
    barrier = threading.Barrier(workers)
    errors = []

    def run():
        try:
            barrier.wait()
            unit_digests_send(now=MONDAY_8)
        except Exception as exc:  # a duplicate marker or a deadlock must fail the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert OutboxMessage.objects.filter(recipient="donvi@example.vn").count() == 1
    assert PetitionReminder.objects.filter(unit=unit).count() == 3
