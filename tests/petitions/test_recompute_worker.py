"""The recompute task in a real Celery worker (another process) sees a calendar change made in this one."""

import os
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path
from unittest import mock

import pytest

from conferences.calendar import services as conference_services
from conferences.models import CalendarEntry, WorkerHeartbeat
from conferences.tasks import heartbeat
from dialogue_portal.celery import app
from petitions import tasks
from petitions.models import Petition
from tests.factories import BodyFactory, DeadlinePetitionFactory, UserFactory, vn_time
from tests.skeleton.test_celery_roundtrip import database_url_for_worker

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker(redis_url):
    """A worker on a queue of its own that would not re-read the calendar version for an hour by itself, so only
    the task's own `workdays.refresh()` can make it see the change."""
    queue = f"dp-test-recompute-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dialogue_portal.settings.test",
           "DATABASE_URL": database_url_for_worker(), "REDIS_URL": redis_url,
           "CALENDAR_CACHE_RECHECK_SECONDS": "3600"}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "dialogue_portal", "worker", "--pool=solo", "-Q", queue,
         "--without-mingle", "--without-gossip", "--without-heartbeat", "-l", "info", "-n", f"{queue}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield queue, process
    finally:
        app.conf.task_always_eager = previous
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def run_in_worker(queue, process, **kwargs):
    """Queue a recompute then a heartbeat on the worker's queue (solo pool: in order); wait for the heartbeat."""
    tasks.recompute_due_dates.apply_async(kwargs=kwargs, queue=queue)
    name = f"after-recompute-{uuid.uuid4().hex[:8]}"
    heartbeat.apply_async(args=[name], queue=queue)
    deadline = time.monotonic() + 60
    while not WorkerHeartbeat.objects.filter(name=name).exists():
        assert process.poll() is None, f"worker died:\n{process.stdout.read()}"
        assert time.monotonic() < deadline, "the worker did not run the tasks within 60 s"
        time.sleep(0.3)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_worker_recomputes_with_the_calendar_just_changed(worker):
    queue, process = worker
    petition = DeadlinePetitionFactory(body=BodyFactory(), received_at=vn_time(2035, 1, 8, 10))
    assert petition.due_date == date(2035, 1, 17)
    # The worker builds its 2035 calendar before the change.
    run_in_worker(queue, process, dates=["2035-01-15"], reason="Trước khi đổi lịch")
    assert Petition.objects.get(pk=petition.pk).due_date == date(2035, 1, 17)

    entry = CalendarEntry(date=date(2035, 1, 15), kind=CalendarEntry.Kind.DAY_OFF, name="Nghỉ bổ sung",
                          legal_basis="Thông báo thử nghiệm")
    # Keep the signal's own task off the shared default queue; the test queues it on its worker's queue.
    with mock.patch.object(tasks.recompute_due_dates, "delay"):
        conference_services.calendar_entry_save(entry=entry, user=UserFactory(is_superuser=True))
    run_in_worker(queue, process, dates=["2035-01-15"], reason="Lịch làm việc thay đổi (15/01/2035)")

    petition.refresh_from_db()
    assert petition.due_date == date(2035, 1, 18)
    assert petition.events.get().note == "Lịch làm việc thay đổi (15/01/2035): hạn 17/01/2035 → 18/01/2035"
