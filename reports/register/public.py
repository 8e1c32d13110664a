"""Downloads through a registration's secret link (its status page): the registration found by code and secret, and
an issued file served byte for byte; and the issued transfer or escalation letter of one of its petitions."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.crypto import constant_time_compare

from conferences.models import Registration
from reports.register.letters import send_out_document_issued


def registration_by_secret(body_slug: str, code: str, secret: str) -> Registration:
    """The registration of `code` in the body `body_slug` whose secret is `secret` (compared in constant time);
    Http404 otherwise, the same answer for a wrong code and a wrong secret."""
    registration = get_object_or_404(Registration.objects.select_related("conference__body__parent"),
                                     code=code, conference__body__slug=body_slug)
    if not constant_time_compare(registration.secret, secret):
        raise Http404
    return registration


def private_pdf(data: bytes, filename: str) -> HttpResponse:
    """`data` as a PDF shown in the browser, never kept by a shared cache."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def issued_send_out_letter(request, body_slug: str, code: str, secret: str, petition_code: str):
    """The latest issued transfer or escalation letter about a petition of the registration; 404 before issue (or
    when the letter was issued outside the portal) and for a wrong secret."""
    registration = registration_by_secret(body_slug, code, secret)
    petition = get_object_or_404(registration.petitions.all(), code=petition_code)
    document = send_out_document_issued(petition)
    if document is None:
        raise Http404
    return private_pdf(bytes(document.issued_pdf), f"cong-van-{petition.code}.pdf")
