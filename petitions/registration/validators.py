"""Validators of the Phụ lục II data: tax codes, personal IDs, Vietnamese phone numbers, attachments."""

from __future__ import annotations

import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.vn import mst

from conferences.common.validators import vn_national_number
from conferences.models import IdentifierKind, OrganisationKind

# Characters people legitimately type in a phone number; anything else is refused before parsing, because
# `phonenumbers` silently drops letters and reads "x123" / "ext" as an extension.
_PHONE_ALLOWED = re.compile(r"^\+?[\d\s.\-()]+$")
_PHONE_EXTENSION = re.compile(r"(?:\bext\b|\bx\s*\d|#|;|,|máy\s*lẻ|may\s*le|\bml\b)", re.IGNORECASE)
_OLD_HOUSEHOLD_CODE = re.compile(r"^\d{2}[A-Z][A-Z0-9]{5,12}$")
# Province codes of the 12-digit personal ID (Circular 59/2021/TT-BCA): 001 … 096.
_MAX_PROVINCE_CODE = 96


def normalize_phone(raw: str) -> str:
    """The Vietnamese phone number `raw` in national form ("0912345678"); raises ValidationError (code
    "extension", "letters" or "invalid") for an extension, letters or a number that is not a VN number."""
    value = (raw or "").strip()
    if _PHONE_EXTENSION.search(value):
        raise ValidationError(
            _("Không ghi số máy lẻ. Hãy nhập một số điện thoại di động hoặc cố định, ví dụ 0912 345 678."),
            code="extension")
    if re.search(r"[^\W\d_]", value):
        raise ValidationError(
            _("Số điện thoại chỉ gồm chữ số (có thể bắt đầu bằng +84), không có chữ cái."), code="letters")
    if not _PHONE_ALLOWED.match(value):
        raise ValidationError(
            _("Số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm hoặc gạch nối."), code="invalid")
    national = vn_national_number(value)
    if national is None:
        raise ValidationError(
            _("Số điện thoại không hợp lệ. Số di động gồm 10 chữ số (ví dụ 0912 345 678), số cố định bắt đầu "
              "bằng 02 (ví dụ 0225 3123 456); có thể viết +84 thay cho số 0 đầu."),
            code="invalid")
    return national


def normalize_identifier(raw: str, organisation_kind: str) -> tuple[str, str]:
    """Validate the organisation's identifier for its kind; return (identifier_kind, normalised value).

    Enterprises and cooperatives: the 10-digit tax code or a 13-digit branch code, check digit verified
    (python-stdnum), stored as "0312687878-001". Household businesses: the owner's 12-digit personal ID, a
    tax code, or an older household certificate code ("01A8012345"). Raises ValidationError with a message
    saying what is wrong.
    """
    value = re.sub(r"\s+", "", (raw or "")).upper()
    if not value:
        raise ValidationError(_("Vui lòng nhập mã số."), code="required")
    digits = value.replace("-", "").replace(".", "")
    if organisation_kind == OrganisationKind.HOUSEHOLD:
        if digits.isdigit() and len(digits) == 12:
            province = int(digits[:3])
            if not 1 <= province <= _MAX_PROVINCE_CODE:
                raise ValidationError(
                    _("Số định danh cá nhân không đúng: ba chữ số đầu là mã tỉnh nơi đăng ký khai sinh (001 đến "
                      "096)."), code="personal_id")
            return IdentifierKind.PERSONAL_ID, digits
        if digits.isdigit() and len(digits) in (10, 13):
            return IdentifierKind.TAX_CODE, _validate_tax_code(digits)
        if _OLD_HOUSEHOLD_CODE.match(digits):
            return IdentifierKind.OTHER, digits
        if digits.isdigit():
            raise ValidationError(
                _("Số định danh cá nhân của chủ hộ gồm đúng 12 chữ số (bạn đã nhập %(count)s chữ số)."),
                params={"count": len(digits)}, code="personal_id")
        raise ValidationError(
            _("Hộ kinh doanh nhập số định danh cá nhân 12 chữ số của chủ hộ, hoặc mã số thuế, hoặc số giấy "
              "chứng nhận đăng ký hộ kinh doanh cũ (ví dụ 01A8012345)."), code="personal_id")
    if not digits.isdigit():
        raise ValidationError(
            _("Mã số doanh nghiệp / mã số thuế chỉ gồm chữ số (chi nhánh: 10 số, gạch nối, 3 số)."),
            code="tax_code")
    return IdentifierKind.TAX_CODE, _validate_tax_code(digits)


