"""Let the role groups read submitted results reports in the admin (the report page needs no permission)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ECONOMIC, LEADERSHIP, FINANCE = "Phòng Kinh tế", "Lãnh đạo", "Sở Tài chính"
ROLES = (ECONOMIC, LEADERSHIP, FINANCE)


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(content_type__app_label="reports", codename="view_reportsnapshot")
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(content_type__app_label="reports", codename="view_reportsnapshot")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*permission)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0021_export_job"),
        ("conferences", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
