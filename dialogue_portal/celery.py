"""The Celery application: configured from Django settings (CELERY_*), tasks discovered in each app."""

import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogue_portal.settings.dev")

app = Celery("dialogue_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@beat_init.connect
def _beat_heartbeat(sender=None, **kwargs):
    # Each beat process writes "beat:<host>:<pid>"; /healthz reports two recent ones as a second scheduler.
    from conferences.ops.beat import start_beat_heartbeat

    start_beat_heartbeat()
