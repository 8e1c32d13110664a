"""Zalo Notification Service (ZNS): the third outbox channel, through the ZNS template API.

A message of channel `zalo` carries a message kind and the parameters of its template (written with the row);
its template id comes from ZALO_ZNS_TEMPLATES. Sending: POST <ZALO_ZNS_URL>/message/template with the OA's access
token, the phone in international form (84…), the template id and data, and `tracking_id` = the outbox message id.
The access token is renewed from the refresh token before it expires (POST <ZALO_OAUTH_URL>/v4/oa/access_token;
both tokens rotate); the pair is stored encrypted with ZALO_TOKEN_KEY (Fernet), and renewals hold the credential
row's lock, so two workers renew once. Error codes are settings: a refusal (template not approved, phone not on
Zalo, quota reached, any other refusal) sends the message by the next channel the person chose (SMS, else e-mail),
recorded in both messages' events; a quota reached also pauses the channel until the next day, during which a
message with no other channel waits (pending until the pause ends) instead of failing.
"""

from __future__ import annotations

import datetime
import json
import logging
import urllib.error
import urllib.parse
import urllib.request

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.outbox.channels import PermanentDeliveryError, TransientDeliveryError
from conferences.outbox.models import OutboxEvent, OutboxMessage, ZaloCredential

logger = logging.getLogger(__name__)

# The parameters each message kind can fill; a configured template may use any subset (checked at start-up).
KIND_PARAMETERS: dict[str, tuple[str, ...]] = {
    "registration_received": ("body_name", "registration_code", "conference_date", "conference_time", "venue",
                              "status_url"),
    "petition_answered": ("body_name", "petition_code", "answered_date", "document_number", "status_url"),
    "conference_invitation": ("body_name", "registration_code", "conference_date", "conference_time", "venue",
                              "status_url"),
    "conference_reminder": ("body_name", "registration_code", "conference_date", "conference_time", "venue",
                            "status_url"),
}


class ZaloRefused(PermanentDeliveryError):
    """ZNS refused the message: it goes by the person's next channel (`fallback`)."""

    fallback = True

    def __init__(self, message: str, *, reason: str, paused_until: datetime.datetime | None = None):
        super().__init__(message)
        self.reason = reason
        # Set when the channel is paused (daily quota): a message with no other channel waits until then.
        self.paused_until = paused_until


def enabled() -> bool:
    return bool(settings.ZALO_ZNS_URL)


def template_for(kind: str) -> dict | None:
    """{"id": …, "params": […]} of a message kind, or None when ZNS has no template for it."""
    template = settings.ZALO_ZNS_TEMPLATES.get(kind)
    return template if template and template.get("id") else None


# ---- Writing a Zalo message -------------------------------------------------------------------------------------

