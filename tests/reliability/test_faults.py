"""Faults: Redis down while 50 businesses register, SMTP refusing; nothing is lost and each message goes once."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time

from conferences.models import OutboxMessage, Registration
from conferences.outbox import services as outbox
from conferences.tasks import outbox_relay
from dialogue_portal.celery import app
from tests.conftest import require_service
from tests.factories import UpcomingConferenceFactory, next_tax_code

from .services import FakeSMTP, ThrowawayRedis

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Inside the registration window of UpcomingConferenceFactory; the broker and Redis clients keep real time.
REGISTRATION_TIME = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=VN)
REAL_TIME_MODULES = ["kombu", "celery", "redis", "amqp", "django_redis", "smtplib", "socket"]
Status = OutboxMessage.Status
pytestmark = [pytest.mark.django_db, pytest.mark.services]


def reset_broker_pools(close=False):
    # The Celery app caches its connection and producer pools; the next use must build them from the new conf.
    if close and app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def throwaway_redis(settings):
    """A redis-server of this test on a free port, as broker and cache; the machine's Redis is never touched."""
    server = ThrowawayRedis()
    require_service("redis-server", bool(server.binary), "apt-get install redis-server")
    server.start()
    old = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "broker_transport_options")}
    reset_broker_pools()
    app.conf.update(task_always_eager=False, broker_url=server.url,
                    broker_transport_options={"max_retries": 0, "socket_connect_timeout": 1, "socket_timeout": 1})
    settings.REDIS_URL = server.url
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": server.url,
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    try:
        yield server
    finally:
        reset_broker_pools(close=True)
        app.conf.update(old)
        server.stop()


def form_data(number: int) -> dict:
    return {
        "form_token": f"fault-token-{number}", "full_name": "Trần Thị Bình", "position": "Giám đốc",
        "organisation_name": f"Công ty TNHH Bình An {number}", "organisation_kind": "DN",
        "tax_code": next_tax_code(), "phone": f"0912{number:06d}", "email": f"binhan{number}@example.vn",
        "address": "Thôn Tây", "attending": "yes", "notify_sms": "on", "notify_email": "on",
        "overall_proposal": "Giảm thủ tục.", "consent": "on",
        "petitions-TOTAL_FORMS": "1", "petitions-INITIAL_FORMS": "0",
        "petitions-0-category": "5", "petitions-0-content": "Thủ tục cấp phép kéo dài.",
        "petitions-0-proposed_solution": "Rút ngắn thời gian.",
    }


def sms_files(settings) -> list:
    return sorted(p for p in settings.SMS_FILE_PATH.rglob("*") if p.is_file())


def test_redis_down_50_registrations_succeed_and_every_message_goes_once_when_it_returns(
        client, throwaway_redis, settings, tmp_path, django_capture_on_commit_callbacks, caplog):
    caplog.set_level("INFO", logger="conferences.outbox.services")
    settings.SMS_GATEWAY_URL = ""
    settings.SMS_FILE_PATH = tmp_path / "sms"
    conference = UpcomingConferenceFactory()
    url = f"/{conference.body.slug}/hoi-nghi/{conference.year}/dang-ky/"

    throwaway_redis.stop()
    assert not throwaway_redis.ping()
    with freeze_time(REGISTRATION_TIME, ignore=REAL_TIME_MODULES):
        for number in range(50):
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(url, form_data(number), REMOTE_ADDR=f"10.0.{number}.1")
            assert response.status_code == 302, response.content.decode()[:2000]
            assert re.search(r"/[\w-]+/$", response["Location"])

    assert Registration.objects.filter(conference=conference).count() == 50
    messages = OutboxMessage.objects.all()
    assert messages.count() == 100  # an e-mail and an SMS for each
    assert set(messages.values_list("status", flat=True)) == {Status.PENDING}
    # The first hand-over met the dead broker; the other 99 messages did not make their requests wait for it.
    assert caplog.text.count("not handed to the broker; the relay will send it") == 1
    assert caplog.text.count("not handed to the broker (down a moment ago)") == 99
    assert mail.outbox == [] and sms_files(settings) == []

    throwaway_redis.start()
    reset_broker_pools(close=True)
    assert outbox_relay.apply().get(disable_sync_subtasks=False) == 100  # beat's relay, run in this process
    assert outbox_relay.apply().get(disable_sync_subtasks=False) == 0  # the next minute's relay finds nothing to send again

    assert messages.filter(status=Status.SENT).count() == 100
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"binhan{n}@example.vn" for n in range(50))
    assert len(sms_files(settings)) == 50


def test_smtp_refusing_loses_nothing_and_delivery_resumes(settings, django_capture_on_commit_callbacks):
    from django.db import transaction

    from tests.factories import BodyFactory

    body = BodyFactory()
    with FakeSMTP() as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            for number in range(5):
                outbox.message_enqueue(body=body, channel="email", recipient=f"dn{number}@example.vn",
                                       subject="Xác nhận đăng ký", text="Cảm ơn quý doanh nghiệp.")
        messages = OutboxMessage.objects.all()
        # Each after-commit delivery met the refusal: kept, to be tried again after the back-off.
        assert set(messages.values_list("status", "attempts")) == {(Status.PENDING, 1)}
        assert all("421" in m.last_error for m in messages)
        assert smtp.received == []

        smtp.refusing = False
        messages.update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
        assert outbox.outbox_relay() == 5
        assert outbox.outbox_relay() == 0

    assert messages.filter(status=Status.SENT).count() == 5
    assert len(smtp.received) == 5
    assert sorted(re.search(rb"^To: (\S+)", m, re.M).group(1) for m in smtp.received) == sorted(
        f"dn{n}@example.vn".encode() for n in range(5))
