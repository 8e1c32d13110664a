"""The Decree-30 document as data: header, number and date line, title, body blocks, signer, recipients.

One `Document` feeds both renderers (PDF through templates/reports/pdf/base_decree30.html, DOCX through
python-docx), so the two never drift apart.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from conferences.common.text import nfc

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
DOTS = "." * 40


def format_number(number: int | None) -> str:
    """A document number with the leading zero below 10 (Decree 30, Appendix I): 5 -> "05", 12 -> "12"."""
    if number is None:
        return ""
    if number < 1:
        raise ValueError("Document numbers start at 1.")
    return f"{number:02d}"


def format_number_line(number: int | None, symbol: str) -> str:
    """ "Số: 05/KH-UBND"; without a number yet, a blank for the clerk to write in: "Số:       /KH-UBND"."""
    if number is None:
        return f"Số:{' ' * 7}/{symbol}"
    return f"Số: {format_number(number)}/{symbol}"


def format_date(date: datetime.date) -> str:
    """ "ngày 05 tháng 3 năm 2026": leading zero for days below 10 and for months 1 and 2 only."""
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


def format_date_line(place: str, date: datetime.date | None, *, year: int | None = None) -> str:
    """The italic place/date line: "Hải Hưng, ngày 05 tháng 3 năm 2026", or with blanks when undated."""
    if date is None:
        return f"{place}, ngày{' ' * 6}tháng{' ' * 6}năm {year or ''}".rstrip()
    return f"{place}, {format_date(date)}"


@dataclass
class Issuer:
    """The issuing body in the header's left column: parent authority (not bold), issuing body (bold)."""

    parent: str
    name: str

    @classmethod
    def from_body(cls, body) -> "Issuer":
        """ "UBND THÀNH PHỐ HẢI PHÒNG" / "ỦY BAN NHÂN DÂN XÃ HẢI HƯNG" from a conferences.Body."""
        parent = f"UBND {body.parent.name}".upper() if body.parent_id else ""
        return cls(parent=nfc(parent), name=nfc(f"{body.authority_name} {body.name}".upper()))


@dataclass
class Signer:
    """The signature block: "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH" / (signature space) / name in bold."""

    title: str
    name: str = ""
    on_behalf: str = ""
    note: str = ""

    @classmethod
    def for_body(cls, body, *, name: str = "", title: str = "") -> "Signer":
        """The chair signing on behalf of the People's Committee (the body's defaults unless given)."""
        return cls(on_behalf="TM. ỦY BAN NHÂN DÂN", title=(title or body.chair_title or "Chủ tịch").upper(),
                   name=name or body.chair_name)


@dataclass
class Paragraph:
    """A body paragraph (justified, first-line indent unless `indent` is False)."""

    text: str
    bold: bool = False
    italic: bool = False
    align: str = "justify"
    indent: bool = True
    kind: str = "paragraph"


@dataclass
class Heading:
    """A bold section heading ("I. MỤC ĐÍCH, YÊU CẦU")."""

    text: str
    kind: str = "heading"


@dataclass
class Field:
    """A form field: label, then the value, or a dotted line to fill in by hand."""

    label: str
    value: str = ""
    kind: str = "field"


@dataclass
class FieldRow:
    """Several form fields on one line (Họ và tên … Chức vụ …)."""

    fields: list[Field]
    kind: str = "field_row"


@dataclass
class Item:
    """A numbered item with its answers (one paragraph each) or dotted lines to fill in by hand."""

    label: str
    answers: list[str] = field(default_factory=list)
    blank_lines: int = 2
    kind: str = "item"

    @property
    def blank_range(self) -> range:
        return range(self.blank_lines)


@dataclass
class Table:
    """A table with a header row; `widths` are percentages; cells of `nowrap` columns (0-based) never wrap
    (codes such as HH26-7KQ4M would otherwise break at their hyphen)."""

    header: list[str]
    rows: list[list[str]]
    widths: list[int] = field(default_factory=list)
    nowrap: tuple[int, ...] = ()
    kind: str = "table"


