"""Celery tasks of the petitions app: recompute of open deadlines; petition notices and reminders."""

from datetime import date

from celery import shared_task
from django.utils.translation import gettext as _

from conferences.calendar import workdays
from petitions.deadlines.recompute import open_petitions_affected_by_dates, petitions_recompute_due_dates
from petitions.models import Petition


@shared_task(name="petitions.recompute_due_dates")
def recompute_due_dates(
    dates: list[str] | None = None, conference_id: int | None = None, reason: str = "", body_id: int | None = None
) -> dict:
    """Recompute the deadlines of the open petitions whose window contains one of `dates` (ISO strings), that
    belong to conference `conference_id`, and/or that belong to body `body_id` without a conference (none of
    them: every open petition), writing events with `reason`. Returns the counts examined / changed."""
    # The calendar may have changed in another process (the web request that sent us): re-read it now.
    workdays.refresh()
    queryset = Petition.objects.all()
    if dates:
        queryset = open_petitions_affected_by_dates([date.fromisoformat(d) for d in dates])
    if conference_id is not None:
        queryset = queryset.filter(conference_id=conference_id)
    if body_id is not None:
        queryset = queryset.filter(body_id=body_id, conference__isnull=True)
    result = petitions_recompute_due_dates(reason=reason or _("Tính lại hạn trả lời"), queryset=queryset)
    return {"examined": result.examined, "changed": result.changed}


@shared_task(name="petitions.recompute_all_open")
def recompute_all_open() -> dict:
    """Nightly catch-up: recompute every open petition's deadline (a change whose task could not be queued,
    e.g. with the broker down, is applied here). Writes events only where something changed."""
    return recompute_due_dates(reason=_("Rà soát định kỳ hạn trả lời"))


@shared_task(name="petitions.tasks.petition_reminders", ignore_result=True)
def petition_reminders() -> dict:
    """Periodic (every 10 minutes, django-celery-beat): new-petition notices and the units' daily digests.

    Both are scans of the current state guarded by markers, so running twice sends once and a missed run is
    caught up by the next. Returns how many petitions were announced and digests written.
    """
    from petitions.triage.reminders import new_petition_notices_send, unit_digests_send

    return {"announced": new_petition_notices_send(), "digests": unit_digests_send()}


@shared_task(name="petitions.tasks.anonymise_expired_data", ignore_result=True)
def anonymise_expired_data() -> dict:
    """Nightly (django-celery-beat): anonymise the personal data past retention and the leftovers of deletion
    requests (petitions/anonymise/). Idempotent; returns the counts."""
    from petitions.privacy.anonymise import personal_data_anonymise_expired

    return personal_data_anonymise_expired().as_dict()


@shared_task(name="petitions.tasks.conference_reminders", ignore_result=True)
def conference_reminders() -> int:
    """Periodic (hourly, django-celery-beat): remind each registrant of the conference N working days before it,
    once (petitions/registration/reminders.py); returns how many registrants were written to."""
    from petitions.registration.reminders import conference_reminders_send

    return conference_reminders_send()
