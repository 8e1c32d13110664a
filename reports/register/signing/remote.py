"""Remote signing: the portal sends the digest of what the signer signs, with the signer's identity, to a remote
signing service (the government CA's, or a commercial one the body accepts), waits for the signer's confirmation
on their phone, and embeds the signature when it comes back (pyHanko's interrupted signing: the document is
prepared and digested now, the CMS finished later from the stored state).

The portal's own interface, `RemoteSigningService`, has one generic HTTP adapter (`HttpSigningService`, JSON over
HTTP) configured by settings; real services plug in by settings or by another adapter with the same two calls."""

import asyncio
import base64
import datetime
import hashlib
import io
import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from reports.register import pdf
from reports.register.signing.signatures import (
    BYTES_RESERVED,
    MD_ALGORITHM,
    SignatureError,
    _der,
    signer_pdf_signer,
    trust_root_certificates,
)


class RemoteSigningError(SignatureError):
    """The remote service could not be reached or answered nonsense (the request stays as it was)."""


@dataclass
class RemoteStatus:
    status: str  # "pending", "signed", "rejected", "expired"
    signature: bytes | None = None


class RemoteSigningService:
    """What the portal needs of a remote-signing service."""

    def start(self, *, digest: bytes, digest_algorithm: str, certificate_fingerprint: str, signer: str,
              title: str, expires_at: datetime.datetime) -> str:
        """Ask the signer to sign `digest`; returns the service's id of the request."""
        raise NotImplementedError

    def status(self, request_id: str) -> RemoteStatus:
        raise NotImplementedError


