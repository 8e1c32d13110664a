"""Register the lifecycle's periodic tasks with django-celery-beat: cut-off evaluation and task reminders."""

from django.db import migrations

SCHEDULES = (
    ("conferences.tasks.conference_cutoffs_evaluate", "Đánh giá điều kiện tổ chức khi hết hạn tiếp nhận", 15,
     "Moves conferences whose petition cut-off passed to eligible / not eligible; notifies Phòng Kinh tế."),
    ("conferences.tasks.conference_task_reminders", "Nhắc việc các đơn vị (nhiệm vụ hội nghị)", 60,
     "Reminds each unit once of its conference tasks due within two days or overdue; catches up after outages."),
)


def create_schedules(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for task, name, minutes, description in SCHEDULES:
        interval, _created = IntervalSchedule.objects.get_or_create(every=minutes, period="minutes")
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={"task": task, "interval": interval, "enabled": True, "expire_seconds": minutes * 60,
                      "description": description},
        )


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task__in=[task for task, *_rest in SCHEDULES]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("conferences", "0070_lifecycle"),
        ("django_celery_beat", "0018_improve_crontab_helptext"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
