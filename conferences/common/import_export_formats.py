"""django-import-export's XLSX format, writing every value as data (tablib writes "=…" as a live formula)."""

from import_export.formats.base_formats import XLSX

from conferences.common.spreadsheet import table_xlsx


class TextXLSX(XLSX):
    """XLSX export whose cells never hold a formula from the exported rows; import as django-import-export."""

    def export_data(self, dataset, **kwargs):
        return table_xlsx(dataset.headers or [], dataset, sheet_name=dataset.title or "Sheet1")
