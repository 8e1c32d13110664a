"""A real `celery beat` process writes its own heartbeat row, named by host and pid, which /healthz counts."""

import os
import socket
import subprocess
import sys
import time

import pytest

from conferences.models import WorkerHeartbeat
from tests.skeleton.test_celery_roundtrip import ROOT, database_url_for_worker

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_beat_process_writes_its_heartbeat_row(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dialogue_portal.settings.test",
           "DATABASE_URL": database_url_for_worker(), "REDIS_URL": "", "CELERY_BROKER_URL": "memory://"}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "dialogue_portal", "beat", "-l", "info",
         "--pidfile", str(tmp_path / "beat.pid"), "-s", str(tmp_path / "beat-schedule")],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    expected = f"beat:{socket.gethostname()}:{process.pid}"
    try:
        deadline = time.monotonic() + 60
        while not WorkerHeartbeat.objects.filter(name=expected).exists():
            assert process.poll() is None, f"beat died:\n{process.stdout.read()}"
            assert time.monotonic() < deadline, "no heartbeat from the beat process within 60 s"
            time.sleep(0.3)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    assert WorkerHeartbeat.objects.get(name=expected).beats >= 1
