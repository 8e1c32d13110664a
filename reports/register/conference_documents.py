"""A conference's documents through the register: the kinds of its cycle, a draft prefilled with the text the
portal generates from the conference, the register rows of each kind, and the issued one whose number and file
every other page reads (the number is never taken outside the register)."""

import re

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from conferences.models import Conference
from reports.documents.base import DOTS, Document, Field, FieldRow, Heading, Item, Paragraph, QRCode, Table
from reports.documents.models import ConferenceDocumentKind, IssuedDocumentNumber
from reports.documents.numbering import ReportError
from reports.register.models import OutgoingDocument, OutgoingKind, OutgoingStatus

RESULTS_REPORT_SLUG = "bao-cao-ket-qua"  # its downloads are the report page's (reports.phu_luc_1)
# The conference page's slug of each kind (also the download URLs' slug) -> the register's kind, in the cycle's order.
CONFERENCE_KINDS = {
    ConferenceDocumentKind.PLAN: OutgoingKind.PLAN,
    ConferenceDocumentKind.NOTICE: OutgoingKind.NOTICE,
    ConferenceDocumentKind.STOP_POSTPONE_REPORT: OutgoingKind.STOP_POSTPONE_REPORT,
    ConferenceDocumentKind.INVITATION: OutgoingKind.INVITATION,
    ConferenceDocumentKind.MINUTES: OutgoingKind.MINUTES,
    ConferenceDocumentKind.CONCLUSION: OutgoingKind.CONCLUSION,
    ConferenceDocumentKind.RESULTS: OutgoingKind.RESULTS_NOTICE,
    RESULTS_REPORT_SLUG: OutgoingKind.RESULTS_REPORT,
}
# The results report's figures come from the Phụ lục I snapshot frozen when it is sent for signature, not from
# text written when the draft was made.
GENERATED_ONLY = (OutgoingKind.RESULTS_REPORT,)


# ---- Text: the blocks of a generated document as text the drafter edits, and back ---------------------------
# Plain lines are paragraphs ("**…**" a bold one); "## " starts a heading; "| a | b |" lines form a table (the first is its header);
# a line of dots only is a line to fill in by hand; "[QR] data | caption" is a QR code.
HEADING, CELL, QR, BOLD = "## ", "|", "[QR] ", "**"
DOTTED = re.compile(r"^[.…\s]{3,}$")


def _cells(row) -> str:
    return "| " + " | ".join(str(cell).replace("|", "/").replace("\n", " ") for cell in row) + " |"


def blocks_text(blocks) -> str:
    """The text of `blocks` in the register's light markup (what "Soạn văn bản" prefills)."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            lines.append(HEADING + block.text)
        elif isinstance(block, Paragraph):
            lines.extend(f"{BOLD}{line}{BOLD}" if block.bold else line for line in block.text.splitlines()
                         if line.strip())
        elif isinstance(block, Item):
            if block.label:
                lines.append(block.label)
            lines.extend(f"- {answer}" for answer in block.answers)
            if not block.answers:
                lines.extend([DOTS] * block.blank_lines)
        elif isinstance(block, Table):
            lines.extend(_cells(row) for row in [block.header, *block.rows])
        elif isinstance(block, Field):
            lines.append(f"{block.label}: {block.value or DOTS}")
        elif isinstance(block, FieldRow):
            lines.append("; ".join(f"{f.label}: {f.value or DOTS}" for f in block.fields))
        elif isinstance(block, QRCode):
            lines.append(f"{QR}{block.data} | {block.caption}")
        lines.append("")
    return "\n".join(lines).strip() + "\n"


def text_blocks(text: str) -> list:
    """The blocks of a document's text (the inverse of blocks_text; any plain text is paragraphs)."""
    blocks: list = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        last = blocks[-1] if blocks else None
        if line.startswith(HEADING):
            blocks.append(Heading(line[len(HEADING):].strip()))
        elif line.startswith(CELL) and line.endswith(CELL) and len(line) > 1:
            cells = [cell.strip() for cell in line[1:-1].split(CELL)]
            if isinstance(last, Table) and len(cells) == len(last.header):
                last.rows.append(cells)
            else:
                blocks.append(Table(header=cells, rows=[]))
        elif DOTTED.match(line):
            if isinstance(last, Item) and not last.answers:
                last.blank_lines += 1
            else:
                blocks.append(Item("", blank_lines=1))
        elif line.startswith(QR):
            data, _sep, caption = line[len(QR):].partition(" | ")
            blocks.append(QRCode(data=data.strip(), caption=caption.strip(), size_mm=28))
        elif line.startswith(BOLD) and line.endswith(BOLD) and len(line) > 2 * len(BOLD):
            blocks.append(Paragraph(line[len(BOLD):-len(BOLD)].strip(), bold=True))
        else:
            blocks.append(Paragraph(line))
    return blocks


