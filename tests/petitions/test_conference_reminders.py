"""The conference reminder (issue 22): N working days before the conference (the working-day calendar), one
message per registrant by the channels they chose (Zalo through the ZNS double), once only, never for a postponed
or stopped conference; the periodic task is registered with beat and a management command runs the same scan."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from conferences.models import Conference, OutboxMessage
from petitions.models import RegistrationSubmission
from petitions.registration.reminders import conference_reminders_send, reminder_day
from tests.conferences.test_outbox_zns import double as double  # noqa: F401, PLC0414 (the fixture)
from tests.factories import ConferenceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def at(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def zalo(settings, double):  # noqa: F811
    settings.ZALO_ZNS_TEMPLATES = {"conference_reminder": {
        "id": "tpl-remind", "params": ["registration_code", "conference_date", "conference_time", "venue"]}}
    settings.PUBLIC_BASE_URL = "https://doithoai.example.vn"
    settings.CONFERENCE_REMINDER_WORKING_DAYS = 2
    settings.CONFERENCE_REMINDER_HOUR = 8
    return double


def registrant(conference, *, email="", sms=False, mail_=False, zalo=False, phone="0912345678", **kw):
    registration = RegistrationFactory(conference=conference, email=email, phone=phone, **kw)
    RegistrationSubmission.objects.create(registration=registration, form_token=f"t-{registration.pk}",
                                          notify_sms=sms, notify_email=mail_, notify_zalo=zalo)
    return registration


def test_two_working_days_before_once_per_registrant_by_their_channels(zalo, django_capture_on_commit_callbacks):
    conference = ConferenceFactory(starts_at=at(2026, 6, 18, 8, 0))  # Thursday
    assert reminder_day(conference) == datetime.date(2026, 6, 16)  # Tuesday
    by_mail = registrant(conference, email="hoa@example.vn", mail_=True, sms=True, phone="0911111111")
    by_zalo = registrant(conference, zalo=True, phone="0922222222")
    registrant(conference, sms=True, phone="0933333333", withdrawn_at=at(2026, 6, 1, 9, 0))
    registrant(conference, sms=True, phone="0944444444", consent_withdrawn_at=at(2026, 6, 1, 9, 0))
    assert conference_reminders_send(at(2026, 6, 16, 7, 59)) == 0  # the day, but before the hour
    assert not OutboxMessage.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert conference_reminders_send(at(2026, 6, 16, 8, 5)) == 2
    [message] = mail.outbox
    assert message.to == ["hoa@example.vn"] and message.subject.startswith("Nhắc lịch:")
    assert "18/06/2026" in message.subject and by_mail.code in message.body
    [sms] = OutboxMessage.objects.filter(channel="sms")
    assert sms.recipient == "0911111111" and by_mail.code in sms.text and "/tc/" in sms.text
    [sent] = zalo.sent
    assert sent["template_id"] == "tpl-remind" and sent["phone"] == "84922222222"
    assert sent["template_data"] == {"registration_code": by_zalo.code, "conference_date": "18/06/2026",
                                     "conference_time": "08:00", "venue": "Hội trường trung tâm"}
    count = OutboxMessage.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert conference_reminders_send(at(2026, 6, 16, 9, 5)) == 0  # the next run: nothing new
        assert conference_reminders_send(at(2026, 6, 17, 9, 5)) == 0
    assert OutboxMessage.objects.count() == count and len(mail.outbox) == 1 and len(zalo.sent) == 1


def test_the_working_day_calendar_skips_the_weekend(zalo):
    conference = ConferenceFactory(starts_at=at(2026, 6, 22, 8, 0))  # Monday
    assert reminder_day(conference) == datetime.date(2026, 6, 18)  # Thursday, not Saturday
    registrant(conference, sms=True)
    assert conference_reminders_send(at(2026, 6, 17, 10, 0)) == 0
    assert conference_reminders_send(at(2026, 6, 18, 10, 0)) == 1
    assert conference_reminders_send(at(2026, 6, 22, 8, 0)) == 0  # started: too late, and already sent


@pytest.mark.parametrize("status", [Conference.Status.POSTPONED, Conference.Status.STOPPED])
def test_no_reminder_for_a_postponed_or_stopped_conference(zalo, status):
    conference = ConferenceFactory(starts_at=at(2026, 6, 18, 8, 0), status=status)
    registrant(conference, sms=True, email="hoa@example.vn", mail_=True)
    assert conference_reminders_send(at(2026, 6, 17, 9, 0)) == 0
    assert not OutboxMessage.objects.exists()


def test_a_command_runs_it_where_no_scheduler_runs_and_beat_has_the_task(zalo):
    conference = ConferenceFactory(starts_at=timezone.now() + datetime.timedelta(hours=1))
    registrant(conference, sms=True)
    out = io.StringIO()
    call_command("send_conference_reminders", stdout=out)
    assert "Đã xếp 1 tin nhắc lịch hội nghị" in out.getvalue()
    call_command("send_conference_reminders", stdout=out)
    assert OutboxMessage.objects.count() == 1
    assert PeriodicTask.objects.filter(task="petitions.tasks.conference_reminders", enabled=True).exists()
