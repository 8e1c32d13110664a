"""The written answer to a kiến nghị as a Decree-30 letter (công văn "Số: NN/UBND-KT"), and its number."""

from django.utils import timezone

from petitions.models import Petition
from reports.documents import Document, Paragraph, official_document
from reports.documents.base import format_date
from reports.documents.numbering import document_symbol
from reports.models import DocumentType

DEFAULT_UNIT_CODE = "KT"  # Phòng Kinh tế drafts the letters when no lead unit is set


def _parse_number(text: str) -> tuple[int | None, str]:
    number, _sep, symbol = (text or "").partition("/")
    return (int(number), symbol) if number.strip().isdigit() and symbol else (None, "")


def answer_letter(petition: Petition, text: str | None = None) -> Document:
    """The answer letter of `petition`: numbered and dated once issued, a blank number for the draft.

    `text` (the register's text of the letter) is the answer part, between the "nhận được kiến nghị… / trả lời
    như sau" paragraphs and the closing one; by default the issued answer, or the draft before issue.
    """
    body = petition.body
    number, symbol = _parse_number(petition.answer_document_number)
    unit_code = petition.lead_unit.code if petition.lead_unit_id else DEFAULT_UNIT_CODE
    symbol = symbol or document_symbol(body=body, doc_type=DocumentType.LETTER, unit_code=unit_code)
    sent = bool(petition.answer) and petition.answered_at is not None and not petition.answered_at_conference
    date = timezone.localdate(petition.answered_at) if sent else None
    if text is None or not text.strip():
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
