"""`manage.py anonymise_expired_data`: anonymise the personal data past the retention period (docs/personal-data.md)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from petitions.privacy.anonymise import personal_data_anonymise_expired, retention_cutoff_year

LABELS = {
    "registrations": "đăng ký / registrations",
    "petitions": "kiến nghị / petitions",
    "open_petitions": "trong đó còn đang xử lý / of which still open",
    "attachments": "tệp đính kèm đã xóa / attachments deleted",
    "messages": "thư, tin nhắn đã xóa nội dung / outbox messages blanked",
    "events": "ghi chú diễn biến / event notes",
    "notes": "ghi chú nội bộ / internal notes",
    "requests": "yêu cầu về dữ liệu / data-subject requests",
    "invitees": "đơn vị được mời / invitees",
    "log_entries": "lịch sử quản trị / admin history entries",
    "report_rows": "báo cáo đã gửi, sổ số văn bản / report snapshots, letter numbers",
    "export_files": "tệp xuất dữ liệu đã xóa / export files deleted",
    "import_previews": "tệp nhập Excel bỏ dở đã xóa / abandoned import files deleted",
}


class Command(BaseCommand):
    help = ("Ẩn danh dữ liệu cá nhân đã hết thời hạn lưu trữ (PERSONAL_DATA_RETENTION_YEARS năm sau năm tổ chức "
            "hội nghị) / anonymise personal data past the retention period.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Đếm, không thay đổi gì / count only, change nothing.")
        parser.add_argument("--batch-size", type=int, default=200,
                            help="Số đăng ký mỗi giao dịch / registrations per transaction.")
        parser.add_argument("--today", help="Coi hôm nay là ngày này (YYYY-MM-DD) / pretend today is this date.")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today phải có dạng YYYY-MM-DD / must be YYYY-MM-DD") from exc
        if options["batch_size"] < 1:
            raise CommandError("--batch-size phải ≥ 1 / must be at least 1")
        cutoff = retention_cutoff_year(today)
        report = personal_data_anonymise_expired(today=today, dry_run=options["dry_run"],
                                                 batch_size=options["batch_size"])
        head = "Chạy thử, không thay đổi / dry run, nothing changed" if options["dry_run"] else "Đã ẩn danh / anonymised"
        self.stdout.write(f"{head}: hội nghị năm ≤ {cutoff} (lưu {settings.PERSONAL_DATA_RETENTION_YEARS} năm)")
        for key, value in report.as_dict().items():
            self.stdout.write(f"  {LABELS.get(key, key)}: {value}")