def _local(value: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(value) if value else None


def _status_url(registration) -> str:
    if registration is None or not getattr(registration, "secret", ""):
        return ""
    try:
        path = reverse("petitions:registration_status", kwargs={
            "body_slug": registration.conference.body.slug, "code": registration.code,
            "secret": registration.secret})
    except NoReverseMatch:
        return ""
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def template_parameters(kind: str, context: dict) -> dict[str, str]:
    """The values of the template's parameters for `kind` from a message context (registration, petition,
    conference, body). Raises KeyError for a kind without a template."""
    template = template_for(kind)
    if template is None:
        raise KeyError(kind)
    body = context.get("body")
    petition = context.get("petition")
    registration = context.get("registration") or (petition.registration if petition is not None else None)
    conference = context.get("conference") or getattr(registration, "conference", None)
    starts = _local(conference.starts_at) if conference is not None else None
    answered = _local(getattr(petition, "answered_at", None))
    values = {
        "body_name": body.name if body is not None else "",
        "registration_code": getattr(registration, "code", ""),
        "petition_code": getattr(petition, "code", ""),
        "conference_date": f"{starts:%d/%m/%Y}" if starts else "",
        "conference_time": f"{starts:%H:%M}" if starts else "",
        "venue": getattr(conference, "venue", ""),
        "answered_date": f"{answered:%d/%m/%Y}" if answered else "",
        "document_number": getattr(petition, "answer_document_number", "") or "",
        "status_url": _status_url(registration),
    }
    return {name: values[name] for name in template["params"]}


def international(phone: str) -> str:
    """0987654321 -> 84987654321 (ZNS wants the country code, no plus sign)."""
    return "84" + phone[1:] if phone.startswith("0") else phone.lstrip("+")


def wants(template: str) -> bool:
    """Whether a message of this kind can go by Zalo here (the channel is configured and has its template)."""
    return enabled() and template_for(template) is not None


def zalo_enqueue(enqueue, *, body, template: str, context: dict, rendered: dict, phone: str, email: str,
                 sms: bool, related, dedup_key: str, language: str, dedup_key_is_new: bool) -> OutboxMessage:
    """Write the Zalo message of a notification through `enqueue` (services.message_enqueue), carrying the
    other channels the person chose as its fallbacks, SMS first, then e-mail, already rendered."""
    fallbacks = []
    if sms:
        fallbacks.append({"channel": OutboxMessage.Channel.SMS, "recipient": phone,
                          "text": rendered["sms"] or rendered["text"]})
    if email:
        fallbacks.append({"channel": OutboxMessage.Channel.EMAIL, "recipient": email, "subject": rendered["subject"],
                          "text": rendered["text"], "html": rendered["html"]})
    return enqueue(
        body=body, channel=OutboxMessage.Channel.ZALO, recipient=phone,
        text=rendered["sms"] or rendered["text"] or template, related=related, language=language,
        dedup_key=f"{dedup_key}:zalo" if dedup_key else "", dedup_key_is_new=dedup_key_is_new,
        extra={"kind": template, "template_data": template_parameters(template, context), "fallbacks": fallbacks})


# ---- Tokens ----------------------------------------------------------------------------------------------------

def _fernet() -> Fernet:
    if not settings.ZALO_TOKEN_KEY:
        raise PermanentDeliveryError("ZALO_TOKEN_KEY is not set")
    return Fernet(settings.ZALO_TOKEN_KEY.encode())


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


def decrypt(value: str) -> str:
    if not value:
        return ""
    try:
        return _fernet().decrypt(value.encode()).decode()
    except InvalidToken as exc:
        raise PermanentDeliveryError("Zalo tokens cannot be decrypted with ZALO_TOKEN_KEY") from exc


def _post(url: str, *, data: bytes, headers: dict) -> dict:
    if not url.lower().startswith(("https://", "http://")):
        raise PermanentDeliveryError("Zalo URLs must be http(s)")
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")  # noqa: S310 (checked)
    try:
        with urllib.request.urlopen(request, timeout=settings.ZALO_TIMEOUT) as response:  # noqa: S310  # nosec B310
            raw = response.read()
    except urllib.error.HTTPError as exc:
        if exc.code >= 500 or exc.code == 429:
            raise TransientDeliveryError(f"Zalo HTTP {exc.code}") from exc
        raise PermanentDeliveryError(f"Zalo HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        raise TransientDeliveryError(f"Zalo unreachable: {exc}") from exc
    try:
        return json.loads(raw.decode("utf-8"))
    except ValueError as exc:
        raise TransientDeliveryError(f"Zalo answered something that is not JSON: {raw[:200]!r}") from exc


def _renew(credential: ZaloCredential) -> str:
    refresh = decrypt(credential.refresh_token) or settings.ZALO_REFRESH_TOKEN
    if not refresh:
        raise PermanentDeliveryError("No Zalo refresh token: set ZALO_REFRESH_TOKEN from the OA's authorisation")
    data = _post(settings.ZALO_OAUTH_URL.rstrip("/") + "/v4/oa/access_token",
                 data=urllib.parse.urlencode({"app_id": settings.ZALO_APP_ID, "grant_type": "refresh_token",
                                              "refresh_token": refresh}).encode(),
                 headers={"secret_key": settings.ZALO_APP_SECRET,
                          "Content-Type": "application/x-www-form-urlencoded"})
    access, new_refresh = data.get("access_token"), data.get("refresh_token")
    if not access or not new_refresh:
        raise TransientDeliveryError(f"Zalo token renewal refused: {data.get('error')} {data.get('error_name', '')}"
                                     f" {data.get('error_description', '')}".strip())
    now = timezone.now()
    lifetime = int(data.get("expires_in") or settings.ZALO_ACCESS_TOKEN_SECONDS)
    credential.access_token = encrypt(access)
    credential.refresh_token = encrypt(new_refresh)
    credential.access_expires_at = now + datetime.timedelta(seconds=lifetime)
    credential.refresh_expires_at = now + datetime.timedelta(days=settings.ZALO_REFRESH_TOKEN_DAYS)
    credential.renewed_at = now
    credential.save(update_fields=["access_token", "refresh_token", "access_expires_at", "refresh_expires_at",
                                   "renewed_at"])
    return access


def _credential_locked() -> ZaloCredential:
    ZaloCredential.objects.get_or_create(pk=1)
    return ZaloCredential.objects.select_for_update().get(pk=1)


def zalo_access_token(*, rejected: str = "") -> str:
    """A valid access token: the stored one, or a new pair when it expires within ZALO_RENEW_MARGIN_SECONDS (or
    is `rejected`, the token ZNS just called invalid). The renewal holds the credential row's lock, so a second
    worker waits and then finds the new token instead of spending the (single-use) refresh token again."""
    margin = datetime.timedelta(seconds=settings.ZALO_RENEW_MARGIN_SECONDS)
    with transaction.atomic():
        credential = _credential_locked()
        access = decrypt(credential.access_token)
        fresh = credential.access_expires_at is not None and credential.access_expires_at - margin > timezone.now()
        if access and fresh and access != rejected:
            return access
        return _renew(credential)


# ---- Sending ---------------------------------------------------------------------------------------------------

def _codes(name: str) -> set[str]:
    return {str(code) for code in getattr(settings, name)}


def _next_local_midnight() -> datetime.datetime:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))


