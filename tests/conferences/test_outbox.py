"""The outbox: messages written with the change, delivered after commit, retried with back-off, relayed."""

import datetime
import json
import smtplib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from conferences.common.errors import ConferenceError
from conferences.models import OutboxMessage
from conferences.outbox import services as outbox
from tests.factories import BodyFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status


def enqueue_email(body, **kwargs):
    defaults = {"channel": "email", "recipient": "Hoa@Example.VN", "subject": "Xác nhận", "text": "Nội dung"}
    defaults.update(kwargs)
    with transaction.atomic():
        return outbox.message_enqueue(body=body, **defaults)


def make_due(message):
    """Let the back-off pass without waiting (the test clock is not frozen)."""
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))


# --- writing and delivering ---------------------------------------------------------------------------------


def test_email_is_delivered_after_commit_with_html_and_attachment(django_capture_on_commit_callbacks):
    body = BodyFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = enqueue_email(
            body, html="<p>Nội dung</p>",
            attachments=[outbox.Attachment("phu-luc-2.pdf", b"%PDF-1.7 test", "application/pdf")])
        assert mail.outbox == []  # nothing leaves before the transaction commits

    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["Hoa@example.vn"]
    assert sent.subject == "Xác nhận"
    assert sent.alternatives[0][0] == "<p>Nội dung</p>"
    assert sent.attachments[0][0] == "phu-luc-2.pdf"
    assert sent.attachments[0][1] == b"%PDF-1.7 test"
    assert sent.extra_headers["Message-ID"].startswith(f"<outbox-{message.pk}@")


def test_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    body = BodyFactory()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                outbox.message_enqueue(body=body, channel="email", recipient="a@example.vn", text="x")
                raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_enqueue_outside_a_transaction_is_refused():
    body = BodyFactory()
    with pytest.raises(transaction.TransactionManagementError):
        outbox.message_enqueue(body=body, channel="email", recipient="a@example.vn", text="x")
    assert not OutboxMessage.objects.exists()


def test_same_dedup_key_never_sends_twice(django_capture_on_commit_callbacks):
    body = BodyFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = enqueue_email(body, dedup_key="registration:1:received")
    with django_capture_on_commit_callbacks(execute=True):
        second = enqueue_email(body, dedup_key="registration:1:received", text="Khác")
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(("channel", "recipient"), [("email", "not-an-address"), ("sms", "0912 345 678 x12"),
                                                   ("sms", "12345"), ("fax", "0912345678")])
def test_invalid_recipient_is_refused(channel, recipient):
    with pytest.raises(ConferenceError):
        enqueue_email(BodyFactory(), channel=channel, recipient=recipient)


def test_phone_numbers_are_stored_in_national_form():
    message = enqueue_email(BodyFactory(), channel="sms", recipient="+84 912 345 678")
    assert message.recipient == "0912345678"
    assert message.masked_recipient == "091****678"


# --- broker outage ------------------------------------------------------------------------------------------


def test_message_written_while_broker_is_down_is_kept_and_relayed_exactly_once(django_capture_on_commit_callbacks):
    body = BodyFactory()
    with mock.patch("conferences.tasks.outbox_deliver.apply_async",
                    side_effect=OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")):
        with django_capture_on_commit_callbacks(execute=True):
            message = enqueue_email(body)  # does not raise: the request would succeed
    message.refresh_from_db()
    assert message.status == Status.PENDING
    assert mail.outbox == []

    assert outbox.outbox_relay() == 1  # the broker is back: beat runs the relay
    assert outbox.outbox_relay() == 0  # and again a minute later: nothing is sent twice
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 1
    assert len(mail.outbox) == 1


def test_broker_on_a_closed_port_does_not_fail_the_caller(django_capture_on_commit_callbacks, caplog):
    from dialogue_portal.celery import app

    def reset_pools(close=False):
        # The app caches its connection and producer pools; make the next use build them from the new conf.
        if close and app._pool is not None:
            app._pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None

    old = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "broker_transport_options")}
    reset_pools()
    app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0",
                    broker_transport_options={"max_retries": 0, "socket_connect_timeout": 1})
    try:
        with django_capture_on_commit_callbacks(execute=True):
            message = enqueue_email(BodyFactory())
    finally:
        reset_pools(close=True)
        app.conf.update(old)
    assert "not handed to the broker" in caplog.text
    message.refresh_from_db()
    assert message.status == Status.PENDING
    assert outbox.outbox_relay() == 1
    assert len(mail.outbox) == 1