# ---- Reads ------------------------------------------------------------------------------------------------------

def conference_register_documents(conference: Conference) -> QuerySet[OutgoingDocument]:
    """The register rows about `conference` of its cycle's kinds, oldest first."""
    return (OutgoingDocument.objects.filter(conference=conference, kind__in=CONFERENCE_KINDS.values())
            .select_related("number", "replaces__number").order_by("created_at", "pk"))


def conference_issued_document(conference: Conference, kind: str) -> OutgoingDocument | None:
    """The conference's issued document of `kind` (a page slug or a register kind) in force: the latest issued one
    (a correction is issued after the document it replaces). None while none is issued."""
    kind = CONFERENCE_KINDS.get(kind, kind)
    return (OutgoingDocument.objects.filter(conference=conference, kind=kind, status=OutgoingStatus.ISSUED)
            .select_related("number").order_by("-issued_at", "-pk").first())


def conference_issued_number(conference: Conference, kind: str) -> IssuedDocumentNumber | None:
    """The number of the conference's issued document of `kind` (None: not issued, the number is left blank)."""
    document = conference_issued_document(conference, kind)
    return document.number if document is not None else None


# ---- Write ------------------------------------------------------------------------------------------------------

def conference_document_draft(*, conference: Conference, kind: str, actor, base_url: str = "",
                              replaces: OutgoingDocument | None = None) -> OutgoingDocument:
    """A new register draft of `kind` (a page slug or a register kind) about `conference`, drafted by Phòng Kinh tế,
    its text and recipients prefilled from what the portal generates for the conference (the drafter edits them on
    the register's page). Several documents of one kind are allowed; `replaces` names the issued document of the
    same kind and conference this one corrects. Raises ReportError (role, kind, or what it replaces)."""
    from reports.register.rendering import builder_document
    from reports.register.services import outgoing_document_create

    kind = CONFERENCE_KINDS.get(kind, kind)
    if kind not in CONFERENCE_KINDS.values():
        raise ReportError(_("Loại văn bản không phải văn bản của hội nghị."))
    if replaces is not None and (replaces.conference_id != conference.pk or replaces.kind != kind):
        raise ReportError(_("Văn bản thay thế phải cùng loại và cùng hội nghị với văn bản bị thay thế."))
    label = OutgoingKind(kind).label
    title = f"{label} năm {conference.year}"
    if replaces is not None:
        title += _(" (thay thế văn bản số %(number)s)") % {"number": replaces.number.formatted}
    probe = OutgoingDocument(body=conference.body, kind=kind, conference=conference)
    generated: Document | None = builder_document(probe, base_url)
    text = "" if kind in GENERATED_ONLY or generated is None else blocks_text(generated.blocks)
    recipients = "\n".join(generated.recipients) if generated is not None else ""
    return outgoing_document_create(body=conference.body, kind=kind, title=title, actor=actor, text=text,
                                    conference=conference, recipients=recipients, replaces=replaces)
