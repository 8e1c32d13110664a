"""The reports page of one conference: every document of its cycle, the invitations, the attendance list and the
report to Sở Tài chính, in one place the conference's admin page links to."""

from django.contrib import admin
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from conferences.organisation.selectors import conferences_for_user
from reports.models import ConferenceDocumentKind, ConferenceDocumentNumber
from reports.phu_luc_1.views import can_read_reports


@login_required
@permission_required("conferences.view_conference", raise_exception=True)
def conference_documents(request, pk: int):
    """List the conference's documents (PDF / DOCX, their numbers), invitations, attendance and report files."""
    conference = get_object_or_404(conferences_for_user(request.user).select_related("body"), pk=pk)
    numbers = {n.kind: n for n in ConferenceDocumentNumber.objects.filter(conference=conference)
               .select_related("issued")}
    user = request.user
    return render(request, "reports/conference_documents.html", {
        **admin.site.each_context(request),
        "title": _("Văn bản và báo cáo: %(title)s") % {"title": conference.title},
        "conference": conference,
        "documents": [{"kind": kind, "label": label, "number": numbers.get(kind)}
                      for kind, label in ConferenceDocumentKind.choices],
        "can_change": user.has_perm("conferences.change_conference"),
        "can_read_registrations": user.has_perm("conferences.view_registration"),
        "can_report": can_read_reports(user),
    })
