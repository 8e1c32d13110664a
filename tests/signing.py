"""Digital signing in the tests: the tests' demo CA and SoftHSM2 token (made once, under var/test-signing), a
registered certificate per signer, and the frozen file signed as the signer's own software would."""

from django.core.management import call_command

from reports.register.signing import pki
from reports.register.signing.models import SigningCertificate
from reports.register.signing.signatures import sign_as_signer

_ready = False


def ensure_signing_setup() -> None:
    """The demo CA and the body's SoftHSM2 token (kept between runs)."""
    global _ready
    if not _ready:
        call_command("signing_setup", stdout=open("/dev/null", "w"))  # noqa: SIM115
        _ready = True


def signer_files(stem: str, name: str = "Người ký thử") -> pki.Issued:
    files = pki.issued_files(stem)
    if not files.cert_path.exists():
        files = pki.issue_certificate(stem, common_name=name, organisation="UBND xã thử", title="Chủ tịch")
    return files


def simple_signer(files: pki.Issued):
    from pyhanko.sign.signers import SimpleSigner

    return SimpleSigner.load(str(files.key_path), str(files.cert_path),
                             ca_chain_files=(str(pki.demo_ca_dir() / "root.cert.pem"),))


def register_signer(user, stem: str | None = None) -> pki.Issued:
    """Give `user` a demo certificate (one per user name, kept between runs) registered as their signing
    certificate; returns the key and certificate files."""
    ensure_signing_setup()
    files = signer_files(stem or f"signer-{user.get_username()}", user.get_full_name() or user.get_username())
    cert = files.certificate
    SigningCertificate.objects.filter(user=user, kind="signer", is_active=True).update(is_active=False)
    SigningCertificate.objects.create(kind="signer", user=user, certificate=pki.to_pem(cert),
                                      fingerprint=pki.fingerprint(cert), subject=cert.subject.rfc4514_string(),
                                      not_after=cert.not_valid_after_utc)
    return files


def signed_by(document, user, *, files: pki.Issued | None = None, image: bytes | None = None) -> bytes:
    """The document's frozen file signed by `user` (registered first unless `files` are given), showing their
    signature `image` when given, else the text appearance."""
    document.refresh_from_db()
    files = files or register_signer(user)
    return sign_as_signer(bytes(document.frozen_pdf), simple_signer(files),
                          signer_name=user.get_full_name() or user.get_username(),
                          signer_title=document.signer_title, image=image)


def outside_event_loop(function, *args, **kwargs):
    """Run `function` in a worker thread: pyHanko's synchronous API runs an asyncio loop of its own, which cannot
    start inside Playwright's (browser tests). The thread's database connection is closed afterwards."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def call():
        try:
            return function(*args, **kwargs)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()
