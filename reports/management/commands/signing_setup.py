"""Set up digital signing for the demo and the tests: the throwaway demo CA (a root and the body's seal
certificate) under SIGNING_DIR, and the SoftHSM2 token holding the body's key (docs/signatures.md). Never for
production, where the body's real token or HSM is configured by settings."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.register.signing import pki, token


class Command(BaseCommand):
    help = "Tạo CA thử nghiệm và token SoftHSM2 giữ khóa của cơ quan / create the demo CA and the SoftHSM2 token."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Make a new token even if one exists.")

    def handle(self, *args, force=False, **options):
        directory = pki.demo_ca_dir()
        root = pki.create_root(directory)
        body = pki.issued_files(token.BODY_CERT_STEM, directory)
        if force or not body.cert_path.exists():
            body = pki.issue_certificate(token.BODY_CERT_STEM, common_name="Ủy ban nhân dân (con dấu thử nghiệm)",
                                         organisation="Demo", directory=directory,
                                         p12_password=settings.SIGNING_PKCS12_PASSWORD.encode())
            force = True
        if settings.SIGNING_BODY_KEY != "pkcs11":
            self.stdout.write(f"Demo CA: {root.cert_path}; body key as PKCS#12: {body.p12_path}")
            return
        if not token.softhsm_available():
            raise CommandError("SoftHSM2 is missing: apt-get install softhsm2 (make run / make test install it).")
        created = token.init_softhsm_token(key_path=body.key_path, cert_path=body.cert_path, force=force)
        self.stdout.write(f"Demo CA: {root.cert_path}; SoftHSM2 token "
                          f"{settings.SIGNING_PKCS11_TOKEN_LABEL!r} {'created' if created else 'kept'}.")
