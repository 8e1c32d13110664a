"""The conference reminder to registrants: CONFERENCE_REMINDER_WORKING_DAYS working days before the conference
(counted by conferences.workdays), from CONFERENCE_REMINDER_HOUR local time, one message per registrant by the
channels they chose (e-mail, SMS, Zalo "conference_reminder"), never for a postponed or stopped conference.

A scan of the current state (run hourly by django-celery-beat, or `manage.py send_conference_reminders`), not a
scheduled ETA: a missed run is caught up by the next until the conference starts. Each registrant's reminder is
guarded by its outbox dedup key (registrant and conference date), so running twice, or two scans at once, sends
once; a conference moved to a new date reminds again for the new date.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from conferences.calendar import workdays
from conferences.common.errors import ConferenceError
from conferences.models import Conference, Registration
from conferences.outbox.models import OutboxMessage
from conferences.outbox.services import notification_enqueue
from petitions.registration.selectors import registration_notify_channels
from petitions.registration.status_links import short_status_url

S = Conference.Status
# A conference in these states is not about to take place (or already has): no reminder.
NO_REMINDER = (S.DRAFT, S.NOT_ELIGIBLE, S.HELD, S.CONCLUDED, S.REPORTED, S.POSTPONED, S.STOPPED)


def reminder_day(conference: Conference) -> datetime.date:
    """The day the conference's reminder goes out: N working days before the conference's day."""
    day = timezone.localdate(conference.starts_at)
    days = settings.CONFERENCE_REMINDER_WORKING_DAYS
    return workdays.subtract_working_days(day, days) if days > 0 else day


def conferences_to_remind(now: datetime.datetime | None = None) -> list[Conference]:
    """Conferences not yet started, not postponed nor stopped, whose reminder time has come."""
    now = now or timezone.now()
    horizon = now + datetime.timedelta(days=60)  # far more than any working-day count before the conference
    due = []
    for conference in (Conference.objects.select_related("body").exclude(status__in=NO_REMINDER)
                       .filter(starts_at__gt=now, starts_at__lte=horizon)):
        send_from = timezone.make_aware(datetime.datetime.combine(
            reminder_day(conference), datetime.time(settings.CONFERENCE_REMINDER_HOUR)))
        if now >= send_from:
            due.append(conference)
    return due


def _key(registration: Registration) -> str:
    return f"conference-reminder:{registration.pk}:{timezone.localtime(registration.conference.starts_at):%Y%m%d}"


def conference_reminders_send(now: datetime.datetime | None = None) -> int:
    """Write the reminder of every registrant (to attend, not withdrawn, not anonymised, consent not withdrawn)
    of each conference whose reminder time has come and who has none for this date; returns how many registrants
    were written to. An address the outbox refuses skips that registrant only."""
    written = 0
    for conference in conferences_to_remind(now):
        registrations = (conference.registrations.filter(attending=True, withdrawn_at__isnull=True,
                                                         anonymised_at__isnull=True, consent_withdrawn_at__isnull=True)
                         .select_related("submission"))
        for registration in registrations:
            registration.conference = conference
            key = _key(registration)
            channels = registration_notify_channels(registration)
            if not channels or OutboxMessage.objects.filter(dedup_key__startswith=f"{key}:").exists():
                continue
            try:
                with transaction.atomic():
                    notification_enqueue(
                        body=conference.body, template="conference_reminder", channels=channels,
                        context={"registration": registration, "conference": conference, "body": conference.body,
                                 "status_link": short_status_url(registration)},
                        email=registration.email if "email" in channels else "",
                        phone=registration.phone if {"sms", "zalo"} & set(channels) else "",
                        related=registration, dedup_key=key)
            except ConferenceError:
                continue
            written += 1
    return written
