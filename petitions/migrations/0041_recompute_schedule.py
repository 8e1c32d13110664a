"""Register the nightly deadline recompute with django-celery-beat: catches up a change whose task was lost."""

from django.db import migrations

TASK = "petitions.recompute_all_open"
NAME = "Tính lại hạn trả lời kiến nghị (hằng đêm)"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    nightly, _created = CrontabSchedule.objects.get_or_create(
        minute="30", hour="1", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Ho_Chi_Minh")
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={
            "task": TASK,
            "crontab": nightly,
            "enabled": True,
            "description": "Recomputes every open petition's deadline; writes events only where a calendar or "
                           "conference change was not applied (e.g. the broker was down).",
        },
    )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=TASK).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("petitions", "0040_unify_deadline_rule"),
        ("django_celery_beat", "0018_improve_crontab_helptext"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
