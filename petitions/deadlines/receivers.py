"""Receivers that recompute open deadlines when the national calendar or a conference's date or rules change."""

import logging

from django.dispatch import receiver

from conferences.calendar.signals import calendar_changed
from conferences.models import Body, Conference
from conferences.signals import body_rules_changed, conference_rules_changed
from petitions import tasks
from petitions.deadlines.due_dates import DEADLINE_SOURCE_FIELDS
from petitions.deadlines.recompute import body_reason, calendar_reason, conference_reason

logger = logging.getLogger(__name__)

# What a conference change must touch to move a deadline: its date, whether it is held, the settings used.
_DEADLINE_FIELDS = frozenset({"starts_at", "status", *DEADLINE_SOURCE_FIELDS})


def _queue(**kwargs) -> None:
    # Both signals are sent after commit, from the request that saved the change: a broker outage (or, with
    # eager Celery, a failing recompute) must not turn the saved change into an error page. The nightly
    # `petitions.recompute_all_open` task and `manage.py recompute_due_dates` catch up.
    try:
        tasks.recompute_due_dates.delay(**kwargs)
    except Exception:
        logger.exception("Deadline recompute not queued (%s); run `manage.py recompute_due_dates` or wait for "
                         "the nightly recompute_all_open", kwargs.get("reason"))


@receiver(calendar_changed, dispatch_uid="petitions_recompute_after_calendar_change")
def recompute_after_calendar_change(sender, dates, **kwargs):
    """Recompute the open petitions whose counting window contains a changed date."""
    if dates:
        _queue(dates=[d.isoformat() for d in dates], conference_id=None, reason=calendar_reason(dates))


@receiver(conference_rules_changed, dispatch_uid="petitions_recompute_after_conference_change")
def recompute_after_conference_change(sender, conference_id, changes, **kwargs):
    """Recompute the open petitions of a conference whose date, deadline settings or holding changed."""
    relevant = {name: change for name, change in changes.items() if name in _DEADLINE_FIELDS}
    if not relevant:
        return
    conference = Conference.objects.filter(pk=conference_id).only("title").first()
    if conference is not None:
        _queue(dates=None, conference_id=conference_id, reason=conference_reason(conference, relevant))


@receiver(body_rules_changed, dispatch_uid="petitions_recompute_after_body_change")
def recompute_after_body_change(sender, body_id, changes, **kwargs):
    """Recompute the open petitions without a conference of a body whose deadline settings changed (those with a
    conference keep the conference's own copy of the rules)."""
    relevant = {name: change for name, change in changes.items() if name in DEADLINE_SOURCE_FIELDS}
    if not relevant:
        return
    body = Body.objects.filter(pk=body_id).only("name").first()
    if body is not None:
        _queue(dates=None, conference_id=None, body_id=body_id, reason=body_reason(body, relevant))
