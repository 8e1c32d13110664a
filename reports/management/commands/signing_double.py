"""Run the local remote-signing double (reports.register.signing.double) on loopback: `make run` starts it beside
the portal, whose SIGNING_REMOTE_URL then points at it; its page /xac-nhan/ stands for the signer's phone."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from reports.register.signing import double


class Command(BaseCommand):
    help = "Dịch vụ ký số từ xa thử nghiệm (bản thử, chỉ cho demo) / the local remote-signing double."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8765)

    def handle(self, *args, host, port, **options):
        server, _double = double.serve(host, port, api_key=settings.SIGNING_REMOTE_API_KEY)
        self.stdout.write(f"Signing double on http://{host}:{server.server_address[1]}/ "
                          f"(phone page: /xac-nhan/)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            server.shutdown()
