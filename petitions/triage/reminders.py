"""Periodic petition alerts: new petitions to Phòng Kinh tế, and each unit's daily digest of due and late ones.

Every alert is a scan of the current state, not a scheduled ETA: whatever a missed run did not send, the next
run finds and sends. A petition's reminder for a threshold (new / due within 3 working days / late, for a given
due date) is sent once: its PetitionReminder marker is written under the petition's row lock in the same
transaction as the outbox message, and one digest per unit and working day is guarded by its dedup key.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from conferences.calendar import workdays
from conferences.models import Body, Unit
from conferences.organisation import roles
from conferences.outbox.models import OutboxMessage
from conferences.outbox.services import notification_enqueue
from petitions.models import OPEN_STATUS_VALUES, Petition, PetitionReminder, Status

DUE_SOON_WORKING_DAYS = 3
IMMEDIATE, DIGEST = "immediate", "digest"


def _emails(users) -> list[str]:
    return sorted({u.email.strip().lower() for u in users if u.email.strip()})


def economic_recipients(body: Body) -> list[str]:
    """E-mail addresses of the body's active Phòng Kinh tế staff; the body's own address when none has one."""
    users = get_user_model().objects.filter(
        is_active=True, staff_profile__body=body, groups__name=roles.ECONOMIC).distinct()
    return _emails(users) or ([body.email] if body.email else [])


def unit_recipients(unit: Unit) -> list[str]:
    """E-mail addresses of the unit's active staff."""
    return _emails(get_user_model().objects.filter(is_active=True, staff_profile__unit=unit))


def _digest_time(now: datetime.datetime) -> bool:
    local = timezone.localtime(now)
    return workdays.is_working_day(local.date()) and local.hour >= settings.PETITION_DIGEST_HOUR


def _mark(petitions, kind: str, unit: Unit | None = None) -> list[Petition]:
    """Create the markers of `petitions` for `kind` (and `unit`, at their current due dates) that do not exist
    yet; returns the petitions marked now. Must run under the petitions' row locks, inside the transaction
    that writes the message."""
    def marker(p):
        return f"{p.due_date.isoformat()}/u{unit.pk}" if unit else ""

    existing = set(PetitionReminder.objects.filter(petition__in=petitions, kind=kind).values_list(
        "petition_id", "marker"))
    fresh = [p for p in petitions if (p.pk, marker(p)) not in existing]
    PetitionReminder.objects.bulk_create(
        [PetitionReminder(petition=p, kind=kind, unit=unit, marker=marker(p)) for p in fresh])
    return fresh


def new_petition_notices_send(*, now: datetime.datetime | None = None) -> int:
    """Tell Phòng Kinh tế of every petition it has not heard of: one e-mail per petition (setting "immediate")
    or one digest per body and working day (setting "digest", from PETITION_DIGEST_HOUR). Returns the number
    of petitions announced. A body without any address is skipped, and caught up once it has one."""
    now = now or timezone.now()
    mode = settings.PETITION_NEW_NOTICE
    if mode == DIGEST and not _digest_time(now):
        return 0
    announced = 0
    pending = Petition.objects.exclude(reminders__kind=PetitionReminder.Kind.NEW).exclude(
        status__in=[Status.MERGED, Status.WITHDRAWN])
    for body in Body.objects.filter(pk__in=pending.values("body_id")):
        recipients = economic_recipients(body)
        if not recipients:
            continue
        today = timezone.localtime(now).date().isoformat()
        with transaction.atomic():
            if mode == DIGEST and OutboxMessage.objects.filter(
                    dedup_key__startswith=f"petitions:new-digest:{body.pk}:{today}:").exists():
                continue  # today's digest went out; later petitions wait for tomorrow's
            locked = list(pending.filter(body=body).select_for_update(of=("self",)).select_related("conference").order_by("pk"))
            fresh = _mark(locked, PetitionReminder.Kind.NEW)
            if not fresh:
                continue
            if mode == DIGEST:
                groups = [(fresh, "petition_new_digest", f"petitions:new-digest:{body.pk}:{today}")]
            else:
                groups = [([p], "petition_new", f"petitions:new:{p.pk}") for p in fresh]
            for petitions, template, key in groups:
                for email in recipients:
                    notification_enqueue(
                        body=body, template=template, context={"body": body, "petitions": petitions,
                                                               "petition": petitions[0]},
                        email=email, channels=[OutboxMessage.Channel.EMAIL], related=petitions[0],
                        dedup_key=f"{key}:{email}")
            announced += len(fresh)
    return announced


def unit_digests_send(*, now: datetime.datetime | None = None) -> int:
    """On working days from PETITION_DIGEST_HOUR, send each unit one digest of its open petitions (led or
    coordinated) due within 3 working days or late; petitions reaching a threshold for the first time are
    listed as new and marked, the others as still pending. Returns the number of digests written."""
    now = now or timezone.now()
    if not _digest_time(now):
        return 0
    today = timezone.localtime(now).date()
    soon = workdays.add_working_days(today, DUE_SOON_WORKING_DAYS)
    due = Petition.objects.filter(status__in=OPEN_STATUS_VALUES, due_date__isnull=False, due_date__lte=soon)
    through = Petition.coordinating_units.through.objects
    unit_ids = set(due.exclude(lead_unit=None).values_list("lead_unit_id", flat=True)) | set(
        through.filter(petition__in=due).values_list("unit_id", flat=True))
    written = 0
    for unit in Unit.objects.filter(pk__in=unit_ids).select_related("body").order_by("pk"):
        recipients = unit_recipients(unit)
        if not recipients:
            continue  # nobody to tell: the markers stay unset, the first run with an address catches up
        key = f"petitions:unit-digest:{unit.pk}:{today.isoformat()}"
        with transaction.atomic():
            if OutboxMessage.objects.filter(dedup_key__startswith=f"{key}:").exists():
                continue
            mine = due.filter(Q(lead_unit=unit) | Q(pk__in=through.filter(unit=unit).values("petition_id")))
            locked = list(mine.select_for_update().order_by("due_date", "pk"))
            if not locked:
                continue
            late = [p for p in locked if p.due_date < today]
            coming = [p for p in locked if p.due_date >= today]
            new_late = _mark(late, PetitionReminder.Kind.LATE, unit)
            new_soon = _mark(coming, PetitionReminder.Kind.DUE_SOON, unit)
            fresh = {p.pk for p in new_late + new_soon}
            context = {
                "body": unit.body, "unit": unit, "today": today,
                "new_late": new_late, "new_soon": new_soon,
                "still": [p for p in locked if p.pk not in fresh],
                "rows": [(p, p.pk in fresh, (today - p.due_date).days if p.due_date < today else None,
                          workdays.working_days_between(today, p.due_date) if p.due_date >= today else None)
                         for p in locked],
            }
            for email in recipients:
                notification_enqueue(body=unit.body, template="petition_unit_digest", context=context, email=email,
                                     channels=[OutboxMessage.Channel.EMAIL], related=unit,
                                     dedup_key=f"{key}:{email}")
            written += 1
    return written
