"""Delivery channels of the outbox: e-mail through Django's mail, SMS through an HTTP gateway (eSMS.vn-style),
Zalo through the ZNS template API (conferences/outbox/zns.py).

Each `send_*` function takes an OutboxMessage, returns the provider's message id (or "") on success and raises
`TransientDeliveryError` (try again later) or `PermanentDeliveryError` (never succeeds: wrong address, refused).
"""

import json
import logging
import smtplib
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone

from conferences.outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

# eSMS.vn SendMultipleMessage_V4_post_json answers CodeResult "100" on acceptance. "124" (duplicate RequestId)
# means an earlier attempt of this very message was accepted (we crashed before marking it sent): success.
# "103" (balance too low) is fixed by topping up the account, so it is retried; every other code is a refusal.
SMS_ACCEPTED_CODES = {"100"}
SMS_ALREADY_ACCEPTED_CODES = {"124"}
SMS_TRANSIENT_CODES = {"103"}


class DeliveryError(Exception):
    """A message could not be delivered; `transient` says whether trying again later may succeed."""

    transient = True
    fallback = False  # True: send by the person's next channel instead (conferences/outbox/zns.py)


class TransientDeliveryError(DeliveryError):
    """The server, gateway or network is unavailable: try again later."""

    transient = True


class PermanentDeliveryError(DeliveryError):
    """The provider refused the message (bad address, wrong credentials, blocked number): do not retry."""

    transient = False


def send_message(message: OutboxMessage) -> str:
    """Deliver `message` through its channel; returns the provider id. Raises a DeliveryError subclass."""
    if message.channel == OutboxMessage.Channel.EMAIL:
        return send_email(message)
    if message.channel == OutboxMessage.Channel.SMS:
        return send_sms(message)
    if message.channel == OutboxMessage.Channel.ZALO:
        from conferences.outbox.zns import send_zns  # zns builds on this module's errors

        return send_zns(message)
    raise PermanentDeliveryError(f"Unknown channel {message.channel!r}")


def send_email(message: OutboxMessage) -> str:
    """Send an e-mail (plain text, optional HTML alternative, stored attachments) with Django's mail backend."""
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        # A stable id lets mail servers and clients drop a duplicate if a crash made us send twice.
        headers={"Message-ID": f"<outbox-{message.pk}@{settings.OUTBOX_MESSAGE_ID_DOMAIN}>"},
        connection=get_connection(fail_silently=False),
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for attachment in message.attachments.all():
        email.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        raise PermanentDeliveryError(f"SMTP refused the recipient: {exc.recipients}") from exc
    except smtplib.SMTPResponseException as exc:
        # 5xx replies are final (mailbox unknown, message rejected); 4xx are "try later".
        error = f"SMTP {exc.smtp_code}: {exc.smtp_error!r}"
        if 500 <= exc.smtp_code < 600:
            raise PermanentDeliveryError(error) from exc
        raise TransientDeliveryError(error) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise TransientDeliveryError(f"SMTP unavailable: {exc}") from exc
    return ""


def send_sms(message: OutboxMessage) -> str:
    """Send an SMS through the configured HTTP gateway, or write it to a file when no gateway is set."""
    if not settings.SMS_GATEWAY_URL:
        return _write_sms_file(message)
    return _send_sms_http(message)


def _write_sms_file(message: OutboxMessage) -> str:
    # Like Django's file e-mail backend: development and demos see every SMS without a gateway account.
    directory = Path(settings.SMS_FILE_PATH)
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{timezone.now():%Y%m%d-%H%M%S}-{message.pk}.txt"
    (directory / name).write_text(f"To: {message.recipient}\n\n{message.text}\n", encoding="utf-8")
    return name


def sms_payload(message: OutboxMessage) -> dict:
    """The JSON body of eSMS.vn's SendMultipleMessage_V4_post_json for one message."""
    payload = {
        "ApiKey": settings.SMS_GATEWAY_API_KEY,
        "SecretKey": settings.SMS_GATEWAY_SECRET,
        "Phone": message.recipient,
        "Content": message.text,
        # 2 = customer-care message under a registered brand name; 8 = fixed number when no brand name.
        "SmsType": "2" if settings.SMS_BRANDNAME else "8",
        "IsUnicode": "0" if message.text.isascii() else "1",
        # The gateway refuses a RequestId it has seen (code 124): a resent message is never delivered twice.
        "RequestId": f"outbox-{message.pk}",
    }
    if settings.SMS_BRANDNAME:
        payload["Brandname"] = settings.SMS_BRANDNAME
    return payload


def _send_sms_http(message: OutboxMessage) -> str:
    if not settings.SMS_GATEWAY_URL.lower().startswith(("https://", "http://")):
        # urllib would also open file: and custom schemes; the gateway is a web service.
        raise PermanentDeliveryError("SMS_GATEWAY_URL must be an http(s) URL")
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        settings.SMS_GATEWAY_URL,
        data=json.dumps(sms_payload(message)).encode("utf-8"),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        # The URL's scheme was checked above: http(s) only.
        with urllib.request.urlopen(request, timeout=settings.SMS_GATEWAY_TIMEOUT) as response:  # noqa: S310  # nosec B310
            raw = response.read()
    except urllib.error.HTTPError as exc:
        # 5xx and 429: the gateway is overloaded or down; other 4xx: our request is wrong, retrying won't help.
        if exc.code >= 500 or exc.code == 429:
            raise TransientDeliveryError(f"SMS gateway HTTP {exc.code}") from exc
        raise PermanentDeliveryError(f"SMS gateway HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        raise TransientDeliveryError(f"SMS gateway unreachable: {exc}") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
        code = str(data.get("CodeResult", ""))
    except (ValueError, AttributeError) as exc:
        raise TransientDeliveryError(f"SMS gateway answered something that is not JSON: {raw[:200]!r}") from exc
    if code in SMS_ACCEPTED_CODES or code in SMS_ALREADY_ACCEPTED_CODES:
        return str(data.get("SMSID", ""))[:100]
    error = f"SMS gateway CodeResult {code}: {data.get('ErrorMessage', '')}".strip()
    if code in SMS_TRANSIENT_CODES:
        raise TransientDeliveryError(error)
    raise PermanentDeliveryError(error)
