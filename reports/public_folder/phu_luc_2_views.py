"""Public downloads through the registrant's secret link: the Phụ lục II form (blank for a published conference,
filled through the secret link) and the issued answer letters of its petitions."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from conferences.models import Conference
from reports.documents import selectors
from reports.documents.phu_luc_2 import phu_luc_2
from reports.documents.views import document_response
from reports.register.public import private_pdf, registration_by_secret


def blank_phu_luc_2(request, body_slug: str, year: int, fmt: str):
    """The blank Phụ lục II of a body's public conference (not a draft), to print and fill by hand."""
    conference = (Conference.objects.filter(body__slug=body_slug, body__is_active=True, year=year, is_public=True)
                  .exclude(status=Conference.Status.DRAFT).select_related("body__parent")
                  .order_by("-starts_at").first())
    if conference is None:
        raise Http404
    return document_response(phu_luc_2(conference, plan=selectors.conference_plan_number(conference)), fmt)


def filled_phu_luc_2(request, body_slug: str, code: str, secret: str, fmt: str):
    """The registrant's own Phụ lục II, filled with the registration and its petitions, to sign or stamp."""
    registration = registration_by_secret(body_slug, code, secret)
    conference = registration.conference
    document = phu_luc_2(conference, registration=registration,
                         petitions=selectors.registration_petitions(registration),
                         plan=selectors.conference_plan_number(conference))
    return document_response(document, fmt)


def issued_answer_letter(request, body_slug: str, code: str, secret: str, petition_code: str):
    """The issued answer letter (the register's file, byte for byte) to a petition of the registration; 404 before
    it is issued."""
    from reports.register.answers import answer_document_issued

    registration = registration_by_secret(body_slug, code, secret)
    petition = get_object_or_404(registration.petitions.all(), code=petition_code)
    document = answer_document_issued(petition)
    if document is None:
        raise Http404
    return private_pdf(bytes(document.issued_pdf), f"tra-loi-{petition.code}.pdf")
