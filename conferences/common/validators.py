"""Validation and normalisation of Vietnamese phone numbers and organisation identifiers."""

import functools
import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.vn import mst

_PHONE_CHARS = re.compile(r"^\+?[\d\s.\-()]+$")


def normalize_phone(value: str) -> str:
    """Return a Vietnamese phone number in national form (0xxxxxxxxx); raises ValidationError.

    Accepts the "+84" and "0" forms with spaces, dots or dashes; refuses letters and extensions explicitly
    (phonenumbers would silently drop an "x123" extension).
    """
    raw = (value or "").strip()
    if not raw or not _PHONE_CHARS.match(raw):
        raise ValidationError(_("Số điện thoại chỉ gồm chữ số, có thể bắt đầu bằng +84."), code="phone")
    national = vn_national_number(raw)
    if national is None:
        raise ValidationError(_("Số điện thoại không hợp lệ."), code="phone")
    return national


@functools.lru_cache(maxsize=256)
def vn_national_number(raw: str) -> str | None:
    """"0" + the national number when `raw` is a valid Vietnamese number without extension, else None.

    The one place phonenumbers parses (the public form, the model checks and the outbox all call it). Cached:
    one submission checks the same number in the form, the registration, each petition and the message.
    """
    try:
        parsed = phonenumbers.parse(raw, "VN")
    except phonenumbers.NumberParseException:
        return None
    if parsed.country_code != 84 or parsed.extension or not phonenumbers.is_valid_number_for_region(parsed, "VN"):
        return None
    return "0" + str(parsed.national_number)


def normalize_identifier(kind: str, value: str) -> str:
    """Return the organisation identifier in its stored form for its kind; raises ValidationError.

    `mst`: 10-digit enterprise code with check digit (branches "0312687878-001"); `cccd`: 12-digit
    personal ID (household businesses since 1/7/2025); `other`: older certificates, kept as typed.
    """
    raw = (value or "").strip()
    if kind == "mst":
        try:
            return mst.format(mst.validate(raw))
        except Exception as exc:  # stdnum raises several ValidationError subclasses
            raise ValidationError(_("Mã số doanh nghiệp / mã số thuế không hợp lệ."), code="tax_code") from exc
    if kind == "cccd":
        digits = re.sub(r"\s", "", raw)
        if not re.fullmatch(r"\d{12}", digits):
            raise ValidationError(_("Số định danh cá nhân gồm 12 chữ số."), code="personal_id")
        return digits
    if not raw:
        raise ValidationError(_("Nhập mã của đơn vị."), code="identifier")
    return raw
