"""Create the staff role groups with their conferences permissions (petitions adds its own in its 0002)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ECONOMIC, HANDLER, OFFICE, LEADERSHIP, FINANCE = (
    "Phòng Kinh tế", "Đơn vị xử lý", "Văn phòng", "Lãnh đạo", "Sở Tài chính")

ALL = ("add", "change", "delete", "view")
# codename model -> actions per role. Frozen here (not imported) so the migration keeps its meaning.
PERMISSIONS = {
    ECONOMIC: {
        "body": ("change", "view"), "unit": ("add", "change", "view"), "staffprofile": ("view",),
        "conference": ("add", "change", "view"), "conferenceevent": ("view",),
        "agendaitem": ALL, "participant": ALL, "invitee": ALL, "registration": ALL,
    },
    HANDLER: {"body": ("view",), "unit": ("view",), "conference": ("view",)},
    OFFICE: {
        "body": ("view",), "unit": ("view",), "conference": ("change", "view"), "conferenceevent": ("view",),
        "agendaitem": ALL, "participant": ALL, "invitee": ALL, "registration": ("add", "change", "view"),
    },
    LEADERSHIP: {
        "body": ("view",), "unit": ("view",), "staffprofile": ("view",), "conference": ("view",),
        "conferenceevent": ("view",), "agendaitem": ("view",), "participant": ("view",),
        "invitee": ("view",), "registration": ("view",),
    },
    FINANCE: {"body": ("view",), "conference": ("view",), "conferenceevent": ("view",), "agendaitem": ("view",)},
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, models in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        codenames = [f"{action}_{model}" for model, actions in models.items() for action in actions]
        perms = Permission.objects.filter(content_type__app_label="conferences", codename__in=codenames)
        group.permissions.add(*perms)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[ECONOMIC, HANDLER, OFFICE, LEADERSHIP, FINANCE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0002_core"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
