"""The reports page of one conference: every document of its cycle with its documents in the register ("Soạn văn
bản" starts one), the invitations, the attendance list and the report to Sở Tài chính, in one place the
conference's admin page links to."""

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conferences.organisation.selectors import conferences_for_user
from reports.documents.numbering import ReportError
from reports.phu_luc_1.views import can_read_reports
from reports.register import permissions
from reports.register.conference_documents import (
    CONFERENCE_KINDS,
    RESULTS_REPORT_SLUG,
    conference_document_draft,
    conference_register_documents,
)
from reports.register.models import OutgoingDocument, OutgoingKind, OutgoingStatus


def _kind_rows(conference, user) -> list[dict]:
    """One row per kind: its register documents (oldest first), the issued one in force, the issued ones a new
    document may replace, and whether the user may draft one."""
    documents = list(conference_register_documents(conference))
    rows = []
    for slug, kind in CONFERENCE_KINDS.items():
        of_kind = [d for d in documents if d.kind == kind]
        issued = sorted((d for d in of_kind if d.status == OutgoingStatus.ISSUED),
                        key=lambda d: (d.issued_at, d.pk), reverse=True)
        probe = OutgoingDocument(body=conference.body, kind=kind, conference=conference)
        rows.append({
            "slug": str(slug), "kind": kind, "label": OutgoingKind(kind).label, "documents": of_kind,
            "issued": issued[0] if issued else None, "replaceable": issued,
            "can_draft": permissions.can_draft(user, probe),
            "downloads": slug != RESULTS_REPORT_SLUG,  # the results report's are the report page's
        })
    return rows


@login_required
@permission_required("conferences.view_conference", raise_exception=True)
def conference_documents(request, pk: int):
    """List the conference's documents (their register documents, PDF / DOCX), invitations, attendance and
    report files."""
    conference = get_object_or_404(conferences_for_user(request.user).select_related("body"), pk=pk)
    user = request.user
    kinds = _kind_rows(conference, user)
    return render(request, "reports/conference_documents.html", {
        **admin.site.each_context(request),
        "title": _("Văn bản và báo cáo: %(title)s") % {"title": conference.title},
        "conference": conference,
        "kinds": kinds,
        "results_report_issued": next(r["issued"] for r in kinds if r["kind"] == OutgoingKind.RESULTS_REPORT),
        "can_read_register": user.has_perm("reports.view_outgoingdocument"),
        "can_change": user.has_perm("conferences.change_conference"),
        "can_read_registrations": user.has_perm("conferences.view_registration"),
        "can_report": can_read_reports(user),
    })


@login_required
@permission_required("reports.add_outgoingdocument", raise_exception=True)
@require_POST
def conference_document_new(request, pk: int, kind: str):
    """"Soạn văn bản": a register draft of the kind, prefilled from the conference (optionally replacing an issued
    one, `replaces`); to its page in the register, where the text is edited and the steps are taken."""
    if kind not in CONFERENCE_KINDS:
        raise Http404
    conference = get_object_or_404(conferences_for_user(request.user).select_related("body__parent"), pk=pk)
    replaces = None
    if request.POST.get("replaces"):
        replaces = OutgoingDocument.objects.filter(
            conference=conference, kind=CONFERENCE_KINDS[kind], status=OutgoingStatus.ISSUED,
            pk=request.POST["replaces"] if request.POST["replaces"].isdigit() else None).first()
        if replaces is None:
            messages.error(request, _("Văn bản bị thay thế phải là văn bản đã ban hành cùng loại của hội nghị."))
            return HttpResponseRedirect(reverse("reports:conference_documents", args=[conference.pk]))
    try:
        document = conference_document_draft(conference=conference, kind=kind, actor=request.user,
                                             replaces=replaces, base_url=request.build_absolute_uri("/"))
    except ReportError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("reports:conference_documents", args=[conference.pk]))
    messages.success(request, _("Đã tạo dự thảo “%(title)s”. Sửa nội dung rồi trình thẩm định.") % {
        "title": document.title})
    return HttpResponseRedirect(reverse("reports:outgoing_document", args=[document.pk]))
