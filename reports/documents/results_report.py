"""The results report (BC) to Sở Tài chính: the conference, the Phụ lục I numbers, the petitions in process."""

from __future__ import annotations

import datetime

from reports.documents.base import Document, Heading, Item, Paragraph, Table, official_document
from reports.phu_luc_1 import counting as p
from reports.phu_luc_1.heading import conference_time

TABLE_HEADER = [
    p.HEADER_NUMBER, p.HEADER_CATEGORY, "Đã tiếp nhận", "Đã giải quyết triệt để", "Đang xử lý",
    "Chuyển cơ quan khác giải quyết", "Xin ý kiến chỉ đạo cấp trên",
]


def table_block(table: p.PhuLucITable) -> Table:
    """The Phụ lục I numbers as a one-level table (the DOCX renderer has no merged header cells)."""
    rows = [[f"({i})" for i in range(1, 8)]]
    rows += [[str(r.number), r.label, *map(str, r.cells)] for r in table.rows]
    rows.append(["", p.TOTAL_LABEL, *map(str, table.totals)])
    return Table(header=TABLE_HEADER, rows=rows, widths=[6, 22, 13, 14, 13, 16, 16])


def results_report(conference, table: p.PhuLucITable, in_process: list[dict], *, issued=None,
                   date: datetime.date | None = None) -> Document:
    """The BC document of `conference` from a table and in-process details (live or from a snapshot).

    `issued` (the report's IssuedDocumentNumber) fills "Số: 05/BC-UBND"; without it the number is blank.
    """
    body = conference.body
    city = body.parent.name if body.parent_id else ""
    totals = table.totals
    blocks = [
        Heading("I. KẾT QUẢ TỔ CHỨC HỘI NGHỊ"),
        Paragraph(f"Thực hiện Kế hoạch tổ chức Hội nghị đối thoại với các doanh nghiệp, hợp tác xã, hộ kinh "
                  f"doanh năm {conference.year}, {body.authority_name} {body.name} đã tổ chức Hội nghị vào "
                  f"{conference_time(conference)}"
                  + (f" tại {conference.venue}." if conference.venue else ".")),
        Paragraph(f"Tổng số kiến nghị đã tiếp nhận: {totals[0]}; đã giải quyết triệt để: {totals[1]}; đang xử lý: "
                  f"{totals[2]}; chuyển cơ quan khác giải quyết: {totals[3]}; xin ý kiến chỉ đạo của cơ quan cấp "
                  f"trên: {totals[4]}."),
        Heading("II. KẾT QUẢ GIẢI QUYẾT KIẾN NGHỊ (chi tiết tại Phụ lục I kèm theo)"),
        table_block(table),
        *[Paragraph(line, italic=True, align="left", indent=False) for line in table.note_lines],
        Heading("III. CÁC KIẾN NGHỊ ĐANG XỬ LÝ"),
    ]
    if not in_process:
        blocks.append(Paragraph("Không có kiến nghị đang xử lý."))
    for index, item in enumerate(in_process, start=1):
        blocks.append(Item(
            f"{index}. {item['code']} — {item['organisation']} (nhóm {item['category']}): {item['content']}",
            answers=[f"Quá trình giải quyết: {item['process']}",
                     f"Vướng mắc: {item['obstacles'] or '…'}",
                     f"Đề xuất: {item['proposal'] or '…'}"]))
    return official_document(
        body=body, title="BÁO CÁO", symbol="BC-UBND", issued=issued, date=date,
        filename=f"bao-cao-ket-qua-{body.slug}-{conference.year}",
        subtitle=(f"Kết quả tổ chức Hội nghị đối thoại với các doanh nghiệp, hợp tác xã, hộ kinh doanh "
                  f"năm {conference.year} và kết quả giải quyết kiến nghị"),
        addressees=[f"Sở Tài chính {city}".strip()],
        blocks=blocks,
        recipients=[f"Sở Tài chính {city}".strip(), f"UBND {city}".strip() if city else "UBND cấp trên",
                    "Lưu: VT, KT"],
    )