class HttpSigningService(RemoteSigningService):
    """The generic adapter: POST {url}/requests {digest, digest_algorithm, certificate_fingerprint, signer, title,
    expires_at} → {"id"}; GET {url}/requests/{id} → {"status", "signature"} (base64: the raw signature over the
    digest, PKCS#1 v1.5 for RSA). An API key, when set, goes as "Authorization: Bearer …"."""

    def __init__(self, url: str, api_key: str = "", timeout: float = 10):
        if not url.startswith(("http://", "https://")):
            raise RemoteSigningError("SIGNING_REMOTE_URL phải là địa chỉ http(s).")
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def _call(self, method: str, path: str, payload: dict | None = None) -> dict:
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(f"{self.url}{path}", data=data, method=method,  # noqa: S310
                                         headers={"Content-Type": "application/json", "Accept": "application/json"})
        if self.api_key:
            request.add_header("Authorization", f"Bearer {self.api_key}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310  # nosec B310
                return json.loads(response.read().decode() or "{}")
        except (urllib.error.URLError, TimeoutError, ValueError, OSError) as exc:
            raise RemoteSigningError("Không liên lạc được với dịch vụ ký số từ xa; thử lại sau.") from exc

    def start(self, *, digest, digest_algorithm, certificate_fingerprint, signer, title, expires_at) -> str:
        answer = self._call("POST", "/requests", {
            "digest": base64.b64encode(digest).decode(), "digest_algorithm": digest_algorithm,
            "certificate_fingerprint": certificate_fingerprint, "signer": signer, "title": title,
            "expires_at": expires_at.isoformat()})
        if not isinstance(answer.get("id"), str) or not answer["id"]:
            raise RemoteSigningError("Dịch vụ ký số từ xa không trả về mã yêu cầu.")
        return answer["id"]

    def status(self, request_id: str) -> RemoteStatus:
        answer = self._call("GET", f"/requests/{urllib.request.quote(request_id, safe='')}")
        status = answer.get("status")
        if status not in ("pending", "signed", "rejected", "expired"):
            raise RemoteSigningError("Dịch vụ ký số từ xa trả lời không hợp lệ.")
        signature = None
        if status == "signed":
            try:
                signature = base64.b64decode(answer.get("signature") or "", validate=True)
            except ValueError as exc:
                raise RemoteSigningError("Chữ ký nhận về không hợp lệ.") from exc
        return RemoteStatus(status=status, signature=signature)


def configured_service() -> RemoteSigningService | None:
    """The service of the settings, or None when remote signing is off (SIGNING_REMOTE_URL empty)."""
    if not settings.SIGNING_REMOTE_URL:
        return None
    return HttpSigningService(settings.SIGNING_REMOTE_URL, settings.SIGNING_REMOTE_API_KEY,
                              settings.SIGNING_REMOTE_TIMEOUT)


# ---- pyHanko's interrupted signing --------------------------------------------------------------------------------

@dataclass
class Prepared:
    """The state kept between the digest and the signature: the document with its placeholder, where the
    placeholder is, the document digest, and the CMS signed attributes whose digest the signer signs."""

    tbs_pdf: bytes
    document_digest: bytes
    reserved_start: int
    reserved_end: int
    signed_attrs: bytes

    @property
    def digest(self) -> bytes:
        """What the remote service signs: the digest of the DER signed attributes."""
        return hashlib.new(MD_ALGORITHM, self.signed_attrs).digest()


def _external_signer(certificate_pem: str, signature_value: bytes | None = None):
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.signers.pdf_cms import ExternalSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    cert = asn1_x509.Certificate.load(_der(certificate_pem))
    # The chain embedded with the signature: the trusted roots (the issuing CA among them).
    chain = trust_root_certificates()
    return ExternalSigner(signing_cert=cert, cert_registry=SimpleCertificateStore.from_certs(chain),
                          signature_value=signature_value or 256)


def prepare(frozen: bytes, *, certificate_pem: str, signer_name: str, image: bytes | None = None,
            moment: datetime.datetime | None = None, signer_title: str = "") -> Prepared:
    """Digest now: the frozen file with the signer's signature field prepared (appearance, DocMDP) and a
    placeholder for the CMS, and the signed attributes to be signed remotely."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.signers.pdf_signer import PdfCMSSignedAttributes

    moment = moment or timezone.now()
    rects = pdf.field_rects(PdfFileReader(io.BytesIO(frozen)))
    box = None
    if pdf.SIGNER_FIELD in rects:
        x0, y0, x1, y1 = rects[pdf.SIGNER_FIELD][1]
        box = (abs(x1 - x0), abs(y1 - y0))
    signer = _external_signer(certificate_pem)
    pdf_signer = signer_pdf_signer(signer, signer_name=signer_name, moment=moment, box=box, image=image,
                                   signer_title=signer_title)

    async def run():
        writer = IncrementalPdfFileWriter(io.BytesIO(frozen))
        session = pdf_signer.init_signing_session(writer, existing_fields_only=True)
        session.system_time = moment
        info = await session.perform_presign_validation(writer)
        tbs = session.prepare_tbs_document(validation_info=info, bytes_reserved=BYTES_RESERVED)
        prepared, output = tbs.digest_tbs_document()
        attrs = await signer.signed_attrs(prepared.document_digest, MD_ALGORITHM, use_pades=True,
                                          attr_settings=PdfCMSSignedAttributes(signing_time=moment))
        output.seek(0)
        return Prepared(tbs_pdf=output.read(), document_digest=prepared.document_digest,
                        reserved_start=prepared.reserved_region_start, reserved_end=prepared.reserved_region_end,
                        signed_attrs=attrs.dump())

    return asyncio.run(run())


def finish(prepared: Prepared, *, certificate_pem: str, signature: bytes) -> bytes:
    """Embed the signature when it comes back: the CMS of the stored signed attributes and the signature value,
    written into the placeholder. The result is checked like an uploaded file by the sign step."""
    from asn1crypto import cms
    from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
    from pyhanko.sign.signers.pdf_signer import PdfTBSDocument

    signer = _external_signer(certificate_pem, signature_value=signature)

    async def run():
        signature_cms = await signer.async_sign_prescribed_attributes(
            MD_ALGORITHM, signed_attrs=cms.CMSAttributes.load(prepared.signed_attrs))
        output = io.BytesIO(prepared.tbs_pdf)
        await PdfTBSDocument.async_finish_signing(
            output, prepared_digest=PreparedByteRangeDigest(
                document_digest=prepared.document_digest, reserved_region_start=prepared.reserved_start,
                reserved_region_end=prepared.reserved_end), signature_cms=signature_cms)
        return output.getvalue()

    return asyncio.run(run())
