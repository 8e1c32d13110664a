"""Give the staff role groups (created by conferences 0003) their petitions permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ECONOMIC, HANDLER, OFFICE, LEADERSHIP, FINANCE = (
    "Phòng Kinh tế", "Đơn vị xử lý", "Văn phòng", "Lãnh đạo", "Sở Tài chính")

ALL = ("add", "change", "delete", "view")
PERMISSIONS = {
    ECONOMIC: {"petition": ("add", "change", "view"), "petitionevent": ("view",), "attachment": ALL},
    HANDLER: {"petition": ("change", "view"), "petitionevent": ("view",), "attachment": ("add", "view")},
    OFFICE: {},
    LEADERSHIP: {"petition": ("view",), "petitionevent": ("view",), "attachment": ("view",)},
    FINANCE: {},
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, models in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        codenames = [f"{action}_{model}" for model, actions in models.items() for action in actions]
        group.permissions.add(*Permission.objects.filter(content_type__app_label="petitions", codename__in=codenames))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=list(PERMISSIONS)):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="petitions"))


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0001_core"),
        ("conferences", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
