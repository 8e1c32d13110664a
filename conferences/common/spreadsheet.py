"""Spreadsheet cells written with openpyxl hold user text as text: a value typed as "=HYPERLINK(…)" is never
a live formula (no `<f>` element), and no apostrophe is added in front of it."""

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE


def as_text(cell):
    """Make `cell` a plain string cell when openpyxl read its value as a formula (it starts with "=")."""
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def text_cell(sheet, value):
    """A write-only cell for `sheet.append`: strings stay strings (characters XML cannot hold removed)."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return as_text(WriteOnlyCell(sheet, value=value))


def workbook_as_text(workbook) -> None:
    """Turn every formula cell of a (not write-only) `workbook` into text: its values all come from data."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                as_text(cell)


def table_xlsx(headers, rows, *, sheet_name: str = "Sheet1") -> bytes:
    """A one-sheet workbook (header row, then `rows`) whose strings are all text cells."""
    import io

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name[:31] or "Sheet1")
    sheet.append([text_cell(sheet, value) for value in headers])
    for row in rows:
        sheet.append([text_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
