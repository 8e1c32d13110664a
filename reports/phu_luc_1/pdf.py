"""Phụ lục I as a Decree-30 document (PDF): the same header, table and closing as the Excel workbook."""

from __future__ import annotations

from dataclasses import dataclass

from reports.documents.base import Document, Paragraph
from reports.phu_luc_1 import counting as p
from reports.phu_luc_1.heading import ReportHeading


@dataclass
class PhuLucIBlock:
    """The two-level Phụ lục I table as a document block (rendered by templates/reports/pdf/phu_luc_1.html)."""

    table: p.PhuLucITable
    kind: str = "phu_luc_1"
    header_number: str = p.HEADER_NUMBER
    header_category: str = p.HEADER_CATEGORY
    header_received: str = p.HEADER_RECEIVED
    header_resolved: str = p.HEADER_RESOLVED
    header_unresolved: str = p.HEADER_UNRESOLVED
    header_in_process: str = p.HEADER_IN_PROCESS
    header_transferred: str = p.HEADER_TRANSFERRED
    header_escalated: str = p.HEADER_ESCALATED
    total_label: str = p.TOTAL_LABEL

    @property
    def numbering(self) -> list[str]:
        return [f"({i})" for i in range(1, 8)]


def heading_blocks(heading: ReportHeading, table: p.PhuLucITable) -> list:
    """The lines between the title and the table: plan reference, as-of note, organiser and time."""
    blocks = []
    if heading.plan_note:
        blocks.append(Paragraph(heading.plan_note, italic=True, align="center", indent=False))
    if table.as_of:
        blocks.append(Paragraph(f"(Số liệu tính đến hết ngày {table.as_of:%d/%m/%Y})", italic=True,
                                align="center", indent=False))
    blocks += [Paragraph(heading.organiser_line, align="left", indent=False),
               Paragraph(heading.time_line, align="left", indent=False)]
    return blocks


def phu_luc_1_document(heading: ReportHeading, table: p.PhuLucITable) -> Document:
    """The Phụ lục I document: A4 landscape, header block, title, table; note, place/date, signer."""
    # The note on withdrawn/merged petitions is printed right under the table (_phu_luc_1_table.html).
    blocks = [*heading_blocks(heading, table), PhuLucIBlock(table)]
    return Document(
        title=p.TITLE, subtitle=heading.subtitle, filename=heading.filename, issuer=heading.issuer,
        place=heading.place, date=heading.date, year=heading.year, blocks=blocks, signer=heading.signer,
        date_above_signature=True, template_name="reports/pdf/phu_luc_1.html")
