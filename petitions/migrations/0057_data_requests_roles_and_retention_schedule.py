"""Data-subject requests: Phòng Kinh tế handles them, Lãnh đạo reads them; the nightly retention run (beat)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ECONOMIC, LEADERSHIP = "Phòng Kinh tế", "Lãnh đạo"
PERMISSIONS = {ECONOMIC: ("change_datasubjectrequest", "view_datasubjectrequest"),
               LEADERSHIP: ("view_datasubjectrequest",)}

TASK = "petitions.tasks.anonymise_expired_data"
NAME = "Ẩn danh dữ liệu cá nhân hết thời hạn lưu trữ (hằng đêm)"


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="petitions", codename__in=codenames))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=list(PERMISSIONS)):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="petitions",
                                                            codename__endswith="_datasubjectrequest"))


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    nightly, _created = CrontabSchedule.objects.get_or_create(
        minute="15", hour="2", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Ho_Chi_Minh")
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={
            "task": TASK,
            "crontab": nightly,
            "enabled": True,
            "description": "Anonymises registrations and petitions past PERSONAL_DATA_RETENTION_YEARS and the "
                           "messages left by completed deletion requests; idempotent (docs/personal-data.md).",
        },
    )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=TASK).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("petitions", "0056_data_subject_requests"),
        ("conferences", "0003_roles"),
        ("django_celery_beat", "0018_improve_crontab_helptext"),
    ]

    operations = [migrations.RunPython(grant, revoke), migrations.RunPython(create_schedule, remove_schedule)]
