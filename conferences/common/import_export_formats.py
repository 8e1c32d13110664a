"""django-import-export's XLSX format, writing every value as data (tablib writes "=…" as a live formula)."""

import io

from import_export.formats.base_formats import XLSX

from conferences.common.archives import zip_check
from conferences.common.spreadsheet import table_xlsx


class TextXLSX(XLSX):
    """XLSX export whose cells never hold a formula from the exported rows; import as django-import-export."""

    def create_dataset(self, in_stream):
        # A decompression bomb is refused before openpyxl inflates it (ArchiveTooLarge: a ValueError, which
        # the import page reports as an unreadable file).
        zip_check(io.BytesIO(in_stream))
        return super().create_dataset(in_stream)

    def export_data(self, dataset, **kwargs):
        return table_xlsx(dataset.headers or [], dataset, sheet_name=dataset.title or "Sheet1")
