"""Celery tasks of the petitions app."""

from celery import shared_task


@shared_task(name="petitions.tasks.petition_reminders", ignore_result=True)
def petition_reminders() -> dict:
    """Periodic (every 10 minutes, django-celery-beat): new-petition notices and the units' daily digests.

    Both are scans of the current state guarded by markers, so running twice sends once and a missed run is
    caught up by the next. Returns how many petitions were announced and digests written.
    """
    from .reminders import new_petition_notices_send, unit_digests_send

    return {"announced": new_petition_notices_send(), "digests": unit_digests_send()}
