"""Staff downloads of official documents (PDF for printing, DOCX for editing before signing)."""

import io
import logging
import zipfile

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse

from conferences.audit.services import AuditAction, audit_record
from conferences.organisation.selectors import invitees_for_user
from petitions.workflow.selectors import petitions_for_user
from reports.documents import Document, attendance, render_docx, render_pdf, selectors
from reports.documents import conference as conference_documents
from reports.documents.answers import answer_letter
from reports.documents.phu_luc_2 import phu_luc_2
from reports.models import ConferenceDocumentKind
from reports.register.conference_documents import conference_issued_document

logger = logging.getLogger(__name__)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


# Conference documents that list petitioners (name of the business, its question): their downloads are audited.
PERSONAL_DOCUMENT_KINDS = (ConferenceDocumentKind.MINUTES, ConferenceDocumentKind.RESULTS,
                           ConferenceDocumentKind.CONCLUSION)


def audit_export(request, obj, detail: str) -> None:
    """Record a staff download that contains personal data (by the object's id only)."""
    audit_record(user=request.user, action=AuditAction.EXPORT, obj=obj, detail=detail, request=request)


def document_response(document: Document, fmt: str) -> HttpResponse:
    """The rendered document as a download named after it (PDF opens in the browser, DOCX downloads)."""
    content = render_pdf(document) if fmt == "pdf" else render_docx(document)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{document.filename}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def issued_file_response(document, filename: str, *, public: bool = False) -> HttpResponse:
    """The issued file of a register document, byte for byte as kept (its SHA-256 in a header)."""
    response = HttpResponse(bytes(document.issued_pdf), content_type=CONTENT_TYPES["pdf"])
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    response["X-Content-SHA256"] = document.issued_sha256
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response


@login_required
@permission_required("conferences.view_conference", raise_exception=True)
def conference_phu_luc_2(request, pk: int, fmt: str):
    """The blank Phụ lục II registration form of a conference of the user's body."""
    conference = get_object_or_404(selectors.conferences_for_user(request.user).select_related("body__parent"),
                                   pk=pk)
    document = phu_luc_2(conference, plan=selectors.conference_plan_number(conference))
    return document_response(document, fmt)


@login_required
@permission_required("conferences.view_registration", raise_exception=True)
def registration_phu_luc_2(request, pk: int, fmt: str):
    """The Phụ lục II form filled with a registration's data and its petitions by category."""
    registration = get_object_or_404(
        selectors.registrations_for_user(request.user).select_related("conference__body__parent"), pk=pk)
    conference = registration.conference
    document = phu_luc_2(conference, registration=registration,
                         petitions=selectors.registration_petitions(registration),
                         plan=selectors.conference_plan_number(conference))
    response = document_response(document, fmt)
    audit_export(request, registration, f"phu-luc-2.{fmt}")
    return response


def registration_page_url(request, conference) -> str:
    """The public registration page of the conference (issue 6), absolute, as printed in QR codes."""
    return request.build_absolute_uri(f"/{conference.body.slug}/hoi-nghi/{conference.year}/dang-ky/")


def _conference_document(request, conference, kind: str, issued=None):
    """The document of `kind` as the portal generates it from the conference, unnumbered (the number is given when
    the register issues it) and citing the issued plan's number."""
    plan = selectors.conference_plan_number(conference)
    url = registration_page_url(request, conference)
    if kind == ConferenceDocumentKind.PLAN:
        return conference_documents.plan(conference, issued=issued)
    if kind == ConferenceDocumentKind.NOTICE:
        return conference_documents.notice(conference, issued=issued, registration_url=url, plan=plan)
    if kind == ConferenceDocumentKind.STOP_POSTPONE_REPORT:
        return conference_documents.stop_postpone_report(
            conference, issued=issued, plan=plan,
            petitions_received=selectors.conference_petitions(conference).count())
    if kind == ConferenceDocumentKind.INVITATION:
        return conference_documents.invitation(conference, issued=issued, registration_url=url)
    if kind == ConferenceDocumentKind.RESULTS:
        return conference_documents.results_notice(conference, issued=issued,
                                                   petitions=selectors.conference_petitions(conference))
    if kind == "maket":
        return conference_documents.banner(conference)
    if kind == ConferenceDocumentKind.MINUTES:
        return conference_documents.minutes(conference, issued=issued,
                                            petitions=selectors.conference_petitions(conference))
    return conference_documents.conclusion(conference, issued=issued,
                                           petitions=selectors.conference_petitions(conference),
                                           open_petitions=selectors.conference_open_petitions(conference))


@login_required
@permission_required("conferences.view_conference", raise_exception=True)
def conference_document(request, pk: int, kind: str, fmt: str):
    """A document of the conference's cycle (kind: ConferenceDocumentKind, or "maket" for the hall's banner): once
    issued through the register, its issued file byte for byte (the DOCX then gives way to it); before, the
    document generated from the conference, unnumbered, for drafting offline."""
    if kind not in (*ConferenceDocumentKind.values, "maket"):
        raise Http404
    conference = get_object_or_404(
        selectors.conferences_for_user(request.user).select_related("body__parent"), pk=pk)
    issued = conference_issued_document(conference, kind) if kind != "maket" else None
    if issued is not None and issued.issued_pdf is not None:
        if fmt != "pdf":
            return HttpResponseRedirect(reverse("reports:conference_document", args=[conference.pk, kind, "pdf"]))
        response = issued_file_response(issued, f"{kind}-{conference.body.slug}-{conference.year}")
    else:  # not issued; or issued on paper before the register (its number, no file kept)
        response = document_response(
            _conference_document(request, conference, kind, issued=issued.number if issued else None), fmt)
    if kind in PERSONAL_DOCUMENT_KINDS:
        audit_export(request, conference, f"{kind}.{fmt}")
    return response


