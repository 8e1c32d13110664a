"""Zalo (ZNS) as the third outbox channel, against the local test double on a loopback port: sent once with the
template, the phone in international form and the outbox id as tracking id; the token pair renewed before it
expires (once when two workers race), stored encrypted; each documented refusal falls back to SMS, else e-mail,
recorded in the events; a quota reached pauses the channel until the next day; the public form's checkbox."""

from __future__ import annotations

import datetime
import re
import threading

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from conferences.models import OutboxMessage, ZaloCredential
from conferences.outbox import services as outbox
from conferences.outbox import zns
from conferences.outbox.checks import zns_template_problems
from conferences.outbox.zns_double import ZnsDouble
from petitions.models import RegistrationSubmission
from tests.factories import RegistrationFactory

Status = OutboxMessage.Status
KEY = Fernet.generate_key().decode()
TEMPLATES = {
    "registration_received": {"id": "tpl-reg", "params": ["body_name", "registration_code", "conference_date",
                                                          "status_url"]},
    "petition_answered": {"id": "tpl-ans", "params": ["petition_code", "status_url"]},
}


@pytest.fixture
def double(settings):
    fake = ZnsDouble(app_id="app-1", app_secret="secret-1", refresh_token="refresh-0")
    url = fake.start()
    settings.ZALO_ZNS_URL = url
    settings.ZALO_OAUTH_URL = url
    settings.ZALO_APP_ID, settings.ZALO_APP_SECRET = "app-1", "secret-1"
    settings.ZALO_REFRESH_TOKEN = "refresh-0"
    settings.ZALO_TOKEN_KEY = KEY
    settings.ZALO_ZNS_TEMPLATES = TEMPLATES
    settings.PORTAL_BASE_URL = "https://doithoai.example.vn"
    settings.SMS_GATEWAY_URL = ""  # SMS fallbacks are written to files (the SMS gateway has its own tests)
    yield fake
    fake.stop()


@pytest.fixture
def sms_dir(settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path
    return tmp_path


def notify(registration, channels, *, dedup="t"):
    body = registration.conference.body
    with transaction.atomic():
        return outbox.notification_enqueue(
            body=body, template="registration_received", channels=channels,
            context={"registration": registration, "conference": registration.conference, "body": body},
            email=registration.email if "email" in channels else "", phone=registration.phone,
            related=registration, dedup_key=f"registration:{registration.pk}:{dedup}")


def deliver(message):
    return outbox.message_deliver(message_id=message.pk)


@pytest.mark.django_db
def test_a_zalo_message_is_sent_once_through_the_template_api(double, django_capture_on_commit_callbacks):
    registration = RegistrationFactory(phone="0912345678")
    with django_capture_on_commit_callbacks(execute=True):
        [message] = notify(registration, ["zalo", "sms"])
    message.refresh_from_db()
    assert message.channel == "zalo" and message.status == Status.SENT and message.attempts == 1
    [sent] = double.sent
    assert sent["phone"] == "84912345678" and sent["template_id"] == "tpl-reg"
    assert sent["tracking_id"] == str(message.pk)
    assert sent["template_data"]["registration_code"] == registration.code
    assert sent["template_data"]["status_url"].startswith("https://doithoai.example.vn/")
    assert registration.secret in sent["template_data"]["status_url"]
    assert message.provider_message_id == sent["msg_id"]
    # Delivered: nothing more goes out, the relay and a late task send nothing again.
    assert outbox.outbox_relay() == 0 and deliver(message) is None
    assert len(double.sent) == 1 and double.renewals == 1
    assert OutboxMessage.objects.filter(channel="sms").count() == 0


@pytest.mark.django_db
def test_tokens_are_stored_encrypted_with_their_own_key_and_renewed_before_they_expire(double):
    registration = RegistrationFactory()
    [first] = notify(registration, ["zalo"], dedup="a")
    deliver(first)
    credential = ZaloCredential.objects.get()
    assert double.access_token not in credential.access_token and double.refresh_token not in credential.refresh_token
    assert zns.decrypt(credential.access_token) == double.access_token
    assert double.renewals == 1
    [second] = notify(registration, ["zalo"], dedup="b")
    deliver(second)
    assert double.renewals == 1  # still valid: reused
    # Close to expiry: renewed first (both tokens rotate; the old refresh token no longer works at the double).
    ZaloCredential.objects.update(access_expires_at=timezone.now() + datetime.timedelta(seconds=60))
    old_refresh = zns.decrypt(ZaloCredential.objects.get().refresh_token)
    [third] = notify(registration, ["zalo"], dedup="c")
    assert deliver(third).status == Status.SENT
    assert double.renewals == 2
    assert zns.decrypt(ZaloCredential.objects.get().refresh_token) not in (old_refresh, "")
    # Another key cannot read them.
    with pytest.raises(InvalidToken):
        Fernet(Fernet.generate_key()).decrypt(ZaloCredential.objects.get().access_token.encode())


@pytest.mark.django_db
def test_a_token_the_service_calls_invalid_is_renewed_and_the_message_sent(double):
    registration = RegistrationFactory()
    [message] = notify(registration, ["zalo"])
    zns.zalo_access_token()
    double.access_token = "revoked-by-zalo"  # e.g. the OA's admin re-authorised the app
    assert deliver(message).status == Status.SENT
    assert double.renewals == 2 and len(double.sent) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_renew_the_token_once(double):
    double.renew_delay = 0.3  # the first renewal is still in flight when the second worker asks
    results, errors = [], []

    def worker():
        try:
            results.append(zns.zalo_access_token())
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert double.renewals == 1
    assert results[0] == results[1] == double.access_token


FALLBACK_CODES = [(-131, "mẫu tin Zalo chưa được duyệt"), (-118, "số điện thoại không dùng Zalo"),
                  (-144, "hết hạn mức gửi Zalo trong ngày")]


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "reason"), FALLBACK_CODES)
def test_each_documented_refusal_falls_back_to_sms(double, sms_dir, code, reason, django_capture_on_commit_callbacks):
    registration = RegistrationFactory(phone="0912345678", email="hoa@example.vn")
    if code == -131:
        double.approved = {"another-template"}
    elif code == -144:
        double.quota = 0
    else:
        double.phone_errors["84912345678"] = code
    with django_capture_on_commit_callbacks(execute=True):
        [zalo] = notify(registration, ["zalo", "sms", "email"])
    zalo.refresh_from_db()
    assert zalo.status == Status.FAILED and str(code) in zalo.last_error
    [sms] = OutboxMessage.objects.filter(channel="sms")
    assert sms.status == Status.SENT and sms.recipient == "0912345678"
    assert registration.code in sms.text
    assert not OutboxMessage.objects.filter(channel="email").exists()  # SMS first; e-mail only without SMS
    assert mail.outbox == []
    note = zalo.events.order_by("pk").last().note
    assert reason in note and "SMS" in note and str(sms.pk) in note
    assert f"Zalo số {zalo.pk}" in sms.events.order_by("pk").first().note
    assert len(list(sms_dir.iterdir())) == 1


