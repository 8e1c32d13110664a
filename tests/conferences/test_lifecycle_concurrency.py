"""Under real row locks (PostgreSQL): reminders and postponements racing each other happen once."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from conferences.common.errors import ConferenceError
from conferences.lifecycle import checklist
from conferences.lifecycle.services import conference_transition
from conferences.models import Conference, ConferenceTask, OutboxMessage, Unit
from tests.conftest import require_service
from tests.factories import BodyFactory, ConferenceFactory, UnitFactory, staff_user

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def race(workers, target):
    barrier = threading.Barrier(workers)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(target())
        except Exception as exc:  # collected: the caller asserts what was expected
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def needs_postgres():
    require_service("PostgreSQL", connection.vendor == "postgresql",
                    "row locks need PostgreSQL (DATABASE_URL=postgres://…); SQLite runs the sequential tests")


def test_reminder_scans_running_together_send_each_reminder_once():
    needs_postgres()
    body = BodyFactory()
    kt = UnitFactory(body=body, code="KT", kind=Unit.Kind.ECONOMIC)
    user = staff_user(body, "Phòng Kinh tế", unit=kt)
    user.email = "kt@example.vn"
    user.save()
    conference = ConferenceFactory(body=body)
    for i in range(5):
        ConferenceTask.objects.create(conference=conference, unit=kt, title=f"Việc {i}",
                                      due_date=timezone.localdate())
    results, errors = race(4, checklist.task_reminders_send)
    assert errors == []
    # A task another scan held locked is skipped, not waited for; the next scan picks up anything skipped.
    # What must hold: every task reminded exactly once in all.
    later = checklist.task_reminders_send()
    assert sum(results) + later == 5
    assert checklist.task_reminders_send() == 0
    assert OutboxMessage.objects.count() == 5
    assert not ConferenceTask.objects.filter(reminder_sent_at__isnull=True).exists()


def test_two_postponements_at_once_only_one_counts():
    needs_postgres()
    conference = ConferenceFactory(status=Conference.Status.REGISTRATION_OPEN,
                                   starts_at=timezone.make_aware(datetime.datetime(2026, 6, 18, 8)))

    def postpone():
        # `now` is passed rather than frozen: freezing the clock is process-wide, not per thread.
        return conference_transition(
            conference=Conference.objects.get(pk=conference.pk), to_status=Conference.Status.POSTPONED,
            note="Hoãn", starts_at=timezone.make_aware(datetime.datetime(2026, 9, 17, 8)),
            now=timezone.make_aware(datetime.datetime(2026, 5, 20, 9)))

    results, errors = race(3, postpone)
    assert len(results) == 1
    assert len(errors) == 2 and all(isinstance(e, ConferenceError) for e in errors)
    conference.refresh_from_db()
    assert conference.postponement_count == 1
    assert conference.events.filter(to_status=Conference.Status.POSTPONED).count() == 1
