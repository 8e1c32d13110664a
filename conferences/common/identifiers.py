"""The one set of rules for Vietnamese phone numbers, tax codes and personal IDs (public form, admin, imports,
outbox): each check raises ValidationError with a code; the caller may choose the message per code."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.vn import mst

# Characters people legitimately type in a phone number; anything else is refused before parsing, because
# `phonenumbers` silently drops letters and reads "x123" / "ext" as an extension.
_PHONE_ALLOWED = re.compile(r"^\+?[\d\s.\-()]+$")
_PHONE_EXTENSION = re.compile(r"(?:\bext\b|\bx\s*\d|#|;|,|máy\s*lẻ|may\s*le|\bml\b)", re.IGNORECASE)
_OLD_HOUSEHOLD_CODE = re.compile(r"^\d{2}[A-Z][A-Z0-9]{5,12}$")
# Province codes of the 12-digit personal ID (Circular 59/2021/TT-BCA): 001 … 096.
_MAX_PROVINCE_CODE = 96

# Identifier kinds and organisation kinds as stored (IdentifierKind / OrganisationKind values); plain strings
# here so this module imports no model.
TAX_CODE, PERSONAL_ID, OTHER = "mst", "cccd", "other"
HOUSEHOLD = "HKD"

PHONE_MESSAGES = {
    "required": _("Vui lòng nhập số điện thoại."),
    "extension": _("Không ghi số máy lẻ. Hãy nhập một số điện thoại di động hoặc cố định, ví dụ 0912 345 678."),
    "letters": _("Số điện thoại chỉ gồm chữ số (có thể bắt đầu bằng +84), không có chữ cái."),
    "characters": _("Số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm hoặc gạch nối."),
    "invalid": _("Số điện thoại không hợp lệ. Số di động gồm 10 chữ số (ví dụ 0912 345 678), số cố định bắt đầu "
                 "bằng 02 (ví dụ 0225 3123 456); có thể viết +84 thay cho số 0 đầu."),
}


def _refuse(code: str, messages: Mapping[str, str] | None, defaults: Mapping[str, str], params=None):
    message = (messages or {}).get(code) or defaults[code]
    return ValidationError(message, code=code, params=params)


def phone_normalize(raw: str, *, messages: Mapping[str, str] | None = None) -> str:
    """The Vietnamese phone number `raw` in national form ("0912345678").

    Accepts the national (0912 345 678), "+84" and international (84912345678, 0084…) forms with spaces,
    dots or dashes. Raises ValidationError with code "required", "extension", "letters", "characters" or
    "invalid"; `messages` maps a code to the caller's own message.
    """
    value = (raw or "").strip()
    if not value:
        raise _refuse("required", messages, PHONE_MESSAGES)
    if _PHONE_EXTENSION.search(value):
        raise _refuse("extension", messages, PHONE_MESSAGES)
    if re.search(r"[^\W\d_]", value):
        raise _refuse("letters", messages, PHONE_MESSAGES)
    if not _PHONE_ALLOWED.match(value):
        raise _refuse("characters", messages, PHONE_MESSAGES)
    national = vn_national_number(value)
    if national is None:
        raise _refuse("invalid", messages, PHONE_MESSAGES)
    return national


@functools.lru_cache(maxsize=256)
def vn_national_number(raw: str) -> str | None:
    """"0" + the national number when `raw` is a valid Vietnamese number without extension, else None.

    The one place phonenumbers parses. Cached: one submission checks the same number in the form, the
    registration, each petition and the message.
    """
    try:
        parsed = phonenumbers.parse(raw, "VN")
    except phonenumbers.NumberParseException:
        return None
    if parsed.country_code != 84 or parsed.extension or not phonenumbers.is_valid_number_for_region(parsed, "VN"):
        return None
    return "0" + str(parsed.national_number)


IDENTIFIER_MESSAGES = {
    "required": _("Vui lòng nhập mã số."),
    "tax_code_characters": _("Mã số doanh nghiệp / mã số thuế chỉ gồm chữ số (chi nhánh: 10 số, gạch nối, 3 số)."),
    "tax_code_length": _("Mã số doanh nghiệp / mã số thuế gồm 10 chữ số, hoặc 13 chữ số với đơn vị phụ thuộc (ví "
                         "dụ 0312687878-001); bạn đã nhập %(count)s chữ số."),
    "tax_code_checksum": _("Mã số doanh nghiệp / mã số thuế không đúng (sai chữ số kiểm tra). Hãy nhập đúng như "
                           "trên giấy chứng nhận đăng ký."),
    "tax_code": _("Mã số doanh nghiệp / mã số thuế không hợp lệ."),
    "personal_id_province": _("Số định danh cá nhân không đúng: ba chữ số đầu là mã tỉnh nơi đăng ký khai sinh "
                              "(001 đến 096)."),
    "personal_id_length": _("Số định danh cá nhân của chủ hộ gồm đúng 12 chữ số (bạn đã nhập %(count)s chữ số)."),
    "personal_id": _("Hộ kinh doanh nhập số định danh cá nhân 12 chữ số của chủ hộ, hoặc mã số thuế, hoặc số giấy "
                     "chứng nhận đăng ký hộ kinh doanh cũ (ví dụ 01A8012345)."),
    "other": _("Mã khác là số giấy chứng nhận đăng ký hộ kinh doanh cũ, ví dụ 01A8012345."),
}


def identifier_normalize(raw: str, *, organisation_kind: str, identifier_kind: str | None = None,
                         messages: Mapping[str, str] | None = None) -> tuple[str, str]:
    """Validate an organisation's identifier; return (identifier kind, stored form).

    Enterprises and cooperatives: the 10-digit tax code or a 13-digit branch code, check digit verified
    (python-stdnum), stored as "0312687878-001". Household businesses: the owner's 12-digit personal ID
    (province code 001–096), a tax code, or an older household certificate code ("01A8012345"). With
    `identifier_kind` the value must be of that kind (the admin picks it); without, the kind is read from the
    value (the public form). Raises ValidationError with a code of IDENTIFIER_MESSAGES; `messages` maps a code
    to the caller's own message.
    """
    value = re.sub(r"\s+", "", (raw or "")).upper()
    if not value:
        raise _refuse("required", messages, IDENTIFIER_MESSAGES)
    digits = value.replace("-", "").replace(".", "")
    if identifier_kind is None:
        if organisation_kind == HOUSEHOLD and digits.isdigit() and len(digits) == 12:
            identifier_kind = PERSONAL_ID
        elif organisation_kind == HOUSEHOLD and digits.isdigit() and len(digits) in (10, 13):
            identifier_kind = TAX_CODE
        elif organisation_kind == HOUSEHOLD and _OLD_HOUSEHOLD_CODE.match(digits):
            identifier_kind = OTHER
        elif organisation_kind == HOUSEHOLD and digits.isdigit():
            raise _refuse("personal_id_length", messages, IDENTIFIER_MESSAGES, {"count": len(digits)})
        elif organisation_kind == HOUSEHOLD:
            raise _refuse("personal_id", messages, IDENTIFIER_MESSAGES)
        else:
            identifier_kind = TAX_CODE
    if identifier_kind == PERSONAL_ID:
        if not (digits.isdigit() and len(digits) == 12):
            raise _refuse("personal_id_length", messages, IDENTIFIER_MESSAGES, {"count": sum(map(str.isdigit, digits))})
        if not 1 <= int(digits[:3]) <= _MAX_PROVINCE_CODE:
            raise _refuse("personal_id_province", messages, IDENTIFIER_MESSAGES)
        return PERSONAL_ID, digits
    if identifier_kind == OTHER:
        if not _OLD_HOUSEHOLD_CODE.match(digits):
            raise _refuse("other", messages, IDENTIFIER_MESSAGES)
        return OTHER, digits
    if not digits.isdigit():
        raise _refuse("tax_code_characters", messages, IDENTIFIER_MESSAGES)
    try:
        return TAX_CODE, mst.format(mst.validate(digits))
    except stdnum_exceptions.InvalidLength:
        raise _refuse("tax_code_length", messages, IDENTIFIER_MESSAGES, {"count": len(digits)}) from None
    except stdnum_exceptions.InvalidChecksum:
        raise _refuse("tax_code_checksum", messages, IDENTIFIER_MESSAGES) from None
    except stdnum_exceptions.ValidationError:
        raise _refuse("tax_code", messages, IDENTIFIER_MESSAGES) from None
