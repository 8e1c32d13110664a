"""Staff downloads of official documents (PDF for printing, DOCX for editing before signing)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from petitions.selectors import petitions_for_user

from . import selectors
from .answers import answer_letter
from .documents import Document, render_docx, render_pdf
from .documents.phu_luc_2 import phu_luc_2

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def document_response(document: Document, fmt: str) -> HttpResponse:
    """The rendered document as a download named after it (PDF opens in the browser, DOCX downloads)."""
    content = render_pdf(document) if fmt == "pdf" else render_docx(document)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{document.filename}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
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
    return document_response(document, fmt)


@login_required
@permission_required("petitions.view_petition", raise_exception=True)
def petition_answer_letter(request, pk: int, fmt: str):
    """The written answer to a petition as a letter (công văn), for the petitions the user may see (else 404)."""
    petition = get_object_or_404(
        petitions_for_user(request.user).select_related("body__parent", "lead_unit", "conference"), pk=pk)
    return document_response(answer_letter(petition), fmt)