def test_tasks_are_registered_under_their_beat_names():
    from django_celery_beat.models import PeriodicTask

    from dialogue_portal.celery import app

    relay = PeriodicTask.objects.get(task="conferences.tasks.outbox_relay")
    assert relay.enabled and relay.interval.every == 1 and relay.interval.period == "minutes"
    assert "conferences.tasks.outbox_relay" in app.tasks
    assert "conferences.outbox_deliver" in app.tasks


# --- e-mail failures ----------------------------------------------------------------------------------------


def test_smtp_outage_is_retried_with_back_off_then_fails(settings, django_capture_on_commit_callbacks):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages",
                    side_effect=smtplib.SMTPServerDisconnected("Connection unexpectedly closed")):
        with django_capture_on_commit_callbacks(execute=True):
            message = enqueue_email(BodyFactory())
        message.refresh_from_db()
        assert message.status == Status.PENDING
        assert message.attempts == 1
        assert "Connection unexpectedly closed" in message.last_error
        first_wait = message.next_attempt_at - message.claimed_at
        assert datetime.timedelta(seconds=59) < first_wait <= datetime.timedelta(seconds=61)

        assert outbox.outbox_relay() == 0  # not due yet: the back-off holds
        message.refresh_from_db()
        assert message.attempts == 1

        make_due(message)
        outbox.outbox_relay()
        message.refresh_from_db()
        assert message.attempts == 2
        second_wait = message.next_attempt_at - message.claimed_at
        assert datetime.timedelta(seconds=119) < second_wait <= datetime.timedelta(seconds=121)

        make_due(message)
        outbox.outbox_relay()
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.attempts == 3
    assert mail.outbox == []
    trail = list(message.events.values_list("from_status", "to_status", "attempt"))
    assert trail == [("", "pending", 0),
                     ("pending", "sending", 1), ("sending", "pending", 1),
                     ("pending", "sending", 2), ("sending", "pending", 2),
                     ("pending", "sending", 3), ("sending", "failed", 3)]


def test_refused_recipient_fails_at_once(django_capture_on_commit_callbacks):
    refused = smtplib.SMTPRecipientsRefused({"hoa@example.vn": (550, b"No such user")})
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=refused):
        with django_capture_on_commit_callbacks(execute=True):
            message = enqueue_email(BodyFactory())
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.attempts == 1


def test_a_row_left_sending_by_a_crashed_worker_is_tried_again_later(settings):
    settings.OUTBOX_STALE_SENDING_MINUTES = 15
    body = BodyFactory()
    crashed = enqueue_email(body, recipient="crashed@example.vn")
    busy = enqueue_email(body, recipient="busy@example.vn")
    now = timezone.now()
    OutboxMessage.objects.filter(pk=crashed.pk).update(
        status=Status.SENDING, attempts=1, claimed_at=now - datetime.timedelta(minutes=16))
    OutboxMessage.objects.filter(pk=busy.pk).update(
        status=Status.SENDING, attempts=1, claimed_at=now - datetime.timedelta(minutes=1))

    assert outbox.outbox_relay() == 1
    crashed.refresh_from_db()
    busy.refresh_from_db()
    assert crashed.status == Status.SENT and crashed.attempts == 2
    assert busy.status == Status.SENDING  # another worker may still be sending it
    assert [m.to for m in mail.outbox] == [["crashed@example.vn"]]


def test_sent_message_is_not_delivered_again_by_a_late_task():
    message = enqueue_email(BodyFactory())
    assert outbox.message_deliver(message_id=message.pk).status == Status.SENT
    assert outbox.message_deliver(message_id=message.pk) is None
    assert len(mail.outbox) == 1


