"""The issued transfer or escalation letter of a petition, downloaded by its business through the registration's
secret link (the register's file, byte for byte)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.crypto import constant_time_compare

from conferences.models import Registration
from reports.register.letters import send_out_document_issued


def issued_send_out_letter(request, body_slug: str, code: str, secret: str, petition_code: str):
    """The latest issued transfer or escalation letter about a petition of the registration; 404 before issue (or
    when the letter was issued outside the portal) and for a wrong secret."""
    registration = get_object_or_404(Registration, code=code, conference__body__slug=body_slug)
    if not constant_time_compare(registration.secret, secret):
        raise Http404
    petition = get_object_or_404(registration.petitions.all(), code=petition_code)
    document = send_out_document_issued(petition)
    if document is None:
        raise Http404
    response = HttpResponse(bytes(document.issued_pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="cong-van-{petition.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
