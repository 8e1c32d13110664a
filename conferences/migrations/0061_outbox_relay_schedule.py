"""Register the outbox relay with django-celery-beat: every minute, deliver what the per-message tasks missed."""

from django.db import migrations

TASK = "conferences.tasks.outbox_relay"
NAME = "Outbox relay (gửi thư / SMS còn tồn)"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _created = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={
            "task": TASK,
            "interval": every_minute,
            "enabled": True,
            # A relay that could not run within a minute is superseded by the next one.
            "expire_seconds": 60,
            "description": "Delivers pending e-mail and SMS of the outbox, with back-off; catches up after outages.",
        },
    )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=TASK).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("conferences", "0060_outbox"),
        ("django_celery_beat", "0018_improve_crontab_helptext"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
