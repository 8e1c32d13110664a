"""The written answer to a kiến nghị as a Decree-30 letter (công văn "Số: NN/UBND-KT"), and its number."""

from django.utils import timezone

from petitions.models import Petition
from reports.documents import Document, Paragraph, official_document
from reports.documents.base import format_date
from reports.documents.numbering import document_number_allocate, document_symbol
from reports.models import DocumentType

DEFAULT_UNIT_CODE = "KT"  # Phòng Kinh tế drafts the letters when no lead unit is set


def answer_number_allocate(*, petition: Petition, actor=None) -> str:
    """Take the next letter number of the petition's body for its answer; returns "05/UBND-KT".

    Registered with petitions.triage.services at start-up (reports.apps), called inside the sending transaction.
    """
    unit_code = petition.lead_unit.code if petition.lead_unit_id else DEFAULT_UNIT_CODE
    issued = document_number_allocate(
        body=petition.body, year=timezone.localdate().year, doc_type=DocumentType.LETTER, user=actor,
        unit_code=unit_code, title=f"V/v trả lời kiến nghị {petition.code} của {petition.organisation_name}",
        conference=petition.conference)
    return f"{issued.number:02d}/{issued.symbol}"


def _parse_number(text: str) -> tuple[int | None, str]:
    number, _sep, symbol = (text or "").partition("/")
    return (int(number), symbol) if number.strip().isdigit() and symbol else (None, "")


def answer_letter(petition: Petition) -> Document:
    """The answer letter of `petition`: numbered and dated once sent, a blank number for the draft.

    The text is the sent answer, or the draft before sending (for review and signature).
    """
    body = petition.body
    number, symbol = _parse_number(petition.answer_document_number)
    unit_code = petition.lead_unit.code if petition.lead_unit_id else DEFAULT_UNIT_CODE
    symbol = symbol or document_symbol(body=body, doc_type=DocumentType.LETTER, unit_code=unit_code)
    sent = bool(petition.answer) and petition.answered_at is not None and not petition.answered_at_conference
    date = timezone.localdate(petition.answered_at) if sent else None
    text = petition.answer if sent else (petition.answer_draft or petition.answer)
    authority = f"{body.authority_name} {body.name}"
    received = format_date(timezone.localdate(petition.received_at))
    blocks = [
        Paragraph(f"{authority} nhận được kiến nghị của {petition.organisation_name} (mã kiến nghị "
                  f"{petition.code}, tiếp nhận {received}) với nội dung: “{petition.content.strip()}”."),
        Paragraph(f"Về nội dung này, {authority} trả lời như sau:"),
        *[Paragraph(line.strip()) for line in text.splitlines() if line.strip()],
        Paragraph(f"{authority} trả lời để {petition.organisation_name} được biết./."),
    ]
    unit_name = petition.lead_unit.name if petition.lead_unit_id else "Phòng Kinh tế"
    document = official_document(
        body=body,
        title="",
        filename=f"tra-loi-{petition.code}",
        symbol=symbol,
        date=date,
        subject=f"trả lời kiến nghị của {petition.organisation_name}",
        addressees=[petition.organisation_name],
        blocks=blocks,
        recipients=["Như trên", f"{unit_name}", f"Lưu: VT, {unit_code}"],
    )
    document.number = number
    return document
