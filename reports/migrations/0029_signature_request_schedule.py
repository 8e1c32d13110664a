"""Register the remote-signing scan with django-celery-beat: every minute, collect signatures that came back and
expire requests the signer did not confirm in time."""

from django.db import migrations

TASK = "reports.signature_requests_scan"
NAME = "Ký số từ xa: nhận chữ ký, hết hạn yêu cầu chưa xác nhận"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _created = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.update_or_create(name=NAME, defaults={
        "task": TASK, "interval": every_minute, "enabled": True, "expire_seconds": 60,
        "description": "Polls the remote-signing service for pending requests; expires the unconfirmed ones."})


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0028_signature_requests"),
        ("django_celery_beat", "0018_improve_crontab_helptext"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
