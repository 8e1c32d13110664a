"""DOCX rendering of Decree-30 documents with python-docx, from the same Document data as the PDF.

Officials edit the .docx in Word before signing, so it uses Times New Roman (the font their machines have;
the PDF embeds a metric-compatible free font instead).
"""

import io

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from reports.documents.base import DOTS, NATIONAL_MOTTO, NATIONAL_TITLE, Document

FONT_NAME = "Times New Roman"
ALIGN = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _set_run_font(run, size: float | None = None) -> None:
    run.font.name = FONT_NAME
    # Word picks the font per script; without the east-Asian and complex-script slots some letters switch font.
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT_NAME)
    if size:
        run.font.size = Pt(size)


def _paragraph(container, text="", *, bold=False, italic=False, underline=False, size=14.0, align="left",
               indent=False, space_after=3, space_before=0):
    paragraph = container.add_paragraph()
    paragraph.alignment = ALIGN[align]
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(space_after)
    fmt.space_before = Pt(space_before)
    if indent:
        fmt.first_line_indent = Cm(1)
    if text:
        _add_run(paragraph, text, bold=bold, italic=italic, underline=underline, size=size)
    return paragraph


def _add_run(paragraph, text, *, bold=False, italic=False, underline=False, size=14.0):
    lines = text.split("\n")
    run = None
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold, run.italic, run.underline = bold, italic, underline
        _set_run_font(run, size)
        if i < len(lines) - 1:
            run.add_break()
    return run


def _first_paragraph(cell, *, text="", align="center", space_after=0, space_before=0, **run_kwargs):
    """Write a paragraph into a table cell, reusing the empty paragraph every new cell starts with."""
    paragraph = cell.paragraphs[0]
    if len(cell.paragraphs) > 1 or paragraph.runs or getattr(cell, "_started", False):
        paragraph = cell.add_paragraph()
    cell._started = True
    paragraph.alignment = ALIGN[align]
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(space_before)
    if text:
        _add_run(paragraph, text, **run_kwargs)
    return paragraph


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _short_rule(paragraph) -> None:
    """A short horizontal line under the issuing body (a bottom border on a narrow, centred paragraph)."""
    p_pr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    p_pr.append(border)
    paragraph.paragraph_format.left_indent = Cm(2.2)
    paragraph.paragraph_format.right_indent = Cm(2.2)


def _header(word, doc: Document) -> None:
    if doc.appendix:
        _paragraph(word, doc.appendix, bold=True, align="center", space_after=0)
        if doc.appendix_title:
            _paragraph(word, doc.appendix_title, bold=True, align="center", space_after=0)
        if doc.appendix_note:
            _paragraph(word, doc.appendix_note, italic=True, align="center", space_after=12)
    if doc.issuer is None:
        _paragraph(word, NATIONAL_TITLE, bold=True, size=13, align="center", space_after=0)
        _paragraph(word, NATIONAL_MOTTO, bold=True, underline=True, size=14, align="center", space_after=12)
        return
    table = word.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(9.5)
    if doc.issuer.parent:
        _first_paragraph(left, text=doc.issuer.parent, size=13)
    rule = _first_paragraph(left, text=doc.issuer.name, bold=True, size=13)
    _short_rule(rule)
    if doc.number_line:
        _first_paragraph(left, text=doc.number_line, size=13, space_before=6)
    if doc.subject:
        _first_paragraph(left, text=f"V/v {doc.subject}", size=12)
    _first_paragraph(right, text=NATIONAL_TITLE, bold=True, size=12.5)
    _first_paragraph(right, text=NATIONAL_MOTTO, bold=True, underline=True, size=13.5)
    if doc.date_line and not doc.date_above_signature:
        _first_paragraph(right, text=doc.date_line, italic=True, size=14, space_before=10)


