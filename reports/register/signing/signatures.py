"""PAdES signatures on the register's files with pyHanko: the signer's on the frozen file (a certification
signature allowing form filling, so number and date can be filled later), the body's at issue in the same
revision as number and date, and the validation every page shows (offline: trust roots imported by an
administrator, the demo CA where allowed, no revocation service reached)."""

import asyncio
import datetime
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from reports.documents.numbering import ReportError
from reports.register import pdf
from reports.register.signing import appearance, pki

MD_ALGORITHM = "sha256"
# Room for the CMS object (hex doubles it): an RSA-4096 signature, a chain of three certificates and a timestamp.
BYTES_RESERVED = 24 * 1024


class SignatureError(ReportError):
    """A signature could not be made or checked; the message is for the user (Vietnamese)."""


# ---- Trust ---------------------------------------------------------------------------------------------------------

def trust_root_certificates() -> list:
    """The trusted roots (asn1crypto): those imported in the admin, and the demo CA where the setting allows it."""
    from asn1crypto import x509 as asn1_x509

    from reports.register.signing.models import TrustedRoot

    roots = []
    for pem in TrustedRoot.objects.filter(is_active=True).values_list("certificate", flat=True):
        roots.append(asn1_x509.Certificate.load(_der(pem)))
    demo_root = pki.demo_ca_dir() / "root.cert.pem"
    if settings.SIGNING_TRUST_DEMO_CA and demo_root.exists():
        roots.append(asn1_x509.Certificate.load(_der(demo_root.read_bytes())))
    return roots


def _der(pem) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return pki.load_certificate(pem).public_bytes(serialization.Encoding.DER)


def validation_context(roots=None):
    """Offline validation: no fetching, revocation checked only where the data is in the file (soft-fail)."""
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=roots if roots is not None else trust_root_certificates(),
                             allow_fetching=False, revocation_mode="soft-fail")


# ---- Signing -------------------------------------------------------------------------------------------------------

def _run(coro):
    return asyncio.run(coro)


async def _sign(writer, pdf_signer, *, moment: datetime.datetime, existing_fields_only: bool = True) -> bytes:
    """pyHanko's sign_pdf, with the signing time fixed to `moment` (the one the appearance shows) and a fixed
    reservation (no dummy signature on the token)."""
    from pyhanko.sign.signers.pdf_signer import PdfCMSSignedAttributes
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    session = pdf_signer.init_signing_session(writer, existing_fields_only=existing_fields_only)
    session.system_time = moment
    info = await session.perform_presign_validation(writer)
    tbs = session.prepare_tbs_document(validation_info=info, bytes_reserved=BYTES_RESERVED)
    digest, output = tbs.digest_tbs_document()
    try:
        post = await tbs.perform_signature(document_digest=digest.document_digest,
                                           pdf_cms_signed_attrs=PdfCMSSignedAttributes(signing_time=moment))
    except TimestampRequestError as exc:
        raise SignatureError(TIMESTAMP_FAILED) from exc
    await post.post_signature_processing(output)
    output.seek(0)
    return output.read()


TIMESTAMP_FAILED = ("Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian (SIGNING_TIMESTAMP_URL): máy chủ "
                    "không trả lời hoặc trả lời sai. Chưa ký, văn bản giữ nguyên trạng thái; hãy thử lại sau hoặc "
                    "báo quản trị hệ thống.")


def _timestamper():
    if not settings.SIGNING_TIMESTAMP_URL:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(settings.SIGNING_TIMESTAMP_URL, timeout=10)


def _field_box(data: bytes, field_name: str):
    from pyhanko.pdf_utils.reader import PdfFileReader

    rects = pdf.field_rects(PdfFileReader(io.BytesIO(data)))
    if field_name not in rects:
        return None
    x0, y0, x1, y1 = rects[field_name][1]
    return abs(x1 - x0), abs(y1 - y0)


