"""The admin home's "Việc cần làm" section and its links to the reports (rendered by templates/admin/index.html)."""

from django import template
from django.urls import reverse

from conferences.organisation import roles
from conferences.organisation.selectors import staff_body
from reports.phu_luc_1.views import EXPORT_ROLES, can_read_reports
from reports.workspace.selectors import work_items

register = template.Library()


@register.inclusion_tag("admin/workspace.html", takes_context=True)
def workspace(context):
    """The signed-in user's work items, most urgent first, and the links to the reports pages."""
    request = context["request"]
    body = staff_body(request.user)
    folder = (reverse("reports_public:folder_archive", args=[body.slug]) if body is not None
              else reverse("reports_public:folder_bodies"))
    user = request.user
    return {"items": work_items(user), "folder_url": folder, "can_read_reports": can_read_reports(user),
            "can_see_dashboard": user.is_superuser or roles.has_role(user, *EXPORT_ROLES)}
