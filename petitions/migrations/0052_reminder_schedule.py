"""Register the petition reminders with django-celery-beat: every 10 minutes (notices, daily digests)."""

from django.db import migrations

TASK = "petitions.tasks.petition_reminders"
NAME = "Nhắc hạn kiến nghị (báo kiến nghị mới, nhắc đơn vị)"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_ten, _created = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={
            "task": TASK,
            "interval": every_ten,
            "enabled": True,
            # A run that could not start within its interval is superseded by the next (the scan catches up).
            "expire_seconds": 600,
            "description": "Phòng Kinh tế: kiến nghị mới (ngay hoặc tổng hợp hằng ngày); đơn vị: tổng hợp "
                           "kiến nghị sắp đến hạn và quá hạn mỗi ngày làm việc.",
        },
    )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=TASK).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("petitions", "0051_fill_search_text"),
        ("django_celery_beat", "0018_improve_crontab_helptext"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
