"""The outbox through the real broker: written while Redis is unreachable, then delivered by a real worker."""

import time

import pytest
from django.db import transaction

from conferences.models import OutboxMessage
from conferences.outbox import services as outbox
from dialogue_portal.celery import app
from tests.factories import BodyFactory
from tests.skeleton.test_celery_roundtrip import worker  # noqa: F401  (the real-worker fixture)


def wait_for_status(message, status, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        message.refresh_from_db()
        if message.status == status:
            return message
        assert process.poll() is None, f"worker died:\n{process.stdout.read()}"
        time.sleep(0.3)
    return message


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_message_reaches_a_real_worker_after_commit_and_the_relay_catches_up_after_an_outage(worker):  # noqa: F811
    queue, process = worker
    previous = {key: app.conf[key] for key in ("task_default_queue", "broker_url")}
    app.conf.task_default_queue = queue
    try:
        body = BodyFactory()
        # 1. The broker is up: the task runs in the worker right after commit.
        with transaction.atomic():
            first = outbox.message_enqueue(body=body, channel="sms", recipient="0912345678", text="Tin thứ nhất")
        assert wait_for_status(first, OutboxMessage.Status.SENT, process).status == OutboxMessage.Status.SENT

        # 2. The broker is down: the caller's transaction still commits, the message waits.
        app.conf.broker_url = "redis://127.0.0.1:1/0"
        app._pool = None
        app.amqp._producer_pool = None
        with transaction.atomic():
            second = outbox.message_enqueue(body=body, channel="sms", recipient="0912345678", text="Tin thứ hai")
        second.refresh_from_db()
        assert second.status == OutboxMessage.Status.PENDING

        # 3. The broker is back: beat sends the relay task, the worker delivers the waiting message once.
        app.conf.broker_url = previous["broker_url"]
        app._pool = None
        app.amqp._producer_pool = None
        app.tasks["conferences.tasks.outbox_relay"].apply_async(queue=queue)
        second = wait_for_status(second, OutboxMessage.Status.SENT, process)
        assert second.status == OutboxMessage.Status.SENT
        assert second.attempts == 1
        assert list(second.events.values_list("to_status", flat=True)) == ["pending", "sending", "sent"]
    finally:
        app.conf.update(previous)
        app._pool = None
        app.amqp._producer_pool = None
