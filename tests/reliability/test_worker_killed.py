"""A worker killed in the middle of sending (acks late) does not make the message go twice, nor lose it."""

import datetime
import os
import signal
import subprocess
import sys

import pytest
from django.db import transaction
from django.utils import timezone

from conferences.models import OutboxMessage
from conferences.outbox import services as outbox
from conferences.tasks import outbox_deliver
from tests.factories import BodyFactory
from tests.skeleton.test_celery_roundtrip import ROOT, database_url_for_worker

from .services import FakeSMTP
from .test_faults import throwaway_redis  # noqa: F401  (fixture)

Status = OutboxMessage.Status
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]


def start_worker(broker_url: str, smtp_port: int) -> subprocess.Popen:
    # dev settings: the SMTP backend from EMAIL_URL (the test settings force the in-memory one).
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dialogue_portal.settings.dev", "DEBUG": "false",
           "DATABASE_URL": database_url_for_worker(), "REDIS_URL": broker_url, "CELERY_BROKER_URL": broker_url,
           "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}", "EMAIL_TIMEOUT": "60"}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "dialogue_portal", "worker", "--pool=solo", "--without-mingle",
         "--without-gossip", "--without-heartbeat", "-l", "info"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_worker_killed_while_sending_sends_once_after_recovery(throwaway_redis, settings):  # noqa: F811
    with FakeSMTP() as smtp:
        smtp.refusing, smtp.hold = False, True
        worker = start_worker(throwaway_redis.url, smtp.port)
        try:
            with transaction.atomic():
                message = outbox.message_enqueue(body=BodyFactory(), channel="email", recipient="dn@example.vn",
                                                 subject="Xác nhận", text="Cảm ơn quý doanh nghiệp.")
            assert smtp.data_started.wait(90), "the worker never reached the SMTP server"
            message.refresh_from_db()
            assert message.status == Status.SENDING and message.attempts == 1
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=20)
        finally:
            if worker.poll() is None:
                worker.kill()
        smtp.release.set()
        smtp.hold = False

        message.refresh_from_db()
        assert message.status == Status.SENDING  # left by the dead worker: not lost, not sent
        assert smtp.received == []

        # The redelivered task (acks late) meets a row another worker claimed a moment ago: it does nothing.
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", smtp.port, 10
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        assert outbox_deliver.apply(args=[message.pk]).get(disable_sync_subtasks=False) is None
        # Once the claim is stale, the relay sends it, once.
        OutboxMessage.objects.filter(pk=message.pk).update(
            claimed_at=timezone.now() - datetime.timedelta(minutes=settings.OUTBOX_STALE_SENDING_MINUTES + 1))
        assert outbox.outbox_relay() == 1
        assert outbox.outbox_relay() == 0
        assert outbox_deliver.apply(args=[message.pk]).get(disable_sync_subtasks=False) is None  # a late duplicate task

    message.refresh_from_db()
    assert message.status == Status.SENT and message.attempts == 2
    assert len(smtp.received) == 1