@pytest.mark.django_db
def test_without_sms_the_fallback_is_e_mail(double, django_capture_on_commit_callbacks):
    registration = RegistrationFactory(phone="0912345678", email="hoa@example.vn")
    double.phone_errors["84912345678"] = -118
    with django_capture_on_commit_callbacks(execute=True):
        notify(registration, ["zalo", "email"])
    [email] = OutboxMessage.objects.filter(channel="email")
    assert email.status == Status.SENT and mail.outbox[0].to == ["hoa@example.vn"]
    assert registration.code in mail.outbox[0].body


@pytest.mark.django_db
def test_without_another_channel_staff_see_it_undelivered(double, django_capture_on_commit_callbacks):
    registration = RegistrationFactory(phone="0912345678")
    double.phone_errors["84912345678"] = -118
    with django_capture_on_commit_callbacks(execute=True):
        [zalo] = notify(registration, ["zalo"])
    zalo.refresh_from_db()
    assert zalo.status == Status.FAILED and OutboxMessage.objects.count() == 1
    assert "không chọn kênh khác" in zalo.events.order_by("pk").last().note


@pytest.mark.django_db
def test_a_quota_reached_pauses_the_channel_until_the_next_day(double, sms_dir):
    registration = RegistrationFactory(phone="0912345678")
    double.quota = 0
    [first] = notify(registration, ["zalo", "sms"], dedup="a")
    deliver(first)
    paused = ZaloCredential.objects.get().paused_until
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert timezone.localtime(paused).date() == tomorrow and timezone.localtime(paused).hour == 0
    double.quota = 10  # the service would accept again, but the channel waits for tomorrow
    [second] = notify(registration, ["zalo", "sms"], dedup="b")
    assert deliver(second).status == Status.FAILED
    assert outbox.outbox_relay() == 2  # the two SMS written instead
    assert len(double.sent) == 0 and OutboxMessage.objects.filter(channel="sms", status=Status.SENT).count() == 2
    ZaloCredential.objects.update(paused_until=timezone.now() - datetime.timedelta(seconds=1))
    [third] = notify(registration, ["zalo", "sms"], dedup="c")
    assert deliver(third).status == Status.SENT and len(double.sent) == 1


