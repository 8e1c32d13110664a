"""The hourly deletion of expired sessions (they may hold a staff member's kept text: docs/security.md)."""

from django.db import migrations

TASK = "accounts.tasks.clear_expired_sessions"
NAME = "Xóa phiên đăng nhập đã hết hạn (hằng giờ)"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    hourly, _created = CrontabSchedule.objects.get_or_create(
        minute="40", hour="*", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Ho_Chi_Minh")
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={
            "task": TASK,
            "crontab": hourly,
            "enabled": True,
            "description": "Deletes expired sessions from the database, as manage.py clearsessions does: a session "
                           "may hold the text a staff member typed before it ended (docs/security.md).",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_staff_two_factor"),
        ("django_celery_beat", "0018_improve_crontab_helptext"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