def test_staff_retry_of_a_failed_message(admin_user):
    message = enqueue_email(BodyFactory())
    OutboxMessage.objects.filter(pk=message.pk).update(status=Status.FAILED, attempts=6, last_error="SMTP 421")
    message.refresh_from_db()
    retried = outbox.message_retry(message=message, user=admin_user)
    assert retried.status == Status.PENDING
    assert retried.events.last().actor == admin_user
    assert outbox.outbox_relay() == 1
    retried.refresh_from_db()
    assert retried.status == Status.SENT
    with pytest.raises(ConferenceError):
        outbox.message_retry(message=retried, user=admin_user)


# --- templates and channel choice ---------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "subject_word", "text_word"), [
    ("vi", "Xác nhận đăng ký", "Mã đăng ký"), ("en", "Your registration", "Registration code")])
def test_notification_from_templates_in_both_languages(language, subject_word, text_word):
    registration = RegistrationFactory()
    conference = registration.conference
    with transaction.atomic():
        messages = outbox.notification_enqueue(
            body=conference.body, template="registration_received", language=language,
            context={"registration": registration, "conference": conference, "body": conference.body,
                     "status_link": "https://xa.example/tc/X/"},
            email=registration.email, phone=registration.phone, related=registration,
            dedup_key=f"registration:{registration.pk}:received")
    email, sms = sorted(messages, key=lambda m: m.channel)
    assert email.channel == "email" and sms.channel == "sms"
    assert subject_word in email.subject and registration.code in email.subject
    assert text_word in email.text and "https://xa.example/tc/X/" in email.text
    assert registration.secret not in email.text and registration.secret not in email.html
    assert "<table" in email.html and registration.code in email.html
    assert registration.code in sms.text and "<" not in sms.text
    assert email.related_id == str(registration.pk)
    assert {m.dedup_key for m in messages} == {f"registration:{registration.pk}:received:email",
                                               f"registration:{registration.pk}:received:sms"}


def test_a_language_without_templates_falls_back_to_vietnamese():
    registration = RegistrationFactory()
    rendered = outbox.render_message("registration_received", {
        "registration": registration, "conference": registration.conference, "body": registration.conference.body,
    }, language="fr")
    assert rendered["subject"].startswith("Xác nhận đăng ký")
    assert "\n" not in rendered["subject"]


def test_household_without_email_gets_only_an_sms():
    registration = RegistrationFactory(email="")
    with transaction.atomic():
        messages = outbox.notification_enqueue(
            body=registration.conference.body, template="registration_received",
            context={"registration": registration, "conference": registration.conference,
                     "body": registration.conference.body},
            email=registration.email, phone=registration.phone)
    assert [m.channel for m in messages] == ["sms"]


# --- SMS ----------------------------------------------------------------------------------------------------


class FakeGateway:
    """An eSMS.vn-like gateway on 127.0.0.1 (random port); `mode` says how it answers the next requests."""

    def __init__(self):
        self.mode = "ok"
        self.requests: list[dict] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                gateway.requests.append(json.loads(self.rfile.read(length)))
                if gateway.mode == "slow":
                    time.sleep(1.5)
                if gateway.mode == "500":
                    self.send_response(500)
                    self.end_headers()
                    return
                answer = {"ok": {"CodeResult": "100", "SMSID": "sms-42", "CountRegenerate": 0},
                          "refuse": {"CodeResult": "99", "ErrorMessage": "Phone is blocked"},
                          "slow": {"CodeResult": "100", "SMSID": "late"}}[gateway.mode]
                payload = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                try:
                    self.wfile.write(payload)
                except OSError:
                    pass  # the client gave up (timeout test)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/MainService.svc/json/SendMultipleMessage_V4_post_json/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(settings):
    with FakeGateway() as fake:
        settings.SMS_GATEWAY_URL = fake.url
        settings.SMS_GATEWAY_API_KEY = "key-123"
        settings.SMS_GATEWAY_SECRET = "secret-456"
        settings.SMS_BRANDNAME = "UBND_HAIHUNG"
        settings.SMS_GATEWAY_TIMEOUT = 0.5
        settings.OUTBOX_MAX_ATTEMPTS = 3
        yield fake