@dataclass
class QRCode:
    """A QR code of `data` (a URL or a registration code) with a caption printed under it."""

    data: str
    caption: str = ""
    size_mm: int = 32
    kind: str = "qr"

    @property
    def svg(self) -> str:
        """The code as inline SVG (drawn by WeasyPrint without fetching anything)."""
        import qrcode
        import qrcode.image.svg

        image = qrcode.make(self.data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
        svg = image.to_string(encoding="unicode")
        return svg.replace("<svg ", f'<svg style="width:{self.size_mm}mm;height:{self.size_mm}mm" ', 1)

    @property
    def png(self) -> bytes:
        """The code as PNG (for the DOCX)."""
        import io

        import qrcode

        buffer = io.BytesIO()
        qrcode.make(self.data, border=2).save(buffer, format="PNG")
        return buffer.getvalue()


@dataclass
class Annex:
    """A list attached to a document in the same file, on its own pages after the signer block (the Giấy mời's
    "danh sách kèm theo"): a bold centred title, an italic note under it, then its blocks."""

    title: str
    note: str = ""
    blocks: list = field(default_factory=list)


@dataclass
class Document:
    """One official document, rendered by reports.documents.render_pdf and render_docx."""

    title: str
    filename: str
    issuer: Issuer | None = None
    number: int | None = None
    symbol: str = ""
    subject: str = ""
    place: str = ""
    date: datetime.date | None = None
    year: int | None = None
    subtitle: str = ""
    appendix: str = ""
    appendix_title: str = ""
    appendix_note: str = ""
    addressees: list[str] = field(default_factory=list)
    blocks: list = field(default_factory=list)
    signer: Signer | None = None
    # A second signature block in the left column (minutes: THƯ KÝ left, CHỦ TRÌ right); the recipients then
    # go below the two blocks.
    left_signer: Signer | None = None
    recipients: list[str] = field(default_factory=list)
    # Decree-30 documents put the date line in the header; a form filled by a business puts it above the
    # signature.
    date_above_signature: bool = False
    template_name: str = "reports/pdf/base_decree30.html"
    # The outgoing-documents register (reports.register): a draft carries "DỰ THẢO" on every page; the version
    # frozen for signature has blank places (named anchors) where number and date are filled at issue, and the
    # QR code of its verification id.
    draft_mark: bool = False
    placeholders: bool = False
    verification_qr: "QRCode | None" = None
    annex: Annex | None = None

    @property
    def number_line(self) -> str:
        return format_number_line(self.number, self.symbol) if self.symbol else ""

    @property
    def date_line(self) -> str:
        return format_date_line(self.place, self.date, year=self.year) if self.place else ""

    @property
    def recipient_lines(self) -> list[str]:
        """ "- Sở Tài chính;" … "- Lưu: VT, KT." (each ends with ";" but the last, which ends with ".")."""
        lines = [f"- {r.rstrip(';. ')};" for r in self.recipients]
        if lines:
            lines[-1] = lines[-1][:-1] + "."
        return lines


def body_place(body) -> str:
    """The place name of the date line: the body's setting, else its name without "xã "/"phường "/"đặc khu "."""
    if body.place_name:
        return body.place_name
    for prefix in ("xã ", "phường ", "đặc khu ", "thành phố "):
        if body.name.lower().startswith(prefix):
            return body.name[len(prefix):]
    return body.name


def official_document(*, body, title: str, filename: str, issued=None, symbol: str = "",
                      date: datetime.date | None = None, signer: Signer | None = None, **fields) -> Document:
    """A Decree-30 document issued by `body`: header, number (from an IssuedDocumentNumber), place, signer.

    Without `issued` the number is left blank for the clerk ("Số:       /KH-UBND", give `symbol`); other
    Document fields (subtitle, subject, addressees, blocks, recipients, …) pass through `fields`.
    """
    return Document(
        title=title,
        filename=filename,
        issuer=Issuer.from_body(body),
        number=issued.number if issued else None,
        symbol=issued.symbol if issued else symbol,
        place=body_place(body),
        date=date,
        # Undated: the clerk writes day and month by hand on "ngày … tháng … năm <this year>".
        year=issued.year if issued else (date or timezone.localdate()).year,
        signer=signer or Signer.for_body(body),
        **fields,
    )