def _pause_until_tomorrow() -> datetime.datetime:
    with transaction.atomic():
        credential = _credential_locked()
        credential.paused_until = _next_local_midnight()
        credential.save(update_fields=["paused_until"])
    return credential.paused_until


def paused_until() -> datetime.datetime | None:
    """The end of the channel's pause (daily quota reached), or None when it is not paused."""
    return (ZaloCredential.objects.filter(pk=1, paused_until__gt=timezone.now())
            .values_list("paused_until", flat=True).first())


def channel_paused() -> bool:
    return paused_until() is not None


def send_zns(message: OutboxMessage) -> str:
    """Send one ZNS template message; returns ZNS's msg_id. Raises ZaloRefused (fall back), TransientDeliveryError
    or PermanentDeliveryError."""
    template = template_for(message.kind)
    if not enabled() or template is None:
        raise ZaloRefused(f"No ZNS template for {message.kind!r}", reason=_("chưa cấu hình mẫu tin Zalo"))
    if (until := paused_until()) is not None:
        raise ZaloRefused("ZNS paused until tomorrow (daily quota reached)", reason=_("hết hạn mức gửi Zalo trong ngày"),
                          paused_until=until)
    payload = json.dumps({"phone": international(message.recipient), "template_id": template["id"],
                          "template_data": message.template_data, "tracking_id": str(message.pk)}).encode()
    url = settings.ZALO_ZNS_URL.rstrip("/") + "/message/template"
    token = zalo_access_token()
    data = _post(url, data=payload, headers={"access_token": token, "Content-Type": "application/json"})
    code = str(data.get("error", ""))
    if code in _codes("ZALO_ERRORS_TOKEN"):  # expired or revoked early: renew once and try again
        token = zalo_access_token(rejected=token)
        data = _post(url, data=payload, headers={"access_token": token, "Content-Type": "application/json"})
        code = str(data.get("error", ""))
    if code == "0":
        return str((data.get("data") or {}).get("msg_id", ""))[:100]
    error = f"ZNS error {code}: {data.get('message', '')}".strip()
    if code in _codes("ZALO_ERRORS_QUOTA"):
        raise ZaloRefused(error, reason=_("hết hạn mức gửi Zalo trong ngày"), paused_until=_pause_until_tomorrow())
    if code in _codes("ZALO_ERRORS_TEMPLATE"):
        raise ZaloRefused(error, reason=_("mẫu tin Zalo chưa được duyệt"))
    if code in _codes("ZALO_ERRORS_NOT_ON_ZALO"):
        raise ZaloRefused(error, reason=_("số điện thoại không dùng Zalo"))
    if code in _codes("ZALO_ERRORS_TRANSIENT"):
        raise TransientDeliveryError(error)
    raise ZaloRefused(error, reason=_("Zalo từ chối tin"))