@login_required
@permission_required("conferences.view_registration", raise_exception=True)
def registration_invitation(request, pk: int, fmt: str):
    """The Giấy mời of one registrant, with its registration code as QR."""
    registration = get_object_or_404(
        selectors.registrations_for_user(request.user).select_related("conference__body__parent"), pk=pk)
    conference = registration.conference
    document = conference_documents.invitation(
        conference, issued=selectors.conference_document_issued(conference, ConferenceDocumentKind.INVITATION),
        registration=registration, registration_url=registration_page_url(request, conference))
    response = document_response(document, fmt)
    audit_export(request, registration, f"giay-moi.{fmt}")
    return response


@login_required
@permission_required("conferences.view_invitee", raise_exception=True)
def invitee_invitation(request, pk: int, fmt: str):
    """The Giấy mời of one invited business, with the registration page as QR (it may not have registered yet)."""
    invitee = get_object_or_404(invitees_for_user(request.user).select_related("conference__body__parent",
                                                                                 "registration"), pk=pk)
    conference = invitee.conference
    document = conference_documents.invitation(
        conference, issued=selectors.conference_document_issued(conference, ConferenceDocumentKind.INVITATION),
        registration=invitee.registration, invitee=invitee,
        registration_url=registration_page_url(request, conference))
    response = document_response(document, fmt)
    audit_export(request, invitee, f"giay-moi.{fmt}")
    return response


@login_required
@permission_required("conferences.view_registration", raise_exception=True)
def conference_invitations_zip(request, pk: int):
    """Every registrant's invitation (PDF, not withdrawn) in one ZIP, for printing at the office."""
    conference = get_object_or_404(
        selectors.conferences_for_user(request.user).select_related("body__parent"), pk=pk)
    issued = selectors.conference_document_issued(conference, ConferenceDocumentKind.INVITATION)
    url = registration_page_url(request, conference)
    buffer = io.BytesIO()
    registrations = selectors.registrations_for_user(request.user).filter(
        conference=conference, withdrawn_at__isnull=True).order_by("organisation_name", "pk")
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for registration in registrations:
            document = conference_documents.invitation(conference, issued=issued, registration=registration,
                                                       registration_url=url)
            archive.writestr(f"{document.filename}.pdf", render_pdf(document))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="giay-moi-{conference.body.slug}-{conference.year}.zip"'
    response["Cache-Control"] = "private, no-store"
    audit_export(request, conference, "giay-moi.zip")
    return response


@login_required
@permission_required("conferences.view_registration", raise_exception=True)
def conference_attendance(request, pk: int, fmt: str):
    """The attendance list (registrations not withdrawn, with their check-in time) as PDF, DOCX or xlsx."""
    if fmt not in ("pdf", "docx", "xlsx"):
        raise Http404
    conference = get_object_or_404(
        selectors.conferences_for_user(request.user).select_related("body__parent"), pk=pk)
    registrations = selectors.registrations_for_user(request.user).filter(
        conference=conference, withdrawn_at__isnull=True).order_by("organisation_name", "pk")
    if fmt == "xlsx":
        response = HttpResponse(
            attendance.attendance_xlsx(conference, registrations),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = (
            f'attachment; filename="diem-danh-{conference.body.slug}-{conference.year}.xlsx"')
        response["Cache-Control"] = "private, no-store"
    else:
        response = document_response(attendance.attendance_document(conference, registrations), fmt)
    audit_export(request, conference, f"diem-danh.{fmt}")
    return response


@login_required
@permission_required("petitions.view_petition", raise_exception=True)
def petition_answer_letter(request, pk: int, fmt: str):
    """The written answer to a petition as a letter (công văn), for the petitions the user may see (else 404):
    the issued file of the register byte for byte once issued (its DOCX link then gives way to it), the draft
    (DỰ THẢO, blank number) before."""
    from reports.register.answers import answer_document_current, answer_document_issued
    from reports.register.rendering import draft_document

    petition = get_object_or_404(
        petitions_for_user(request.user).select_related("body__parent", "lead_unit", "conference"), pk=pk)
    issued = answer_document_issued(petition)
    if issued is not None:
        if fmt != "pdf":
            return HttpResponseRedirect(reverse("reports:petition_answer_letter", args=[petition.pk, "pdf"]))
        response = HttpResponse(bytes(issued.issued_pdf), content_type=CONTENT_TYPES["pdf"])
        response["Content-Disposition"] = f'inline; filename="tra-loi-{petition.code}.pdf"'
        response["Cache-Control"] = "private, no-store"
    else:
        current = answer_document_current(petition)
        if current is not None:
            document = draft_document(current, request.build_absolute_uri("/"))
        else:
            document = answer_letter(petition)
            document.draft_mark = True
        document.filename = f"du-thao-tra-loi-{petition.code}"
        response = document_response(document, fmt)
    audit_export(request, petition, f"tra-loi.{fmt}")
    return response
