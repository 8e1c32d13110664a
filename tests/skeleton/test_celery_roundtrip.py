"""A task goes through the real broker (Redis) to a real worker process, which writes to the database."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from conferences.models import WorkerHeartbeat
from conferences.tasks import heartbeat
from dialogue_portal.celery import app

ROOT = Path(__file__).resolve().parents[2]


def database_url_for_worker() -> str:
    """The URL of the database this test run uses (the test database), for the worker process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] or ""
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(redis_url):
    """A real `celery worker` process consuming a queue of its own, so no other worker can steal the task."""
    queue = f"dp-test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dialogue_portal.settings.test",
           "DATABASE_URL": database_url_for_worker(), "REDIS_URL": redis_url}
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


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_task_goes_through_redis_to_a_worker_that_writes_the_database(worker):
    queue, process = worker
    name = f"roundtrip-{uuid.uuid4().hex[:8]}"
    heartbeat.apply_async(args=[name], queue=queue)

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if WorkerHeartbeat.objects.filter(name=name).exists():
            break
        assert process.poll() is None, f"worker died:\n{process.stdout.read()}"
        time.sleep(0.3)
    beat = WorkerHeartbeat.objects.get(name=name)
    assert beat.beats == 1
    assert beat.hostname