def signer_pdf_signer(signer, *, signer_name: str, moment: datetime.datetime, box, image: bytes | None = None,
                      signer_title: str = ""):
    """The PdfSigner of the signer's signature: PAdES, certifying the document with DocMDP "fill forms" (number
    and date may be filled and the body may sign after it), in the frozen file's signer field."""
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name=pdf.SIGNER_FIELD, md_algorithm=MD_ALGORITHM, subfilter=fields.SigSeedSubFilter.PADES,
        certify=True, docmdp_permissions=fields.MDPPerm.FILL_FORMS, name=signer_name,
        reason="Ký ban hành văn bản")
    style = None
    if box and box[0] > 1 and box[1] > 1:
        style = appearance.stamp_style(appearance.signer_appearance(
            box[0], box[1], signer_name=signer_name, signer_title=signer_title, moment=moment, image=image))
    return signers.PdfSigner(meta, signer=signer, stamp_style=style, timestamper=_timestamper())


def sign_as_signer(frozen: bytes, signer, *, signer_name: str, image: bytes | None = None,
                   moment: datetime.datetime | None = None, signer_title: str = "") -> bytes:
    """The frozen file signed by `signer` (a pyHanko Signer holding the signer's key) in one new revision: what
    the signer's own software or the remote-signing service produces (the demo and the tests use it)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    moment = moment or timezone.now()
    writer = IncrementalPdfFileWriter(io.BytesIO(frozen))
    pdf_signer = signer_pdf_signer(signer, signer_name=signer_name, moment=moment, image=image,
                                   signer_title=signer_title, box=_field_box(frozen, pdf.SIGNER_FIELD))
    return _run(_sign(writer, pdf_signer, moment=moment))


def issue_pdf(signed: bytes, *, number_text: str, date_text: str, body_name: str, seal_image: bytes | None = None,
              key_label: str = "", moment: datetime.datetime | None = None) -> bytes:
    """The issued file: number and date filled into their fields and the body's signature (its seal, from the
    PKCS#11 key) in the seal field, all in one new revision after the signer's. Raises SignatureError."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from reports.register.signing import token

    moment = moment or timezone.now()
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    try:
        pdf.fill_fields(writer, number_text=number_text, date_text=date_text)
    except ValueError as exc:
        raise SignatureError("Tệp không có chỗ điền số và ngày ban hành.") from exc
    box = _field_box(signed, pdf.SEAL_FIELD)
    style = None
    if box and box[0] > 1 and box[1] > 1:
        style = appearance.stamp_style(appearance.seal_appearance(
            box[0], box[1], body_name=body_name, moment=moment, image=seal_image))
    meta = signers.PdfSignatureMetadata(
        field_name=pdf.SEAL_FIELD, md_algorithm=MD_ALGORITHM, subfilter=fields.SigSeedSubFilter.PADES,
        name=body_name, reason=f"Ban hành văn bản số {number_text}")
    try:
        with token.body_signer(key_label) as signer:
            pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style, timestamper=_timestamper())
            return _run(_sign(writer, pdf_signer, moment=moment))
    except token.SigningSetupError as exc:
        raise SignatureError(str(exc)) from exc


