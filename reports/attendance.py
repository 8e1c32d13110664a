"""The attendance list of a conference (registrants, present or not) as a PDF to sign and as an xlsx file."""

import io

from django.utils import timezone

from conferences.text import mask_phone

from .documents import Document, Paragraph, Table, official_document
from .documents.conference import KINDS, long_time

HEADER = ["TT", "Mã đăng ký", "Đơn vị", "Người tham dự", "Chức vụ", "Điện thoại", "Có mặt lúc"]


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
    return official_document(
        body=conference.body, title="DANH SÁCH ĐIỂM DANH",
        subtitle=f"Đại biểu {KINDS} tham dự {conference.title}",
        filename=f"diem-danh-{conference.body.slug}-{conference.year}",
        date=timezone.localdate(conference.starts_at),
        blocks=[Paragraph(f"Thời gian: {long_time(conference.starts_at)}. Địa điểm: {conference.venue}.",
                          indent=False),
                Paragraph(f"Có mặt: {present:02d}/{len(rows):02d} đơn vị đăng ký.", bold=True, indent=False),
                Table(header=HEADER, rows=rows, widths=[5, 18, 25, 17, 12, 11, 12], nowrap=(1,))],
        recipients=["Lưu: VT, KT"])


def _cell(value: str) -> str:
    # A value starting like a formula is written as text, never evaluated by the spreadsheet.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def attendance_xlsx(conference, registrations) -> bytes:
    """The list as an xlsx workbook (openpyxl write-only), header first."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Điểm danh")
    sheet.append([conference.title])
    sheet.append(HEADER)
    for row in attendance_rows(registrations):
        sheet.append([_cell(str(v)) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
