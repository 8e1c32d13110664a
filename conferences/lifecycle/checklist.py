"""Tasks per unit of a conference: created from the body's defaults, due dates from the conference date,
reminders through the outbox, and the notice to Phòng Kinh tế when the condition is not met."""

import datetime
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from conferences.calendar import workdays
from conferences.common.text import nfc
from conferences.lifecycle import eligibility
from conferences.models import Conference, ConferenceTask, StaffProfile, Unit
from conferences.outbox import services as outbox
from conferences.outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

# Days before its due date a task is reminded of (a reminder missed by downtime is sent at the next run).
REMINDER_LEAD_DAYS = 2


def _offset(conference: Conference, days) -> int:
    """An offset in days: an int, or the name of a rule setting with an optional sign ("-notice_days")."""
    if isinstance(days, int):
        return days
    text = str(days).strip()
    sign = -1 if text.startswith("-") else 1
    name = text.lstrip("+-")
    if name.isdigit():
        return sign * int(name)
    if name not in Conference.rule_field_names():
        raise ValueError(f"Unknown rule setting in a default task: {days!r}")
    return sign * int(getattr(conference, name))


def task_due_date(conference: Conference, *, anchor: str, offset_days: int, working_days: bool,
                  current: datetime.date | None = None) -> datetime.date:
    """The due date of a task: the anchor (conference date or plan due date) moved by the offset, counted in
    working days (conferences/workdays.py) or calendar days; a fixed task keeps `current`."""
    if anchor == ConferenceTask.Anchor.FIXED and current is not None:
        return current
    start = (eligibility.plan_due_date(conference.year) if anchor == ConferenceTask.Anchor.PLAN_DUE
             else eligibility.conference_date(conference))
    if not working_days:
        return start + datetime.timedelta(days=offset_days)
    if offset_days >= 0:
        return workdays.add_working_days(start, offset_days)
    return workdays.subtract_working_days(start, -offset_days)


def conference_tasks_create_defaults(*, conference: Conference) -> list[ConferenceTask]:
    """Create the conference's tasks from its body's `default_tasks` unless it already has tasks.

    Each task goes to the body's active unit of the named kind (none when the body has no such unit).
    Returns the created tasks; raises ValueError for a default naming an unknown rule setting.
    """
    if conference.tasks.exists():
        return []
    units = {}
    for unit in Unit.objects.filter(body_id=conference.body_id, is_active=True).order_by("pk"):
        units.setdefault(unit.kind, unit)
    tasks = []
    for position, row in enumerate(conference.body.default_tasks or [], start=1):
        offset = _offset(conference, row.get("days", 0))
        anchor = row.get("anchor", ConferenceTask.Anchor.CONFERENCE)
        working = bool(row.get("working", True))
        if str(row.get("days", "")).lstrip("+-") == "notice_days":
            # The notice lead time has its own unit, set per body (Hà Đông: 15 working days).
            working = conference.notice_days_working
        tasks.append(ConferenceTask(
            conference=conference, position=position, unit=units.get(row.get("unit_kind")),
            title=nfc(str(row.get("title", "")))[:300], anchor=anchor, offset_days=offset, working_days=working,
            due_date=task_due_date(conference, anchor=anchor, offset_days=offset, working_days=working)))
    return ConferenceTask.objects.bulk_create(tasks)


def conference_tasks_recompute(*, conference: Conference) -> int:
    """Move the unfinished tasks' due dates after the conference date changed; a task whose reminder went out
    for the old date is reminded again. Returns how many tasks changed."""
    changed = 0
    for task in conference.tasks.select_for_update().filter(done_at__isnull=True):
        due = task_due_date(conference, anchor=task.anchor, offset_days=task.offset_days,
                            working_days=task.working_days, current=task.due_date)
        if due != task.due_date:
            task.due_date = due
            task.reminder_sent_at = None
            task.save(update_fields=["due_date", "reminder_sent_at"])
            changed += 1
    return changed


