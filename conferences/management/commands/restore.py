"""`manage.py restore FILE`: put back the database and uploaded files of an archive made by `backup`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from conferences.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Khôi phục từ bản sao lưu / restore the database and media from a backup archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp backup-….tar.gz do lệnh backup tạo ra.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, archive, interactive=True, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"{path} không tồn tại / does not exist")
        if interactive and input("Dữ liệu hiện có sẽ bị thay thế / existing data will be replaced. "
                                 "Gõ 'yes' để tiếp tục: ") != "yes":
            raise CommandError("Đã hủy / cancelled")
        try:
            manifest = backup_restore(archive=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored {manifest['engine']} backup of {manifest['created_at']}")
