"""Give the role groups their permissions on conference tasks (the checklist on the conference page)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ("add", "change", "delete", "view")
# Frozen here (not imported) so the migration keeps its meaning.
PERMISSIONS = {
    "Phòng Kinh tế": ALL,
    "Văn phòng": ALL,
    "Lãnh đạo": ("view",),
    "Đơn vị xử lý": ("view",),
    "Sở Tài chính": ("view",),
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, actions in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.add(*Permission.objects.filter(
            content_type__app_label="conferences", codename__in=[f"{a}_conferencetask" for a in actions]))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="conferences", codename__endswith="_conferencetask").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0071_lifecycle_schedules"),
        ("conferences", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
