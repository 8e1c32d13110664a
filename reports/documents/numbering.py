"""Write services of the reports app: document numbering."""

from django.db import transaction
from django.utils.translation import gettext as _

from conferences.common.text import nfc
from conferences.models import Body, Conference
from reports.models import DocumentNumber, DocumentType, IssuedDocumentNumber


class ReportError(Exception):
    """The one domain error of the reports app; its message is translated and shown to the user."""


def document_symbol(*, body: Body, doc_type: str, unit_code: str = "") -> str:
    """The symbol after the slash: "KH-UBND" for typed documents, "UBND-KT" for a letter of unit KT.

    Raises ReportError for an unknown type or a letter without its drafting unit.
    """
    if doc_type not in DocumentType.values:
        raise ReportError(_("Loại văn bản không hợp lệ: %(type)s") % {"type": doc_type})
    authority = body.document_symbol or "UBND"
    if doc_type == DocumentType.LETTER:
        if not unit_code:
            raise ReportError(_("Công văn cần ký hiệu đơn vị soạn thảo (ví dụ KT)."))
        return f"{authority}-{unit_code.upper()}"
    return f"{doc_type}-{authority}"


SINGLE_SERIES = "*"  # DocumentNumber.doc_type of a body's one series for every type


def numbering_series(*, body: Body, year: int, doc_type: str) -> str:
    """The counter a number of `doc_type` issued in `year` is taken from: the type's own series (the default),
    or the body's one series when its numbering policy for that year says so (reports.register)."""
    from reports.register.models import NumberingPolicy

    policy = NumberingPolicy.objects.filter(body=body, from_year__lte=year).order_by("-from_year").first()
    return SINGLE_SERIES if policy is not None and policy.single_series else doc_type


def document_number_allocate(
    *,
    body: Body,
    year: int,
    doc_type: str,
    user=None,
    unit_code: str = "",
    title: str = "",
    conference: Conference | None = None,
) -> IssuedDocumentNumber:
    """Hand out the next number of the body's series for (year, type); concurrency-safe, never reused.

    `year` is the year of issue (Decree 30: numbers run from 01 on 1 January to 31 December of the year the
    document is issued, whatever year the conference is in).

    The series row is created on first use and locked (`select_for_update`) while the number is taken, so
    two clerks taking a number at the same moment get different numbers; each number is also recorded as
    an IssuedDocumentNumber (unique), which is never deleted. Raises ReportError for an unknown type or a
    letter without its unit code.
    """
    symbol = document_symbol(body=body, doc_type=doc_type, unit_code=unit_code)
    if conference is not None and conference.body_id != body.pk:
        raise ReportError(_("Hội nghị không thuộc cơ quan này."))
    series_key = numbering_series(body=body, year=year, doc_type=doc_type)
    with transaction.atomic():
        # get_or_create runs its INSERT in a savepoint: a concurrent first use ends in one row, not an error.
        DocumentNumber.objects.get_or_create(body=body, year=year, doc_type=series_key)
        series = DocumentNumber.objects.select_for_update().get(body=body, year=year, doc_type=series_key)
        series.last_number += 1
        series.save(update_fields=["last_number", "updated_at"])
        return IssuedDocumentNumber.objects.create(
            body=body, year=year, doc_type=doc_type, number=series.last_number, symbol=symbol,
            title=nfc(title)[:500], conference=conference, issued_by=user if getattr(user, "pk", None) else None)
