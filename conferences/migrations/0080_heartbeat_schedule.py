"""Register the worker heartbeat with django-celery-beat: every minute, proving beat → broker → worker → database."""

from django.db import migrations

TASK = "conferences.heartbeat"
NAME = "Heartbeat (nhịp tiến trình nền)"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(task=TASK).exists():
        return
    every_minute, _created = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.create(
        name=NAME, task=TASK, interval=every_minute, enabled=True, kwargs='{"name": "worker"}',
        # A heartbeat that could not run within a minute is superseded by the next one.
        expire_seconds=60,
        description="Writes the 'worker' heartbeat row that /healthz checks.",
    )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=NAME).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("conferences", "0072_task_permissions"),
        ("django_celery_beat", "0018_improve_crontab_helptext"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