def sign_attachment(frozen: bytes, *, reference: str, body_name: str, key_label: str = "",
                    moment: datetime.datetime | None = None) -> bytes:
    """An attachment in its own file issued with its main document: the body's signature (PKCS#11 key) in the
    attachment's field at the top right of its first page, shown as text only: `reference` (the main document's
    number and symbol) and the signing time. Raises SignatureError."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from reports.register.signing import token

    moment = moment or timezone.now()
    box = _field_box(frozen, pdf.SEAL_FIELD)
    if not box:
        raise SignatureError("Tệp văn bản kèm theo không có chỗ ký của cơ quan.")
    style = appearance.stamp_style(appearance.attachment_appearance(box[0], box[1], reference=reference,
                                                                    moment=moment))
    meta = signers.PdfSignatureMetadata(
        field_name=pdf.SEAL_FIELD, md_algorithm=MD_ALGORITHM, subfilter=fields.SigSeedSubFilter.PADES,
        name=body_name, reason=f"Văn bản kèm theo văn bản số {reference}")
    try:
        with token.body_signer(key_label) as signer:
            pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style, timestamper=_timestamper())
            return _run(_sign(IncrementalPdfFileWriter(io.BytesIO(frozen)), pdf_signer, moment=moment))
    except token.SigningSetupError as exc:
        raise SignatureError(str(exc)) from exc


# ---- Validation ----------------------------------------------------------------------------------------------------

@dataclass
class SignatureReport:
    """One signature of a file as validated here."""

    field_name: str
    signer_name: str
    organisation: str
    signing_time: datetime.datetime | None
    intact: bool
    valid: bool
    trusted: bool
    modifications_allowed: bool
    covers_whole_file: bool
    certificate_fingerprint: str
    certification: bool = False
    timestamp_time: datetime.datetime | None = None  # of the signature's RFC 3161 token, when it has a valid one
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and self.modifications_allowed and not self.problems

    @property
    def role(self) -> str:
        return {pdf.SIGNER_FIELD: "signer", pdf.SEAL_FIELD: "body"}.get(self.field_name, "other")


def _describe(cert) -> tuple[str, str]:
    subject = cert.subject.native
    return str(subject.get("common_name", "")), str(subject.get("organization_name", "") or "")


def validate_pdf(data: bytes, roots=None) -> list[SignatureReport]:
    """Every signature of `data` with pyHanko's validation (intact, valid, trusted, modifications after it
    allowed). Raises SignatureError when the file cannot be read as a PDF."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except Exception as exc:  # any parse failure of an untrusted file is "not a readable PDF"
        raise SignatureError("Không đọc được tệp PDF.") from exc
    context_roots = roots if roots is not None else trust_root_certificates()
    reports = []
    for sig in embedded:
        name, organisation = "", ""
        try:
            name, organisation = _describe(sig.signer_cert)
            status = validate_pdf_signature(
                sig, signer_validation_context=validation_context(context_roots),
                key_usage_settings=KeyUsageConstraints(key_usage={"non_repudiation"}, match_all_key_usages=False))
        except (SignatureValidationError, ValueError, KeyError, TypeError) as exc:
            reports.append(SignatureReport(
                field_name=str(sig.field_name), signer_name=name, organisation=organisation, signing_time=None,
                intact=False, valid=False, trusted=False, modifications_allowed=False, covers_whole_file=False,
                certificate_fingerprint="", problems=[str(exc)]))
            continue
        problems = []
        if not status.intact:
            problems.append("Nội dung đã bị thay đổi sau khi ký.")
        elif not status.valid:
            problems.append("Giá trị chữ ký không khớp với chứng thư số.")
        if not status.trusted:
            problems.append("Chứng thư số không chuỗi tới chứng thư gốc tin cậy.")
        timestamp = status.timestamp_validity
        timestamp_ok = timestamp is not None and timestamp.intact and timestamp.valid and timestamp.trusted
        if timestamp is not None and not timestamp_ok:
            problems.append("Dấu thời gian của chữ ký không hợp lệ hoặc không chuỗi tới chứng thư gốc tin cậy.")
        modifications_allowed = bool(status.docmdp_ok or status.modification_level is None)
        if not modifications_allowed:
            problems.append("Tệp đã bị sửa sau khi ký ngoài phạm vi chữ ký cho phép.")
        reports.append(SignatureReport(
            field_name=str(sig.field_name), signer_name=name, organisation=organisation,
            signing_time=status.signer_reported_dt, intact=status.intact, valid=status.valid,
            trusted=status.trusted, modifications_allowed=modifications_allowed,
            covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
            certificate_fingerprint=pki.fingerprint(sig.signer_cert), certification=_is_certification(sig),
            timestamp_time=timestamp.timestamp if timestamp_ok else None,
            problems=problems))
    return reports


def _is_certification(sig) -> bool:
    try:
        return any(ref.get_object().get("/TransformMethod") == "/DocMDP" for ref in sig.sig_object["/Reference"])
    except (KeyError, TypeError, AttributeError):
        return False
