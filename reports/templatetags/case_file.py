"""The petition's case file above its admin form (templates/admin/petitions/petition/change_form.html)."""

from django import template

from reports.workspace.case_file import case_file as case_file_context

register = template.Library()


@register.inclusion_tag("admin/petitions/petition/case_file.html", takes_context=True)
def case_file(context, petition):
    """The timeline in words, the due date with its rule, the answer letter and the next steps for this user."""
    request = context["request"]
    model_admin = context["adminform"].model_admin
    return {**case_file_context(request, model_admin, petition), "csrf_token": context.get("csrf_token")}
