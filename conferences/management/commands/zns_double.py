"""Run the local ZNS test double (conferences/outbox/zns_double.py) until interrupted, for development."""

import time

from django.core.management.base import BaseCommand

from conferences.outbox.zns_double import ZnsDouble


class Command(BaseCommand):
    help = "Chạy máy chủ giả lập Zalo ZNS trên máy (phát triển, thử nghiệm)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--app-id", default="demo-app")
        parser.add_argument("--app-secret", default="demo-secret")
        parser.add_argument("--refresh-token", default="demo-refresh-0")
        parser.add_argument("--not-on-zalo", nargs="*", default=[],
                            help="Số điện thoại (84…) trả lỗi -118 (không dùng Zalo).")

    def handle(self, *args, **options):
        double = ZnsDouble(app_id=options["app_id"], app_secret=options["app_secret"],
                           refresh_token=options["refresh_token"], accept_any_refresh_token=True)
        double.phone_errors.update({phone: -118 for phone in options["not_on_zalo"]})
        url = double.start(options["host"], options["port"])
        self.stdout.write(f"ZNS test double at {url} (ZALO_ZNS_URL={url} ZALO_OAUTH_URL={url})")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            double.stop()
