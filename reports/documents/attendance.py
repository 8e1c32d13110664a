"""The attendance list of a conference (registrants, present or not) as a PDF to sign and as an xlsx file."""

import io

from django.utils import timezone

from conferences.common.text import mask_phone
from reports.documents import Document, Paragraph, Table, official_document
from reports.documents.conference import KINDS, long_time

HEADER = ["TT", "Mã đăng ký", "Đơn vị", "Người tham dự", "Chức vụ", "Điện thoại", "Có mặt lúc"]
# The printed sheet is signed in the hall: fewer, wider columns (name and position together, no phone).
PDF_HEADER = ["TT", "Mã đăng ký", "Đơn vị", "Người tham dự", "Có mặt lúc", "Ký tên"]


def attendance_rows(registrations) -> list[list[str]]:
    """One row per registration (phones masked: the list is printed and passed around the hall)."""
    rows = []
    for i, r in enumerate(registrations, start=1):
        present = timezone.localtime(r.checked_in_at).strftime("%H:%M %d/%m") if r.checked_in_at else ""
        rows.append([str(i), r.code, r.organisation_name, r.full_name, r.position, mask_phone(r.phone), present])
    return rows


def attendance_document(conference, registrations) -> Document:
    """The list as a Decree-30 style document (unnumbered), with the count present."""
    rows = attendance_rows(registrations)
    present = sum(1 for row in rows if row[-1])
    printed = [[n, code, org, f"{name}, {position}" if position else name, at, ""]
               for n, code, org, name, position, _phone, at in rows]
    return official_document(
        body=conference.body, title="DANH SÁCH ĐIỂM DANH",
        subtitle=f"Đại biểu {KINDS} tham dự {conference.title}",
        filename=f"diem-danh-{conference.body.slug}-{conference.year}",
        date=timezone.localdate(conference.starts_at),
        blocks=[Paragraph(f"Thời gian: {long_time(conference.starts_at)}. Địa điểm: {conference.venue}.",
                          indent=False),
                Paragraph(f"Có mặt: {present:02d}/{len(rows):02d} đơn vị đăng ký.", bold=True, indent=False),
                Table(header=PDF_HEADER, rows=printed, widths=[6, 21, 29, 22, 11, 11], nowrap=(1,))],
        recipients=["Lưu: VT, KT"])


def attendance_xlsx(conference, registrations) -> bytes:
    """The list as an xlsx workbook (openpyxl write-only), header first."""
    from openpyxl import Workbook

    from conferences.common.spreadsheet import text_cell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Điểm danh")
    sheet.append([text_cell(sheet, conference.title)])
    sheet.append(HEADER)
    for row in attendance_rows(registrations):
        # Text cells, so a name typed as "=HYPERLINK(…)" is shown as typed, never evaluated.
        sheet.append([text_cell(sheet, str(v)) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
