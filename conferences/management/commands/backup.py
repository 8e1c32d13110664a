"""`manage.py backup`: one timestamped archive of the database and the uploaded files under var/backups/."""

from django.core.management.base import BaseCommand, CommandError

from conferences.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp tải lên / back up the database and the media directory."

    def add_arguments(self, parser):
        parser.add_argument("--directory", help="Thư mục lưu bản sao (mặc định var/backups/).")

    def handle(self, *args, directory=None, **options):
        try:
            archive = backup_create(directory=directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(archive))
