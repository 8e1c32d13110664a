"""Phụ lục I as an Excel workbook (openpyxl): the plan's table with its header block, A4 landscape."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from conferences.common.spreadsheet import workbook_as_text
from conferences.common.text import nfc
from reports.documents import NATIONAL_MOTTO, NATIONAL_TITLE
from reports.phu_luc_1 import counting as p
from reports.phu_luc_1.heading import ReportHeading

FONT = "Times New Roman"
COLUMN_WIDTHS = (6, 24, 15, 15, 30, 18, 18)  # A–G: (1)…(7)
LAST = get_column_letter(len(COLUMN_WIDTHS))
# Row numbers of the fixed part of the sheet (the table's header is repeated on every printed page).
HEADER_TOP, HEADER_SUB, NUMBERING = 11, 12, 13
FIRST_CATEGORY_ROW = 14
TOTAL_ROW = FIRST_CATEGORY_ROW + len(p.CATEGORY_LABELS)
# Up to this many lines under the table (petitions withdrawn or merged), the report is fitted to one page.
ONE_PAGE_NOTE_LINES = 12
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _font(bold=False, italic=False, size=13, underline=None) -> Font:
    return Font(name=FONT, size=size, bold=bold, italic=italic, underline=underline)


def _put(ws: Worksheet, cell_range: str, value, *, font: Font | None = None, align: Alignment = CENTER) -> None:
    first = cell_range.split(":")[0]
    if ":" in cell_range:
        ws.merge_cells(cell_range)
    cell = ws[first]
    cell.value = nfc(value) if isinstance(value, str) else value
    cell.font = font or _font()
    cell.alignment = align


def _grid(ws: Worksheet, top: int, bottom: int) -> None:
    for row in ws.iter_rows(min_row=top, max_row=bottom, min_col=1, max_col=len(COLUMN_WIDTHS)):
        for cell in row:
            cell.border = GRID


def write_phu_luc_1(ws: Worksheet, heading: ReportHeading, table: p.PhuLucITable) -> None:
    """Fill `ws` with the Phụ lục I of `table` under `heading` (the layout of the plan's appendix)."""
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    # Header block: issuing body left (A–C), national title and motto right (D–G).
    _put(ws, "A1:C1", heading.issuer.parent, font=_font(size=12))
    _put(ws, "A2:C2", heading.issuer.name, font=_font(bold=True, size=12))
    _put(ws, f"D1:{LAST}1", NATIONAL_TITLE, font=_font(bold=True, size=12))
    _put(ws, f"D2:{LAST}2", NATIONAL_MOTTO, font=_font(bold=True, size=13, underline="single"))
    _put(ws, f"A4:{LAST}4", p.TITLE, font=_font(bold=True, size=14))
    _put(ws, f"A5:{LAST}5", heading.subtitle, font=_font(bold=True, size=13))
    ws.row_dimensions[5].height = 36
    if heading.plan_note:
        _put(ws, f"A6:{LAST}6", heading.plan_note, font=_font(italic=True, size=13))
    if table.as_of:
        _put(ws, f"A7:{LAST}7", f"(Số liệu tính đến hết ngày {table.as_of:%d/%m/%Y})", font=_font(italic=True))
    _put(ws, f"A8:{LAST}8", heading.organiser_line, align=LEFT)
    _put(ws, f"A9:{LAST}9", heading.time_line, align=LEFT)
    # Two-level column header, the (1)…(7) numbering row.
    bold = _font(bold=True, size=12)
    _put(ws, f"A{HEADER_TOP}:A{HEADER_SUB}", p.HEADER_NUMBER, font=bold)
    _put(ws, f"B{HEADER_TOP}:B{HEADER_SUB}", p.HEADER_CATEGORY, font=bold)
    _put(ws, f"C{HEADER_TOP}:C{HEADER_SUB}", p.HEADER_RECEIVED, font=bold)
    _put(ws, f"D{HEADER_TOP}:D{HEADER_SUB}", p.HEADER_RESOLVED, font=bold)
    _put(ws, f"E{HEADER_TOP}:G{HEADER_TOP}", p.HEADER_UNRESOLVED, font=bold)
    _put(ws, f"E{HEADER_SUB}", p.HEADER_IN_PROCESS, font=bold)
    _put(ws, f"F{HEADER_SUB}", p.HEADER_TRANSFERRED, font=bold)
    _put(ws, f"G{HEADER_SUB}", p.HEADER_ESCALATED, font=bold)
    ws.row_dimensions[HEADER_TOP].height = 22
    ws.row_dimensions[HEADER_SUB].height = 82
    for index in range(1, len(COLUMN_WIDTHS) + 1):
        _put(ws, f"{get_column_letter(index)}{NUMBERING}", f"({index})", font=_font(italic=True, size=12))
    # The seven categories in the plan's order, then "Cộng".
    for offset, row in enumerate(table.rows):
        r = FIRST_CATEGORY_ROW + offset
        _put(ws, f"A{r}", row.number)
        _put(ws, f"B{r}", row.label, align=LEFT)
        for col, value in enumerate(row.cells, start=3):
            _put(ws, f"{get_column_letter(col)}{r}", value)
    _put(ws, f"A{TOTAL_ROW}:B{TOTAL_ROW}", p.TOTAL_LABEL, font=_font(bold=True))
    for col, value in enumerate(table.totals, start=3):
        _put(ws, f"{get_column_letter(col)}{TOTAL_ROW}", value, font=_font(bold=True))
    _grid(ws, HEADER_TOP, TOTAL_ROW)
    # Under the table: the petitions not counted; then place/date and the signer on the right.
    r = TOTAL_ROW + 2
    for line in table.note_lines:
        _put(ws, f"A{r}:{LAST}{r}", line, font=_font(italic=True, size=12), align=LEFT)
        r += 1
    r += 1
    _put(ws, f"D{r}:{LAST}{r}", heading.date_line, font=_font(italic=True))
    signer = heading.signer
    if signer.on_behalf:
        r += 1
        _put(ws, f"D{r}:{LAST}{r}", signer.on_behalf, font=_font(bold=True))
    r += 1
    _put(ws, f"D{r}:{LAST}{r}", signer.title, font=_font(bold=True))
    if signer.name:
        r += 5
        _put(ws, f"D{r}:{LAST}{r}", signer.name, font=_font(bold=True))
    # A4 landscape, one page wide, printed up to the signer's name (LibreOffice otherwise printed a second page
    # holding only the repeated header and the name). A report whose list under the table is short fits one
    # page tall too, so the signer block stays with the table; a long list flows onto further pages.
    ws.print_area = f"A1:{LAST}{r}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if len(table.note_lines) <= ONE_PAGE_NOTE_LINES else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_TOP}:{NUMBERING}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6


def sheet_title(name: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in nfc(name))
    return cleaned[:31] or "Sheet"


def phu_luc_1_workbook(sheets: list[tuple[str, ReportHeading, p.PhuLucITable]]) -> bytes:
    """A workbook with one Phụ lục I sheet per (sheet name, heading, table), the first sheet first."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for name, heading, table in sheets:
        title = sheet_title(name)
        suffix = 2
        while title in used:
            title = sheet_title(f"{name[:27]} ({suffix})")
            suffix += 1
        used.add(title)
        write_phu_luc_1(workbook.create_sheet(title), heading, table)
    workbook_as_text(workbook)  # names of bodies and units are typed by people: never a live formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
