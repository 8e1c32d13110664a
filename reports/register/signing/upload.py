"""The checks on a frozen file signed elsewhere (the signer's own computer with a USB token, or a remote-signing
service) before the register accepts it; each failed check has its own Vietnamese message."""

import io
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from reports.register import pdf
from reports.register.signing import pki
from reports.register.signing.signatures import SignatureError, trust_root_certificates, validation_context

FILL_FIELDS = (pdf.NUMBER_FIELD, pdf.DATE_FIELD, pdf.SEAL_FIELD)


class SignatureRefused(SignatureError):
    """The signed file is refused; `check` names which check failed (tests and logs), the message says it."""

    def __init__(self, check: str, message: str):
        super().__init__(message)
        self.check = check


@dataclass
class AcceptedSignature:
    certificate_fingerprint: str
    signer_subject: str
    signing_time: object


def _refuse(check: str, message: str):
    raise SignatureRefused(check, message)


def frozen_to_signed_policy():
    """pyHanko's default difference policy, but a certification signature may add the catalog's /Perms (the
    DocMDP reference) in the revision it is made in: what may change between the frozen and the signed revision."""
    from pyhanko.sign.diff_analysis import (
        DEFAULT_DIFF_POLICY,
        FormUpdatingRule,
        GenericFieldModificationRule,
        SigFieldCreationRule,
        SigFieldModificationRule,
        StandardDiffPolicy,
    )
    from pyhanko.sign.diff_analysis.constants import ROOT_EXEMPT_STRICT_COMPARISON
    from pyhanko.sign.diff_analysis.rules.file_structure_rules import CatalogModificationRule

    rules = [rule for rule in DEFAULT_DIFF_POLICY.global_rules if not isinstance(rule, CatalogModificationRule)]
    return StandardDiffPolicy(
        global_rules=[CatalogModificationRule(ignored_keys=set(ROOT_EXEMPT_STRICT_COMPARISON) | {"/Perms"}), *rules],
        form_rule=FormUpdatingRule(field_rules=[SigFieldCreationRule(), SigFieldModificationRule(),
                                                GenericFieldModificationRule()]))


def registered_fingerprints(user) -> set[str]:
    from reports.register.signing.models import SigningCertificate

    return set(SigningCertificate.objects.filter(kind=SigningCertificate.Kind.SIGNER, user=user, is_active=True)
               .values_list("fingerprint", flat=True))


def check_signed_file(*, frozen: bytes, signed: bytes, signer, signer_name: str) -> AcceptedSignature:
    """Accept `signed` as the signer's signature on `frozen` or raise SignatureRefused. The checks, in order:
    a readable PDF with a signature; the signed revision is exactly the frozen file plus that signature (nothing
    else changed, number and date still empty); the signature is intact; it allows filling number and date and
    the body's signature; the certificate is the one registered for `signer` and chains to a trusted root."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel, SuspiciousModification
    from pyhanko.sign.fields import MDPPerm
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    if len(signed) > settings.SIGNING_UPLOAD_MAX_BYTES:
        _refuse("size", _("Tệp quá lớn (tối đa %(mb)d MB).") % {
            "mb": settings.SIGNING_UPLOAD_MAX_BYTES // (1024 * 1024)})
    try:
        reader = PdfFileReader(io.BytesIO(signed), strict=False)
        signatures = list(reader.embedded_regular_signatures)
        frozen_revisions = PdfFileReader(io.BytesIO(frozen)).xrefs.total_revisions
    except Exception:  # an untrusted upload: any parse failure is "not a readable signed PDF"
        _refuse("unreadable", _("Không đọc được tệp tải lên: cần tệp PDF đã ký số."))
    if not signatures:
        _refuse("unsigned", _("Tệp tải lên chưa có chữ ký số."))

    # 1. The signed revision is the frozen file plus the signature, and nothing else.
    other_file = _("Tệp đã ký không phải tệp trình ký của văn bản này: phần trước chữ ký phải giữ nguyên từng byte "
                   "tệp trình ký, chỉ thêm chữ ký của người ký.")
    if not signed.startswith(frozen):
        _refuse("other_file", other_file)
    first = [s for s in signatures if s.signed_revision == frozen_revisions]
    if len(first) != 1 or any(s.signed_revision < frozen_revisions for s in signatures):
        _refuse("other_file", other_file)
    sig = first[0]
    if sig.field_name == pdf.SEAL_FIELD:
        _refuse("other_file", _("Chữ ký được đặt vào ô dành cho chữ ký số của cơ quan; hãy ký vào ô của người ký."))
    try:
        diff = frozen_to_signed_policy().apply(old=reader.get_historical_resolver(frozen_revisions - 1),
                                         new=reader.get_historical_resolver(sig.signed_revision),
                                         doc_mdp=MDPPerm.FILL_FORMS)
    except SuspiciousModification:
        _refuse("other_file", other_file)
    if diff.modification_level > ModificationLevel.FORM_FILLING or diff.changed_form_fields - {sig.field_name}:
        _refuse("other_file", other_file)

    # 2. Intact: the signature value matches the signed bytes.
    roots = trust_root_certificates()
    try:
        status = validate_pdf_signature(
            sig, signer_validation_context=validation_context(roots),
            key_usage_settings=KeyUsageConstraints(key_usage={"non_repudiation"}, match_all_key_usages=False))
    except Exception:  # a malformed signature container is not an intact signature
        _refuse("intact", _("Chữ ký số không còn nguyên vẹn: không kiểm tra được chữ ký trong tệp."))
    if not (status.intact and status.valid):
        _refuse("intact", _("Chữ ký số không còn nguyên vẹn: nội dung tệp đã bị thay đổi sau khi ký."))
    if not (status.docmdp_ok or status.modification_level is None):
        _refuse("intact", _("Tệp đã bị sửa sau khi ký, ngoài những thay đổi chữ ký cho phép."))

    # 3. It still allows filling number and date and the body's signature.
    docmdp = sig.docmdp_level
    field_lock = sig.fieldmdp
    if (docmdp is not None and docmdp == MDPPerm.NO_CHANGES) or (
            field_lock is not None and any(field_lock.is_locked(name) for name in FILL_FIELDS)):
        _refuse("locked", _("Chữ ký số khóa văn bản, không cho phép điền số, ngày ban hành và chữ ký số của cơ quan; "
                            "hãy ký lại, chọn cho phép điền biểu mẫu và ký tiếp."))

    # 4. The certificate is the signer's registered one, and trusted.
    fingerprint = pki.fingerprint(sig.signer_cert)
    registered = registered_fingerprints(signer)
    if not registered:
        _refuse("certificate", _("%(name)s chưa có chứng thư số đăng ký trên cổng; quản trị hệ thống cần đăng ký "
                                 "chứng thư của người ký trước.") % {"name": signer_name})
    if fingerprint not in registered:
        _refuse("certificate", _("Chứng thư số dùng để ký không phải chứng thư đã đăng ký của %(name)s.") % {
            "name": signer_name})
    if not status.trusted:
        _refuse("trust", _("Chứng thư số của người ký không hợp lệ: hết hạn, hoặc không thuộc tổ chức cung cấp dịch "
                           "vụ chứng thực được tin cậy."))
    return AcceptedSignature(certificate_fingerprint=fingerprint,
                             signer_subject=sig.signer_cert.subject.human_friendly,
                             signing_time=status.signer_reported_dt)