def conference_task_complete(*, task: ConferenceTask, user, done: bool = True,
                             at: datetime.datetime | None = None) -> ConferenceTask:
    """Mark a task done (or not done) by `user`, now or `at` (the demo only); returns the task."""
    with transaction.atomic():
        task = ConferenceTask.objects.select_for_update().get(pk=task.pk)
        task.done_at = (at or timezone.now()) if done else None
        task.done_by = user if done else None
        task.save(update_fields=["done_at", "done_by"])
    return task


def _unit_emails(unit: Unit | None, body) -> list[str]:
    if unit is not None:
        emails = sorted({e for e in StaffProfile.objects.filter(unit=unit, user__is_active=True)
                        .exclude(user__email="").values_list("user__email", flat=True)})
        if emails:
            return emails
    return [body.email] if body.email else []


def economic_unit_emails(body) -> list[str]:
    """E-mails of Phòng Kinh tế's staff of `body` (the body's e-mail when it has none)."""
    unit = Unit.objects.filter(body=body, kind=Unit.Kind.ECONOMIC, is_active=True).order_by("pk").first()
    return _unit_emails(unit, body)


def not_eligible_notify(*, conference: Conference) -> int:
    """Tell Phòng Kinh tế (outbox e-mail, inside the caller's transaction) that the conference is not eligible.

    Once per conference and postponement round (dedup key). Returns the number of messages written.
    """
    result = eligibility.conference_eligibility(conference)
    context = {"conference": conference, "body": conference.body, "result": result,
               "conference_date": eligibility.conference_date(conference)}
    count = 0
    for email in economic_unit_emails(conference.body):
        outbox.notification_enqueue(
            body=conference.body, template="conference_not_eligible", context=context, email=email,
            channels=(OutboxMessage.Channel.EMAIL,), related=conference,
            dedup_key=f"conference:{conference.pk}:{conference.postponement_count}:not_eligible:{email}")
        count += 1
    return count


# Tasks of these conferences need no reminder any more.
_CLOSED = (Conference.Status.STOPPED, Conference.Status.REPORTED)


def task_reminders_send(*, today: datetime.date | None = None) -> int:
    """Send the reminder of every unfinished task due within REMINDER_LEAD_DAYS (or overdue and never reminded).

    Each task is claimed under a row lock and marked `reminder_sent_at` in the transaction that writes its
    outbox messages, so running twice (or concurrently) sends once; runs missed by downtime catch up because
    the scan looks at every unreminded task up to the horizon. Returns the number of tasks reminded.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REMINDER_LEAD_DAYS)
    due_ids = list(ConferenceTask.objects.filter(
        done_at__isnull=True, reminder_sent_at__isnull=True, due_date__lte=horizon,
    ).exclude(conference__status__in=_CLOSED).values_list("pk", flat=True))
    sent = 0
    for task_id in due_ids:
        with transaction.atomic():
            task = (ConferenceTask.objects.select_for_update(**_skip_locked())
                    .filter(Q(pk=task_id), done_at__isnull=True, reminder_sent_at__isnull=True).first())
            if task is None:
                continue
            task = ConferenceTask.objects.select_related("conference__body", "unit").get(pk=task.pk)
            body = task.conference.body
            context = {"task": task, "conference": task.conference, "body": body,
                       "overdue": task.due_date < today}
            for email in _unit_emails(task.unit, body):
                outbox.notification_enqueue(
                    body=body, template="conference_task_reminder", context=context, email=email,
                    channels=(OutboxMessage.Channel.EMAIL,), related=task,
                    dedup_key=f"task:{task.pk}:{task.due_date:%Y%m%d}:reminder:{email}")
            ConferenceTask.objects.filter(pk=task.pk).update(reminder_sent_at=timezone.now())
            sent += 1
    return sent


def _skip_locked() -> dict:
    from django.db import connection

    return {"skip_locked": True} if connection.features.has_select_for_update_skip_locked else {}
