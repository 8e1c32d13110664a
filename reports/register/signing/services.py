"""Write services of the signing set-up: register a signer's or a body's certificate (with its image), import a
trusted root. The admin's forms call them."""

from django.db import transaction

from reports.register.signing import pki
from reports.register.signing.models import SigningCertificate, TrustedRoot


def signing_certificate_save(record: SigningCertificate, *, certificate=None, image: bytes | None = None
                             ) -> SigningCertificate:
    """Save `record` with `certificate` (a cryptography certificate, when a new one was uploaded: PEM, fingerprint,
    subject and expiry are taken from it) and `image` (PNG bytes, when uploaded). A newly active record retires the
    owner's previous active one."""
    if certificate is not None:
        record.certificate = pki.to_pem(certificate)
        record.fingerprint = pki.fingerprint(certificate)
        record.subject = certificate.subject.rfc4514_string()[:500]
        record.not_after = certificate.not_valid_after_utc
    if image:
        record.image = image
    with transaction.atomic():
        if record.is_active:
            owner = {"user": record.user} if record.kind == SigningCertificate.Kind.SIGNER else {"body": record.body}
            SigningCertificate.objects.filter(kind=record.kind, is_active=True, **owner).exclude(
                pk=record.pk).update(is_active=False)
        record.full_clean(exclude=["image"])
        record.save()
    return record


def trusted_root_save(record: TrustedRoot, *, certificate=None) -> TrustedRoot:
    if certificate is not None:
        record.certificate = pki.to_pem(certificate)
        record.fingerprint = pki.fingerprint(certificate)
    record.full_clean()
    record.save()
    return record
