"""Signing in the demo: the demo Lãnh đạo's certificate from the throwaway demo CA, registered as theirs, and the
frozen file signed with its key, as their own computer would (the demo data's issued documents go through the
register's sign step with it). Demo only: the keys sit under SIGNING_DIR/demo-ca."""

from reports.register.signing import pki
from reports.register.signing.models import SigningCertificate
from reports.register.signing.signatures import sign_as_signer


def register_demo_signer(user) -> pki.Issued:
    """The user's demo certificate (made once, kept under SIGNING_DIR/demo-ca), registered as their active
    signing certificate unless it already is."""
    stem = f"signer-{user.get_username()}"
    files = pki.issued_files(stem)
    if not files.cert_path.exists():
        files = pki.issue_certificate(stem, common_name=user.get_full_name() or user.get_username(),
                                      organisation="Demo", title="Lãnh đạo")
    cert = files.certificate
    fingerprint = pki.fingerprint(cert)
    if not SigningCertificate.objects.filter(user=user, fingerprint=fingerprint, is_active=True).exists():
        SigningCertificate.objects.filter(user=user, kind="signer", is_active=True).update(is_active=False)
        SigningCertificate.objects.create(kind="signer", user=user, certificate=pki.to_pem(cert),
                                          fingerprint=fingerprint, subject=cert.subject.rfc4514_string()[:500],
                                          not_after=cert.not_valid_after_utc)
    return files


def demo_signed_pdf(document, user, moment=None) -> bytes:
    """`document`'s frozen file signed by the demo `user` with their demo key, at `moment` (an aware datetime; the
    demo signs on the day it describes, before the document's issue; default now)."""
    from pyhanko.sign.signers import SimpleSigner

    files = register_demo_signer(user)
    signer = SimpleSigner.load(str(files.key_path), str(files.cert_path),
                               ca_chain_files=(str(pki.demo_ca_dir() / "root.cert.pem"),))
    record = SigningCertificate.objects.filter(kind="signer", user=user, is_active=True).only("image").first()
    return sign_as_signer(bytes(document.frozen_pdf), signer,
                          signer_name=document.signer_name or user.get_full_name() or user.get_username(),
                          signer_title=document.signer_title,
                          image=bytes(record.image) if record is not None and record.image else None,
                          moment=moment)
