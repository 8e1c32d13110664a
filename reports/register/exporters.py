"""The sổ đăng ký văn bản đi as xlsx: the register's columns, user text always written as text."""

from reports.exports.xlsx_stream import write_table

HEADER = ("Số và ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung", "Người ký",
          "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Trạng thái")


class OutgoingRegisterExporter:
    """Rows of the register (header first); numbers and dates as such, every user-typed value a string cell."""

    identifier = "so-van-ban-di"
    verbose_name = "Sổ đăng ký văn bản đi"

    def __init__(self, documents):
        self.documents = documents

    def rows(self):
        yield HEADER
        for d in self.documents:
            storage = f"VT, {d.unit_code}"
            yield (d.number.formatted if d.number_id else "", d.issued_on,
                   f"{d.get_kind_display()}: {d.title}", d.signer_name, "; ".join(d.recipient_list), storage,
                   d.copies, d.get_status_display())


def register_xlsx(documents) -> bytes:
    """The register as an xlsx of inline strings (a value starting with = + - @ is text, never a formula)."""
    exporter = OutgoingRegisterExporter(documents)
    return write_table(exporter.rows(), sheet_name=exporter.verbose_name, title=exporter.verbose_name,
                       widths=(16, 14, 60, 24, 40, 20, 10, 16))
