"""Attachments in their own file (Decree 30, Appendix I): the results report (BC) goes to Sở Tài chính with its
Phụ lục I as a separate file. The attachment is frozen with the report when it goes for signature (bytes and
SHA-256 kept, an empty signature field at the top right of its first page), and issued with it: the body signs it
with the same key in the same step, its signature showing, as text only, the report's number and symbol and the
signing time. `issued_attachment` is the file the register page and the public folder serve."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from reports.register import pdf
from reports.register.models import OutgoingAttachment, OutgoingDocument, OutgoingKind

MM = 72 / 25.4
# The body's signature on the attachment: at the top right of the first page, in the top margin that
# templates/reports/pdf/phu_luc_1_attachment.html leaves for it (18 mm).
FIELD_SIZE = (80 * MM, 11 * MM)
FIELD_RIGHT, FIELD_TOP = 15 * MM, 4 * MM
ATTACHMENT_TITLE = "Phụ lục I"


@dataclass
class AttachmentFile:
    """An issued attachment's file as served: bytes, file name (without .pdf), title, SHA-256."""

    data: bytes
    filename: str
    title: str
    sha256: str
    issued: bool = True


def has_attachment(document: OutgoingDocument) -> bool:
    """The results report of a conference is sent with its Phụ lục I in a file of its own."""
    return document.kind == OutgoingKind.RESULTS_REPORT and document.conference_id is not None


def attachment_document(document: OutgoingDocument):
    """The Phụ lục I of the report's conference (its frozen figures, else the submitted snapshot, else as it stands),
    headed as the report's attachment, without its own date and signer (the body's signature authenticates it)."""
    from reports.phu_luc_1 import counting, snapshots
    from reports.phu_luc_1.heading import conference_heading
    from reports.phu_luc_1.models import ResultsReportFigures
    from reports.phu_luc_1.pdf import phu_luc_1_document

    conference = document.conference
    body = conference.body
    # The figures frozen with the report for signature (reports.register.results_report), so that the report and
    # its Phụ lục I say the same; before that, the submitted snapshot or the figures as they stand.
    figures = ResultsReportFigures.objects.filter(document_id=document.pk).first() if document.pk else None
    snapshot = snapshots.conference_snapshot(conference) if figures is None else None
    if figures is not None:
        table = counting.PhuLucITable.from_json(figures.table)
    elif snapshot is not None:
        table = snapshots.snapshot_table(snapshot)
    else:
        table = counting.conference_table(conference)
    heading = conference_heading(conference)
    heading.plan_note = (f"(Kèm theo Báo cáo kết quả tổ chức Hội nghị năm {conference.year} của "
                         f"{body.authority_name} {body.name})")
    doc = phu_luc_1_document(heading, table)
    doc.signer, doc.place, doc.date_above_signature = None, "", False
    doc.template_name = "reports/pdf/phu_luc_1_attachment.html"
    doc.filename = f"phu-luc-1-van-ban-di-{document.pk}"
    return doc


def freeze_attachment_pdf(rendered: bytes) -> bytes:
    """The rendered attachment copied into one new revision with the body's empty signature field at the top
    right of its first page."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    reader = PdfFileReader(io.BytesIO(rendered))
    x0, y0, x1, y1 = (float(v) for v in reader.root["/Pages"]["/Kids"][0].get_object()["/MediaBox"])
    writer = copy_into_new_writer(reader)
    width, height = FIELD_SIZE
    right, top = x1 - FIELD_RIGHT, y1 - FIELD_TOP
    append_signature_field(writer, SigFieldSpec(pdf.SEAL_FIELD, on_page=0, box=(right - width, top - height,
                                                                                 right, top)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def attachment_freeze(document: OutgoingDocument) -> OutgoingAttachment | None:
    """Freeze the attachment of `document` (when its kind has one) as it goes for signature, replacing an earlier
    frozen one (a document returned and sent again)."""
    from reports.documents import render_pdf

    if not has_attachment(document):
        OutgoingAttachment.objects.filter(document=document).delete()
        return None
    data = freeze_attachment_pdf(render_pdf(attachment_document(document)))
    attachment, _created = OutgoingAttachment.objects.update_or_create(document=document, defaults={
        "title": ATTACHMENT_TITLE, "filename": f"phu-luc-1-van-ban-di-{document.pk}", "frozen_pdf": data,
        "frozen_sha256": pdf.sha256(data), "issued_pdf": None, "issued_sha256": ""})
    return attachment


def attachment_drop(document: OutgoingDocument) -> None:
    OutgoingAttachment.objects.filter(document=document).delete()


def attachment_issue(document: OutgoingDocument, *, reference: str, body_name: str, key_label: str,
                     moment: datetime.datetime) -> OutgoingAttachment | None:
    """Sign the frozen attachment of `document` as its body at issue (inside the issue's transaction); `reference`
    is the report's number and symbol ("05/BC-UBND"). Raises SignatureError."""
    from reports.register.signing.signatures import sign_attachment

    attachment = OutgoingAttachment.objects.select_for_update().filter(document=document).first()
    if attachment is None:
        return None
    attachment.issued_pdf = sign_attachment(bytes(attachment.frozen_pdf), reference=reference, body_name=body_name,
                                            key_label=key_label, moment=moment)
    attachment.issued_sha256 = pdf.sha256(attachment.issued_pdf)
    attachment.save(update_fields=["issued_pdf", "issued_sha256"])
    return attachment


def issued_attachment(document: OutgoingDocument) -> AttachmentFile | None:
    """The issued attachment file of an issued document (None when it has none): what the register page and the
    public folder offer for download, byte for byte as kept."""
    row = (OutgoingAttachment.objects.filter(document=document, issued_sha256__gt="")
           .only("issued_pdf", "filename", "title", "issued_sha256").first())
    if row is None:
        return None
    return AttachmentFile(data=bytes(row.issued_pdf), filename=row.filename, title=row.title,
                          sha256=row.issued_sha256)


def current_attachment(document: OutgoingDocument) -> AttachmentFile | None:
    """The attachment as it stands for staff: the issued file, else the frozen one."""
    row = OutgoingAttachment.objects.filter(document=document).first()
    if row is None:
        return None
    if row.issued_sha256:
        return AttachmentFile(bytes(row.issued_pdf), row.filename, row.title, row.issued_sha256)
    return AttachmentFile(bytes(row.frozen_pdf), f"trinh-ky-{row.filename}", row.title, row.frozen_sha256,
                          issued=False)
