"""Two-factor services on django-otp: TOTP enrolment, one-time recovery codes, verification and reset."""

from __future__ import annotations

import re
from base64 import b32encode
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice


class TwoFactorError(Exception):
    """A refused code, with the Vietnamese message to show."""


@dataclass
class Enrolment:
    """What the enrolment page shows: the unconfirmed device, its otpauth:// URL as a QR code and the secret."""

    device: TOTPDevice
    secret: str
    qr_svg: str


def user_has_authenticator(user) -> bool:
    """True when the user has a confirmed TOTP device (a recovery code alone does not count as enrolled)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def normalize_code(code: str) -> str:
    """A code as typed ("123 456", "abcd-efgh") without spaces or hyphens, in lower case."""
    return re.sub(r"[\s-]+", "", code or "").lower()


def format_recovery_code(token: str) -> str:
    """"abcdefgh" -> "abcd-efgh" (easier to copy; the hyphen is ignored when typed back)."""
    return f"{token[:4]}-{token[4:]}"


def _qr_svg(data: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return image.to_string(encoding="unicode")


def totp_enrolment_start(*, user) -> Enrolment:
    """The user's unconfirmed TOTP device (created on the first call, the same one on a reload), with its QR code
    and its secret in groups of four (for typing into the app by hand)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Ứng dụng xác thực"), confirmed=False)
    secret = b32encode(device.bin_key).decode("ascii")
    return Enrolment(device=device, secret=" ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
                     qr_svg=_qr_svg(device.config_url))


def totp_enrolment_confirm(*, request, device: TOTPDevice, code: str) -> list[str]:
    """Confirm `device` with a code from the app: it becomes the user's only TOTP device, a new set of recovery
    codes replaces any old one, and this session counts as verified. Returns the recovery codes (to show once).
    Raises TwoFactorError when the code is wrong."""
    code = normalize_code(code)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=request.user, confirmed=False)
        if not code.isdigit() or not device.verify_token(code):
            raise TwoFactorError(_("Mã xác thực không đúng. Hãy kiểm tra giờ trên điện thoại là giờ tự động "
                                   "và nhập mã 6 chữ số đang hiển thị trong ứng dụng."))
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
        codes = recovery_codes_replace(user=request.user)
    otp_login(request, device)
    return codes


def recovery_codes_replace(*, user) -> list[str]:
    """A new set of TWO_FACTOR_RECOVERY_CODES one-time codes for `user`; the old set stops working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=_("Mã dự phòng"), confirmed=True)
        tokens = [StaticToken.random_token() for _i in range(settings.TWO_FACTOR_RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=t) for t in tokens])
    return [format_recovery_code(t) for t in tokens]


def recovery_codes_left(user) -> int:
    """How many unused recovery codes the user has."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def two_factor_verify(*, request, code: str) -> str:
    """Check a TOTP code, or else a recovery code (used up by this check), for the logged-in user and mark the
    session verified. Returns "totp" or "recovery". Raises TwoFactorError (wrong code, or too many wrong codes
    in a row: django-otp then makes the user wait, doubling the wait after each failure)."""
    user = request.user
    code = normalize_code(code)
    if not code:
        raise TwoFactorError(_("Vui lòng nhập mã xác thực hoặc một mã dự phòng."))
    kind = "totp" if code.isdigit() else "recovery"
    model = TOTPDevice if kind == "totp" else StaticDevice
    with transaction.atomic():
        devices = list(model.objects.select_for_update().filter(user=user, confirmed=True))
        for device in devices:
            allowed, info = device.verify_is_allowed()
            if not allowed and info and info.get("locked_until"):
                raise TwoFactorError(_("Đã nhập sai nhiều lần. Vui lòng chờ đến %(time)s rồi thử lại.") % {
                    "time": _local_time(info["locked_until"])})
            if device.verify_token(code):
                otp_login(request, device)
                return kind
    raise TwoFactorError(_("Mã không đúng hoặc đã được dùng. Hãy nhập mã 6 chữ số đang hiển thị trong ứng dụng "
                           "xác thực, hoặc một mã dự phòng chưa dùng."))


def two_factor_reset(*, user) -> None:
    """Remove every TOTP device and recovery code of `user` (lost phone): at the next login they enrol again."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def _local_time(moment) -> str:
    from django.utils import timezone
    from django.utils.formats import time_format

    return time_format(timezone.localtime(moment), "H:i:s")
