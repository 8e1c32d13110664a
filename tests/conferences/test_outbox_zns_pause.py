"""While the Zalo channel is paused (daily quota reached), a message with no other channel waits for the pause to
end (pending, "tạm dừng đến …") instead of failing; with another channel it still goes by that one at once."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from conferences.models import OutboxMessage, ZaloCredential
from conferences.outbox import services as outbox
from tests.conferences.test_outbox_zns import deliver, notify
from tests.conferences.test_outbox_zns import double as double  # noqa: F401, PLC0414 (the fixture)
from tests.conferences.test_outbox_zns import sms_dir as sms_dir  # noqa: F401, PLC0414 (the fixture)
from tests.factories import RegistrationFactory

Status = OutboxMessage.Status
pytestmark = pytest.mark.django_db


def test_a_message_without_another_channel_waits_for_the_pause_to_end(double):  # noqa: F811
    registration = RegistrationFactory(phone="0912345678")
    double.quota = 0
    [message] = notify(registration, ["zalo"])
    message = deliver(message)
    paused = ZaloCredential.objects.get().paused_until
    assert message.status == Status.PENDING and message.next_attempt_at == paused
    assert message.attempts == 0  # the refused attempt does not use up the message's attempts
    local = timezone.localtime(paused)
    note = message.events.order_by("pk").last().note
    assert f"tạm dừng đến 00:00 ngày {local:%d/%m/%Y}" in note and "giữ lại" in note
    assert not OutboxMessage.objects.exclude(pk=message.pk).exists()
    # Until the pause ends the relay leaves it alone, and a second message written meanwhile waits too.
    double.quota = 10
    [second] = notify(registration, ["zalo"], dedup="b")
    assert deliver(second).status == Status.PENDING and len(double.sent) == 0
    assert outbox.outbox_relay() == 0 and len(double.sent) == 0
    # The next day both go by Zalo.
    ZaloCredential.objects.update(paused_until=timezone.now() - datetime.timedelta(seconds=1))
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert outbox.outbox_relay() == 2 and len(double.sent) == 2
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {Status.SENT}


def test_with_another_channel_it_still_goes_by_that_channel_at_once(double, sms_dir):  # noqa: F811
    registration = RegistrationFactory(phone="0912345678")
    ZaloCredential.objects.create(pk=1, paused_until=timezone.now() + datetime.timedelta(hours=3))
    [message] = notify(registration, ["zalo", "sms"])
    assert deliver(message).status == Status.FAILED
    [sms] = OutboxMessage.objects.filter(channel="sms")
    assert outbox.message_deliver(message_id=sms.pk).status == Status.SENT and len(double.sent) == 0
