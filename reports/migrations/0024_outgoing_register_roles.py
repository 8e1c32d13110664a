"""The register's rights by role (design.md §Issuing a document): units and Phòng Kinh tế draft, Phòng Kinh tế
and Văn phòng review, Lãnh đạo signs, Văn phòng issues and chooses the numbering."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ECONOMIC, HANDLER, OFFICE, LEADERSHIP = "Phòng Kinh tế", "Đơn vị xử lý", "Văn phòng", "Lãnh đạo"
RIGHTS = {
    ECONOMIC: ["add_outgoingdocument", "change_outgoingdocument", "view_outgoingdocument",
               "review_outgoingdocument", "view_numberingpolicy"],
    HANDLER: ["add_outgoingdocument", "change_outgoingdocument", "view_outgoingdocument"],
    OFFICE: ["add_outgoingdocument", "change_outgoingdocument", "view_outgoingdocument",
             "review_outgoingdocument", "issue_outgoingdocument", "add_numberingpolicy", "view_numberingpolicy"],
    LEADERSHIP: ["view_outgoingdocument", "sign_outgoingdocument", "view_numberingpolicy"],
}


def _permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="reports", codename__in=codenames)


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for role, codenames in RIGHTS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*_permissions(apps, codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role, codenames in RIGHTS.items():
        for group in Group.objects.filter(name=role):
            group.permissions.remove(*_permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0023_outgoing_register"),
        ("conferences", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
