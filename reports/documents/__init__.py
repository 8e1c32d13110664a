"""Decree-30 official documents: the Document data, its PDF (WeasyPrint) and DOCX (python-docx) renderers."""

from reports.documents.base import (
    NATIONAL_MOTTO,
    NATIONAL_TITLE,
    Document,
    Field,
    FieldRow,
    Heading,
    Issuer,
    Item,
    Paragraph,
    QRCode,
    Signer,
    Table,
    body_place,
    format_date,
    format_date_line,
    format_number,
    format_number_line,
    official_document,
)
from reports.documents.docx import render_docx
from reports.documents.fonts import document_font, find_font_family
from reports.documents.pdf import render_html, render_pdf, static_file_fetcher

__all__ = [
    "NATIONAL_MOTTO", "NATIONAL_TITLE", "Document", "Field", "FieldRow", "Heading", "Issuer", "Item",
    "Paragraph", "QRCode", "Signer", "Table", "body_place", "document_font", "find_font_family", "format_date", "format_date_line",
    "format_number", "format_number_line", "official_document", "render_docx", "render_html", "render_pdf", "static_file_fetcher",
]