@pytest.mark.django_db
def test_the_service_down_loses_nothing(settings, double):
    registration = RegistrationFactory()
    [message] = notify(registration, ["zalo", "sms"])
    double.stop()
    settings.ZALO_ZNS_URL = settings.ZALO_OAUTH_URL = "http://127.0.0.1:9"  # nothing listens there
    message = deliver(message)
    assert message.status == Status.PENDING and message.attempts == 1 and "unreachable" in message.last_error
    assert not OutboxMessage.objects.filter(channel="sms").exists()  # an outage is retried, not a refusal


@pytest.mark.django_db
def test_zalo_is_not_used_without_its_configuration(settings):
    settings.ZALO_ZNS_URL = ""
    registration = RegistrationFactory(email="hoa@example.vn")
    messages = notify(registration, ["zalo", "sms", "email"])
    assert sorted(m.channel for m in messages) == ["email", "sms"]


def test_templates_are_checked_at_start_up():
    assert zns_template_problems(TEMPLATES) == []
    problems = zns_template_problems({"registration_received": {"id": "", "params": []},
                                      "petition_answered": {"id": "x", "params": ["full_name"]},
                                      "unknown_kind": {"id": "y"}})
    assert len(problems) == 3 and any("full_name" in p for p in problems)


@pytest.mark.django_db
def test_the_admin_lists_the_templates_with_their_parameters(double, admin_client):
    page = admin_client.get(reverse("admin:conferences_outboxmessage_zalo_templates")).content.decode()
    assert "tpl-reg" in page and "registration_code" in page and "conference_invitation" in page


@pytest.mark.django_db
def test_the_public_form_offers_zalo_and_records_the_choice(double, client, settings,
                                                            django_capture_on_commit_callbacks):
    from tests.factories import UpcomingConferenceFactory
    from tests.petitions.test_registration_form import valid_data

    settings.REGISTRATION_RATE_LIMIT = ""
    conference = UpcomingConferenceFactory()
    url = reverse("petitions:register", args=[conference.body.slug, conference.year])
    page = client.get(url).content.decode()
    assert "Nhận thông báo qua Zalo" in page and "Công ty Cổ phần VNG" in page
    zalo_box = re.search(r'<input[^>]*name="notify_zalo"[^>]*>', page).group(0)
    assert "checked" not in zalo_box  # unticked unless the business chooses it
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, valid_data(notify_zalo="on"))
    assert response.status_code == 302
    submission = RegistrationSubmission.objects.get()
    assert submission.notify_zalo and submission.notify_sms
    assert submission.registration.consent_version.startswith("2026-12")
    [message] = OutboxMessage.objects.filter(related_id=str(submission.registration_id))
    assert message.channel == "zalo" and message.status == Status.SENT
    assert [f["channel"] for f in message.fallbacks] == ["sms"]
    assert double.sent[0]["template_data"]["registration_code"] == submission.registration.code


def test_the_double_runs_from_the_command_line():
    from conferences.management.commands.zns_double import Command

    assert Command.help


@pytest.mark.django_db
def test_an_answer_reaches_a_business_that_chose_zalo(double, django_capture_on_commit_callbacks):
    from petitions.models import Status as PetitionStatus
    from petitions.triage import answers
    from petitions.triage import services as triage
    from tests.factories import ScopingWorld

    world = ScopingWorld()
    petition = world.p_kt  # came through a registration
    RegistrationSubmission.objects.create(registration=petition.registration, form_token="tok-zalo",
                                          notify_sms=True, notify_zalo=True)
    petition = triage.petition_assign(petition=petition, lead_unit=world.kt, actor=world.economic)
    petition = answers.petition_answer_draft(petition=petition, text="Đã giải quyết.", actor=world.economic)
    petition = answers.petition_answer_approve(petition=petition, actor=world.economic)
    with django_capture_on_commit_callbacks(execute=True):
        petition = answers.petition_answer_send(petition=petition, actor=world.economic)
    assert petition.status == PetitionStatus.RESOLVED
    [message] = OutboxMessage.objects.filter(related_id=str(petition.pk))
    assert message.channel == "zalo" and message.kind == "petition_answered" and message.status == Status.SENT
    [sent] = double.sent
    assert sent["template_id"] == "tpl-ans" and sent["template_data"]["petition_code"] == petition.code


@pytest.mark.django_db
def test_anonymising_a_registration_blanks_its_zalo_messages(double):
    from petitions.privacy.anonymise import registration_anonymise

    registration = RegistrationFactory(phone="0912345678", email="hoa@example.vn")
    [message] = notify(registration, ["zalo", "sms", "email"])
    registration_anonymise(registration=registration)
    message.refresh_from_db()
    assert message.recipient == "" and message.template_data == {} and message.fallbacks == []
