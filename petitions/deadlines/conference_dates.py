"""Dates a registrant sees: the conference's cut-off, whether the form is open, 'còn N ngày làm việc'."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.calendar import workdays
from conferences.models import Conference
from petitions.deadlines import due_dates
from petitions.deadlines import rules as deadlines

# Conference statuses in which the public form takes registrations (petitions after the cut-off included).
ACCEPTING_STATUSES = (
    Conference.Status.NOTICE_PUBLISHED,
    Conference.Status.REGISTRATION_OPEN,
    Conference.Status.CUTOFF_PASSED,
    Conference.Status.ELIGIBLE,
    Conference.Status.POSTPONED,
)
# Conferences that will not take place: their petitions follow the no-conference rules from the start.
NO_CONFERENCE_STATUSES = due_dates.NOT_HELD_STATUSES


def rule_settings(conference: Conference) -> deadlines.RuleSettings:
    """The deadline day counts and office hours of `conference` (petitions/due_dates.py, the one mapping)."""
    return due_dates.rule_settings_for(conference)


def conference_date(conference: Conference) -> date:
    """The conference's local (Asia/Ho_Chi_Minh) calendar date."""
    return timezone.localtime(conference.starts_at, deadlines.LOCAL_TZ).date()


def conference_cutoff(conference: Conference) -> date:
    """The last day a petition counts as timely for `conference` (petitions/deadlines.py)."""
    return deadlines.petition_cutoff(conference_date(conference), rule_settings(conference))


def accepts_registrations(conference: Conference, *, now: datetime | None = None) -> bool:
    """Whether the public form is open: a published conference that has not started yet."""
    now = now or timezone.now()
    return conference.status in ACCEPTING_STATUSES and conference.starts_at > now


def before_cutoff(conference: Conference, *, today: date | None = None) -> bool:
    """Whether today (local) is on or before the conference's petition cut-off."""
    today = today or timezone.localdate()
    return today <= conference_cutoff(conference)


def remaining_text(due: date | None, *, today: date | None = None) -> str:
    """'còn N ngày làm việc' / 'hôm nay là hạn cuối' / 'trễ N ngày làm việc' for a due date, counted with
    conferences/workdays.py."""
    if due is None:
        return ""
    today = today or timezone.localdate()
    if due == today:
        return _("hôm nay là hạn cuối")
    n = workdays.working_days_between(today, due)
    if due > today:
        return _("còn %(n)s ngày làm việc") % {"n": n}
    return _("trễ %(n)s ngày làm việc") % {"n": -n}
