"""Register the conference reminder to registrants with django-celery-beat: hourly (the scan catches up)."""

from django.db import migrations

TASK = "petitions.tasks.conference_reminders"
NAME = "Nhắc lịch hội nghị cho đơn vị đăng ký"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    hourly, _created = IntervalSchedule.objects.get_or_create(every=60, period="minutes")
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={"task": TASK, "interval": hourly, "enabled": True, "expire_seconds": 3600,
                  "description": "Mỗi đơn vị đăng ký nhận một tin nhắc lịch (thư điện tử, SMS, Zalo) trước hội "
                                 "nghị theo số ngày làm việc đã cài đặt; không nhắc hội nghị đã hoãn, đã dừng."},
    )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=TASK).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("petitions", "0061_registration_notify_zalo"),
        ("django_celery_beat", "0018_improve_crontab_helptext"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
