"""`manage.py load_demo`: load the demo bodies, staff, conferences, registrations and petitions (idempotent)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from reports.demo import load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chạy lại không thay đổi gì) / load the demo data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, **options):
        result = load_demo()
        if result.created:
            for label, n in sorted(result.created.items()):
                self.stdout.write(f"  + {n} {label}")
        else:
            self.stdout.write("Dữ liệu mẫu đã có sẵn, không thay đổi gì / demo data already loaded, nothing changed.")
        if not options["quiet_logins"]:
            call_command("demo_logins", stdout=self.stdout)