def _validate_tax_code(digits: str) -> str:
    try:
        return mst.format(mst.validate(digits))
    except stdnum_exceptions.InvalidLength:
        raise ValidationError(
            _("Mã số doanh nghiệp / mã số thuế gồm 10 chữ số, hoặc 13 chữ số với đơn vị phụ thuộc (ví dụ "
              "0312687878-001); bạn đã nhập %(count)s chữ số."),
            params={"count": len(digits)}, code="tax_code") from None
    except stdnum_exceptions.InvalidChecksum:
        raise ValidationError(
            _("Mã số doanh nghiệp / mã số thuế không đúng (sai chữ số kiểm tra). Hãy nhập đúng như trên giấy "
              "chứng nhận đăng ký."), code="tax_code") from None
    except stdnum_exceptions.ValidationError:
        raise ValidationError(
            _("Mã số doanh nghiệp / mã số thuế không hợp lệ."), code="tax_code") from None


# Allowed attachment types: detected from the first bytes of the content, never from the file name.
ATTACHMENT_TYPES = {
    "pdf": ("application/pdf", (".pdf",)),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg")),
    "png": ("image/png", (".png",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
}


# The extension a downloaded file gets, from the kind read from its content (never the uploader's name).
ATTACHMENT_EXTENSIONS = {"pdf": "pdf", "jpeg": "jpg", "png": "png", "docx": "docx"}


def extension_for_content_type(content_type: str) -> str | None:
    """The extension of an allowed attachment MIME type ("application/pdf" → "pdf"), or None."""
    for kind, (mime, _extensions) in ATTACHMENT_TYPES.items():
        if mime == content_type:
            return ATTACHMENT_EXTENSIONS[kind]
    return None


def attachment_count_errors(counts: list[int], *, submission: bool = True) -> list[ValidationError]:
    """The count limits, given the number of files of each petition of one submission:
    PETITION_ATTACHMENT_MAX_PER_PETITION per petition and, with `submission`, PETITION_ATTACHMENT_MAX_PER_SUBMISSION
    in all."""
    errors = []
    per_petition, per_submission = (settings.PETITION_ATTACHMENT_MAX_PER_PETITION,
                                    settings.PETITION_ATTACHMENT_MAX_PER_SUBMISSION)
    if any(count > per_petition for count in counts):
        errors.append(ValidationError(
            _("Mỗi kiến nghị có tối đa %(limit)s tệp đính kèm."), params={"limit": per_petition},
            code="too_many_files"))
    if submission and sum(counts) > per_submission:
        errors.append(ValidationError(
            _("Tối đa %(limit)s tệp đính kèm trong một lần gửi (bạn đã chọn %(count)s tệp). Hãy bỏ bớt tệp rồi "
              "gửi lại."), params={"limit": per_submission, "count": sum(counts)}, code="too_many_files"))
    return errors


def sniff_type(uploaded) -> str | None:
    """The attachment kind ("pdf", "jpeg", "png", "docx") read from the file's content, or None."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            uploaded.seek(0)
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return "docx"
    return None


def validate_attachment(uploaded) -> str:
    """Check an uploaded file's size (PETITION_ATTACHMENT_MAX_BYTES) and content type; return its MIME type.

    Raises ValidationError when it is too big, or not a PDF / JPG / PNG / DOCX by content, or when its name's
    extension does not match its content (a disguised file).
    """
    limit = settings.PETITION_ATTACHMENT_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s); dung lượng tối đa là %(limit)s."),
            params={"name": uploaded.name, "size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
            code="too_big")
    kind = sniff_type(uploaded)
    name = (uploaded.name or "").lower()
    if kind is None or not name.endswith(ATTACHMENT_TYPES[kind][1]):
        raise ValidationError(
            _("Tệp “%(name)s” không phải tệp PDF, JPG, PNG hoặc DOCX hợp lệ (nội dung tệp không khớp với loại "
              "tệp)."), params={"name": uploaded.name}, code="file_type")
    return ATTACHMENT_TYPES[kind][0]
