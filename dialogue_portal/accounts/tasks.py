"""Periodic tasks of the accounts app: expired sessions are deleted from the database."""

from importlib import import_module

from celery import shared_task
from django.conf import settings


@shared_task(name="accounts.tasks.clear_expired_sessions", ignore_result=True)
def clear_expired_sessions() -> None:
    """Hourly (django-celery-beat): delete the sessions past their expiry date, as `manage.py clearsessions` does.
    A session can hold a staff member's kept text (kept_input.py), which must not outlive it in the table."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