def enqueue_sms(body=None, text="UBND xa Hai Hung: da nhan dang ky HH26-7KQ4M"):
    with transaction.atomic():
        return outbox.message_enqueue(body=body or BodyFactory(), channel="sms", recipient="0912345678", text=text)


def test_sms_through_the_gateway(gateway):
    message = enqueue_sms()
    message = outbox.message_deliver(message_id=message.pk)
    assert message.status == Status.SENT
    assert message.provider_message_id == "sms-42"
    [request] = gateway.requests
    assert request["ApiKey"] == "key-123" and request["SecretKey"] == "secret-456"
    assert request["Phone"] == "0912345678"
    assert request["Brandname"] == "UBND_HAIHUNG" and request["SmsType"] == "2"
    assert request["IsUnicode"] == "0"
    assert request["RequestId"] == f"outbox-{message.pk}"


def test_vietnamese_sms_is_sent_as_unicode_when_the_setting_says_so(gateway, settings):
    settings.SMS_UNICODE = True
    message = enqueue_sms(text="UBND xã Hải Hưng: đã nhận đăng ký")
    outbox.message_deliver(message_id=message.pk)
    assert gateway.requests[0]["IsUnicode"] == "1"
    assert gateway.requests[0]["Content"] == "UBND xã Hải Hưng: đã nhận đăng ký"


def test_sms_is_sent_without_diacritics_by_default(gateway, settings):
    """Issue 20 item 4: one encoding for every SMS; by default GSM-7 (160 characters a message)."""
    settings.SMS_UNICODE = False
    message = enqueue_sms(text="UBND xã Hải Hưng: đã nhận đăng ký")
    outbox.message_deliver(message_id=message.pk)
    assert gateway.requests[0]["IsUnicode"] == "0"
    assert gateway.requests[0]["Content"] == "UBND xa Hai Hung: da nhan dang ky"


def test_sms_refused_by_the_gateway_fails_without_retry(gateway):
    gateway.mode = "refuse"
    message = outbox.message_deliver(message_id=enqueue_sms().pk)
    assert message.status == Status.FAILED
    assert message.attempts == 1
    assert "CodeResult 99" in message.last_error
    make_due(message)
    assert outbox.outbox_relay() == 0
    assert len(gateway.requests) == 1


@pytest.mark.parametrize("mode", ["500", "slow"])
def test_sms_gateway_down_is_retried_then_failed_after_the_last_try(gateway, mode):
    gateway.mode = mode
    message = enqueue_sms()
    outbox.message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == Status.PENDING
    assert message.attempts == 1
    assert message.next_attempt_at > timezone.now()
    for attempt in (2, 3):
        make_due(message)
        outbox.outbox_relay()
        message.refresh_from_db()
        assert message.attempts == attempt
    assert message.status == Status.FAILED
    assert len(gateway.requests) == 3


def test_sms_gateway_back_after_an_outage(gateway):
    gateway.mode = "500"
    message = outbox.message_deliver(message_id=enqueue_sms().pk)
    assert message.status == Status.PENDING
    gateway.mode = "ok"
    make_due(message)
    assert outbox.outbox_relay() == 1
    message.refresh_from_db()
    assert message.status == Status.SENT and message.attempts == 2


def test_sms_without_a_gateway_is_written_to_a_file(settings, tmp_path):
    settings.SMS_GATEWAY_URL = ""
    settings.SMS_FILE_PATH = tmp_path / "sms"
    message = outbox.message_deliver(message_id=enqueue_sms().pk)
    assert message.status == Status.SENT
    [written] = (tmp_path / "sms").iterdir()
    content = written.read_text(encoding="utf-8")
    assert "To: 0912345678" in content and "HH26-7KQ4M" in content
