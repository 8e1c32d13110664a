"""Run the local RFC 3161 timestamp-authority double (reports.register.signing.tsa_double) on loopback; point
SIGNING_TIMESTAMP_URL at it (http://127.0.0.1:PORT/) to timestamp every signature. Run signing_setup first."""

import time

from django.core.management.base import BaseCommand

from reports.register.signing import tsa_double


class Command(BaseCommand):
    help = "Máy chủ cấp dấu thời gian thử nghiệm (bản thử, chỉ cho demo) / the local timestamp-authority double."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8767)  # 8765 and 8766 are the signing and Zalo doubles of make run

    def handle(self, *args, host, port, **options):
        server = tsa_double.serve(host, port)
        self.stdout.write(f"Timestamp double on http://{host}:{server.server_address[1]}/")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            server.shutdown()