def _title(word, doc: Document) -> None:
    if doc.title:
        _paragraph(word, doc.title.upper(), bold=True, align="center", space_before=18, space_after=0)
    if doc.subtitle:
        _paragraph(word, doc.subtitle, bold=True, align="center", space_after=6)
    for i, addressee in enumerate(doc.addressees):
        _paragraph(word, f"Kính gửi: {addressee}" if i == 0 else addressee, align="center", space_before=6)


def _field_text(label: str, value: str) -> str:
    return f"{label}: {value}" if value else f"{label}: {DOTS}"


def _blocks(word, doc: Document, blocks=None) -> None:
    for block in doc.blocks if blocks is None else blocks:
        kind = block.kind
        if kind == "heading":
            _paragraph(word, block.text, bold=True, space_before=6)
        elif kind == "paragraph":
            _paragraph(word, block.text, bold=block.bold, italic=block.italic, align=block.align,
                       indent=block.indent)
        elif kind == "field":
            _paragraph(word, _field_text(block.label, block.value))
        elif kind == "field_row":
            _paragraph(word, "    ".join(_field_text(f.label, f.value) for f in block.fields))
        elif kind == "item":
            _paragraph(word, block.label, space_before=4)
            for answer in block.answers:
                _paragraph(word, f"- {answer}", align="justify")
            if not block.answers:
                for _line in block.blank_range:
                    _paragraph(word, "." * 90, size=12)
        elif kind == "qr":
            import io

            from docx.shared import Mm

            word.add_picture(io.BytesIO(block.png), width=Mm(block.size_mm))
            word.paragraphs[-1].alignment = 1  # centre
            if block.caption:
                _paragraph(word, block.caption, size=11, align="center")
        elif kind == "table":
            table = word.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                _first_paragraph(cell, text=text, bold=True, size=13)
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    _first_paragraph(cell, text=str(text), size=13, align="left")


def _signature_block(cell, signer, *, date_line: str = "") -> None:
    if date_line:
        _first_paragraph(cell, text=date_line, italic=True, space_before=12)
    if signer.on_behalf:
        _first_paragraph(cell, text=signer.on_behalf, bold=True)
    _first_paragraph(cell, text=signer.title, bold=True)
    if signer.note:
        _first_paragraph(cell, text=signer.note, italic=True, size=13)
    for _blank in range(4):
        _first_paragraph(cell, text="")
    if signer.name:
        _first_paragraph(cell, text=signer.name, bold=True)


def _recipients(cell, doc: Document) -> None:
    _first_paragraph(cell, text="Nơi nhận:", bold=True, italic=True, size=12, align="left")
    for line in doc.recipient_lines:
        _first_paragraph(cell, text=line, size=11, align="left")


def _closing(word, doc: Document) -> None:
    table = word.add_table(rows=1, cols=2)
    table.autofit = False
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7), Cm(9)
    if doc.left_signer:
        _signature_block(left, doc.left_signer)
    elif doc.recipients:
        _recipients(left, doc)
    date_line = doc.date_line if doc.date_above_signature else ""
    if doc.signer:
        _signature_block(right, doc.signer, date_line=date_line)
    elif date_line:
        _first_paragraph(right, text=date_line, italic=True, space_before=12)
    if doc.left_signer and doc.recipients:
        below = word.add_table(rows=1, cols=1)
        _no_borders(below)
        _recipients(below.rows[0].cells[0], doc)


def render_docx(document: Document) -> bytes:
    """Render `document` to .docx bytes: A4, Decree-30 margins, Times New Roman 14 on every run."""
    word = WordDocument()
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = word.styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT_NAME)
    word.core_properties.title = document.title
    word.core_properties.language = "vi-VN"
    _header(word, document)
    _title(word, document)
    _blocks(word, document)
    _closing(word, document)
    if document.annex is not None:  # the list "kèm theo", on its own pages after the signer block
        word.add_page_break()
        _paragraph(word, document.annex.title, bold=True, align="center")
        if document.annex.note:
            _paragraph(word, document.annex.note, italic=True, align="center")
        _blocks(word, document, document.annex.blocks)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
