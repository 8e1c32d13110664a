"""`manage.py demo_logins`: print the demo accounts, their fixed password and the URLs to try."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from reports.demo import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "In tài khoản dùng thử / print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="Where the portal runs.")

    def handle(self, *args, **options):
        base = options["base_url"].rstrip("/")
        existing = set(get_user_model().objects.filter(
            username__in=[d.username for d in DEMO_LOGINS]).values_list("username", flat=True))
        if not existing:
            self.stdout.write("Chưa có dữ liệu mẫu: chạy `python manage.py load_demo`.")
            return
        self.stdout.write("")
        self.stdout.write(f"  Tài khoản dùng thử / demo logins (mật khẩu / password: {DEMO_PASSWORD})")
        self.stdout.write(f"  Đăng nhập / log in: {base}/admin/")
        for login in DEMO_LOGINS:
            if login.username in existing:
                self.stdout.write(f"    {login.username:<20} {login.role:<18} {login.description}")
        self.stdout.write(f"  Trang công khai / public site: {base}/")