def _hold_until(message: OutboxMessage, until: datetime.datetime, reason: str) -> OutboxMessage:
    """Put a Zalo message with no other channel back in the queue until the channel's pause ends; the attempt
    it just used does not count (a pause of several days never uses up its attempts)."""
    from conferences.outbox.services import _event

    local = timezone.localtime(until)
    with transaction.atomic():
        if OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.SENDING).update(
                status=OutboxMessage.Status.PENDING, next_attempt_at=until, attempts=max(message.attempts - 1, 0),
                last_error=reason, updated_at=timezone.now()):
            _event(message.pk, OutboxMessage.Status.SENDING, OutboxMessage.Status.PENDING, message.attempts,
                   _("Kênh Zalo tạm dừng đến %(time)s (%(reason)s); người nhận không chọn kênh khác nên tin được "
                     "giữ lại và gửi tiếp sau thời điểm đó.") % {"time": f"{local:%H:%M} ngày {local:%d/%m/%Y}",
                                                                  "reason": reason})
    message.refresh_from_db()
    return message


def message_fall_back(*, message: OutboxMessage, error: Exception) -> OutboxMessage:
    """After ZNS refused `message`: write a message by the next channel the person chose (SMS, else e-mail) in
    the same transaction that marks the Zalo message failed, each event naming the other; with no other channel,
    the Zalo message stays failed (undelivered) for staff, or, while the channel is paused (daily quota), waits
    for the pause to end (pending, "tạm dừng đến …"). Returns the Zalo message."""
    from conferences.outbox.services import _event, message_enqueue

    reason = getattr(error, "reason", "") or _("Zalo từ chối tin")
    if not message.fallbacks and getattr(error, "paused_until", None) is not None:
        return _hold_until(message, error.paused_until, reason)
    with transaction.atomic():
        if not OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.SENDING).update(
                status=OutboxMessage.Status.FAILED, last_error=str(error)[:2000], updated_at=timezone.now()):
            message.refresh_from_db()
            return message
        fallback = (message.fallbacks or [None])[0]
        if fallback is None:
            note = _("Không gửi được qua Zalo (%(reason)s: %(error)s); người nhận không chọn kênh khác.") % {
                "reason": reason, "error": error}
            _event(message.pk, OutboxMessage.Status.SENDING, OutboxMessage.Status.FAILED, message.attempts, note)
        else:
            replacement = message_enqueue(
                body=message.body, channel=fallback["channel"], recipient=fallback["recipient"],
                subject=fallback.get("subject", ""), text=fallback["text"], html=fallback.get("html", ""),
                dedup_key=f"{message.dedup_key}:fallback" if message.dedup_key else "", language=message.language)
            replacement.fallbacks = message.fallbacks[1:]
            if message.related_type_id:
                replacement.related_type_id, replacement.related_id = message.related_type_id, message.related_id
            replacement.save(update_fields=["fallbacks", "related_type", "related_id"])
            channel = OutboxMessage.Channel(fallback["channel"]).label
            _event(message.pk, OutboxMessage.Status.SENDING, OutboxMessage.Status.FAILED, message.attempts,
                   _("Không gửi được qua Zalo (%(reason)s: %(error)s); chuyển sang %(channel)s, tin số %(id)s.")
                   % {"reason": reason, "error": error, "channel": channel, "id": replacement.pk})
            OutboxEvent.objects.filter(message=replacement).update(
                note=_("Thay cho tin Zalo số %(id)s (%(reason)s).") % {"id": message.pk, "reason": reason})
    message.refresh_from_db()
    return message

