"""Staff see the outbox in the admin: filters, masked recipients, the retry action, no editing."""

from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import transaction
from django.urls import reverse
from kombu.exceptions import OperationalError

from conferences.models import OutboxMessage
from conferences.outbox import services as outbox
from tests.factories import BodyFactory, StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status
LIST_URL = reverse("admin:conferences_outboxmessage_changelist")


def write(body, recipient="0912345678", channel="sms", status=Status.PENDING, **extra):
    with transaction.atomic():
        message = outbox.message_enqueue(body=body, channel=channel, recipient=recipient, text="Nội dung tin")
    OutboxMessage.objects.filter(pk=message.pk).update(status=status, **extra)
    message.refresh_from_db()
    return message


@pytest.fixture
def body():
    return BodyFactory()


@pytest.fixture
def staff_client(client, body):
    user = UserFactory()
    user.user_permissions.add(*Permission.objects.filter(
        codename__in=["view_outboxmessage", "change_outboxmessage"]))
    StaffProfileFactory(user=user, body=body)
    client.force_login(user)
    return client


def test_list_masks_recipients_and_filters_by_status(staff_client, body):
    write(body, recipient="0912345678", status=Status.FAILED, attempts=6, last_error="CodeResult 99")
    write(body, channel="email", recipient="nguyenvana@example.vn", status=Status.PENDING)

    page = staff_client.get(LIST_URL).content.decode()
    assert "091****678" in page and "0912345678" not in page
    assert "ng********@example.vn" in page and "nguyenvana@" not in page

    failed = staff_client.get(LIST_URL, {"status__exact": "failed"}).content.decode()
    assert "091****678" in failed and "@example.vn" not in failed


def test_staff_of_another_body_do_not_see_the_messages(staff_client, body):
    other = write(BodyFactory(), recipient="0987654321")
    page = staff_client.get(LIST_URL).content.decode()
    assert "098****321" not in page
    assert staff_client.get(reverse("admin:conferences_outboxmessage_change", args=[other.pk])).status_code in {
        302, 404}


def test_retry_action_counts_successes_and_refusals(staff_client, body):
    failed = write(body, status=Status.FAILED, attempts=6)
    sent = write(body, recipient="0987654321")
    outbox.message_deliver(message_id=sent.pk)

    response = staff_client.post(LIST_URL, {"action": "retry_messages", "_selected_action": [failed.pk, sent.pk]},
                                 follow=True)
    text = response.content.decode()
    assert "Đã đưa 1 thư vào hàng chờ gửi lại." in text
    assert "1 thư không gửi lại được" in text
    failed.refresh_from_db()
    assert failed.status == Status.PENDING


def test_content_cannot_be_added_or_edited(staff_client, body):
    message = write(body)
    assert staff_client.get(reverse("admin:conferences_outboxmessage_add")).status_code == 403
    change_url = reverse("admin:conferences_outboxmessage_change", args=[message.pk])
    staff_client.post(change_url, {"text": "Sửa nội dung", "recipient": "0900000000"})
    message.refresh_from_db()
    # (an SMS is stored in GSM-7 by default: SMS_UNICODE, issue 20 item 4)
    assert message.text == "Noi dung tin" and message.recipient == "0912345678"


def test_list_query_count_does_not_grow_with_rows(staff_client, body, django_assert_max_num_queries):
    for i in range(3):
        write(body, recipient=f"091234567{i}")
    with django_assert_max_num_queries(12) as few:
        staff_client.get(LIST_URL)
    for i in range(10):
        write(body, recipient=f"098765432{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(LIST_URL)


def test_retry_while_the_broker_is_down_succeeds_and_the_relay_sends_once(
        staff_client, body, django_capture_on_commit_callbacks):
    failed = write(body, channel="email", recipient="hoa@example.vn", status=Status.FAILED, attempts=6)
    with mock.patch("conferences.tasks.outbox_deliver.apply_async", side_effect=OperationalError("refused")):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(
                LIST_URL, {"action": "retry_messages", "_selected_action": [failed.pk]}, follow=True)
    assert response.status_code == 200
    assert "Đã đưa 1 thư vào hàng chờ gửi lại." in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == Status.PENDING and mail.outbox == []
    assert outbox.outbox_relay() == 1
    assert outbox.outbox_relay() == 0
    assert len(mail.outbox) == 1
