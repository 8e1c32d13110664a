"""Outbox services: write a message in the caller's transaction, deliver it after commit, relay what is left.

Guarantees: a message exists if and only if the change that caused it committed (it is a row in the same
transaction); a broker outage never fails a request (the relay catches up); a message is delivered at most
once per attempt, an attempt is recorded before the network call, and a row left in `sending` by a crashed
worker is tried again after OUTBOX_STALE_SENDING_MINUTES (the one window in which a duplicate is possible;
the e-mail Message-ID and the SMS gateway's RequestId let the receiving side drop it).
"""

import datetime
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from conferences.common import fast_insert
from conferences.common.errors import ConferenceError
from conferences.common.identifiers import phone_normalize
from conferences.common.text import nfc
from conferences.outbox import channels as messaging
from conferences.outbox import zns
from conferences.outbox.models import OutboxAttachment, OutboxEvent, OutboxMessage
from conferences.outbox.rendering import MESSAGE_PARTS, render_message  # noqa: F401  (importable from here too)
from conferences.outbox.sms import sms_text

logger = logging.getLogger(__name__)

# Until this time.monotonic() value the broker counts as down in this process: each hand-over attempt to a dead
# Redis costs the request a connect and its retry (~0.2-0.5 s), for nothing the relay does not catch up anyway.
_broker_down_until = 0.0

Status = OutboxMessage.Status
Channel = OutboxMessage.Channel


@dataclass(frozen=True)
class Attachment:
    """A file to send with an e-mail."""

    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"


def _event(message_id: int, from_status: str, to_status: str, attempt: int, note: str = "", actor=None) -> None:
    OutboxEvent.objects.create(message_id=message_id, from_status=from_status, to_status=to_status,
                               attempt=attempt, note=note[:2000], actor=actor)


def normalize_phone(value: str) -> str:
    """Return a Vietnamese phone number in national form (0xxxxxxxxx); raises ConferenceError if invalid.

    The rules are those of the public form and the admin (`conferences.common.identifiers`)."""
    raw = (value or "").strip()
    try:
        return phone_normalize(raw)
    except ValidationError:
        raise ConferenceError(_("Số điện thoại không hợp lệ: %(phone)s") % {"phone": raw}) from None


def _normalize_recipient(channel: str, recipient: str) -> str:
    if channel == Channel.EMAIL:
        address = (recipient or "").strip()
        try:
            validate_email(address)
        except ValidationError as exc:
            raise ConferenceError(_("Địa chỉ thư điện tử không hợp lệ: %(email)s") % {"email": address}) from exc
        local, _at, domain = address.rpartition("@")
        return f"{local}@{domain.lower()}"
    if channel in (Channel.SMS, Channel.ZALO):
        return normalize_phone(recipient)
    raise ConferenceError(_("Kênh gửi không hợp lệ: %(channel)s") % {"channel": channel})


def _save_or_existing(message: OutboxMessage, dedup_key: str) -> OutboxMessage | None:
    """Save `message` and its first event in a savepoint; return the message already holding `dedup_key` when
    a concurrent writer got there first (None when this one was saved)."""
    try:
        # A savepoint: a concurrent writer of the same dedup key must not break the caller's transaction.
        with transaction.atomic():
            message.save()
            _event(message.pk, "", Status.PENDING, 0)
    except IntegrityError:
        existing = OutboxMessage.objects.filter(dedup_key=dedup_key).first() if dedup_key else None
        if existing is None:
            raise
        return existing
    return None


def message_enqueue(
    *,
    body,
    channel: str,
    recipient: str,
    text: str,
    subject: str = "",
    html: str = "",
    attachments: Iterable[Attachment] = (),
    related: models.Model | None = None,
    dedup_key: str = "",
    language: str | None = None,
    dedup_key_is_new: bool = False,
    extra: dict | None = None,
) -> OutboxMessage:
    """Write an outgoing message as a row of the caller's transaction; delivery is scheduled after commit.

    Must run inside `transaction.atomic()` (the transaction of the change that causes the message), so that
    the message exists exactly when the change committed. With a `dedup_key` already used, returns the
    existing message and writes nothing (the same event never sends twice). `dedup_key_is_new=True` says the
    key names an object created in the caller's own transaction, so no message can hold it yet: the lookup and
    the savepoint are skipped (the unique constraint still guards it). Raises ConferenceError for an invalid
    channel or recipient, and TransactionManagementError outside a transaction.
    """
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError(
            "message_enqueue() must be called inside the transaction of the change that causes the message.")
    if dedup_key and not dedup_key_is_new:
        existing = OutboxMessage.objects.filter(dedup_key=dedup_key).first()
        if existing is not None:
            return existing
    message = OutboxMessage(
        body=body,
        channel=channel,
        recipient=_normalize_recipient(channel, recipient),
        subject=nfc(subject or "")[:300],
        # Every SMS in the one encoding of SMS_UNICODE (GSM-7 without diacritics, or UCS-2 with them).
        text=sms_text(text) if channel == Channel.SMS else nfc(text),
        html=nfc(html or ""),
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        max_attempts=settings.OUTBOX_MAX_ATTEMPTS,
        next_attempt_at=timezone.now(),
        dedup_key=dedup_key,
        **(extra or {}),  # a Zalo message's kind, template data and fallbacks
    )
    if related is not None:
        message.related_type = ContentType.objects.get_for_model(related)
        message.related_id = str(related.pk)
    if dedup_key_is_new and dedup_key:
        # No savepoint, and the registration hot path's plain INSERTs (conferences/fast_insert.py).
        fast_insert.insert_pairs([message], [OutboxEvent(from_status="", to_status=Status.PENDING, attempt=0)],
                                 link="message", key="dedup_key")
    else:
        existing = _save_or_existing(message, dedup_key)
        if existing is not None:
            return existing
    if attachments:
        if channel != Channel.EMAIL:
            raise ConferenceError(_("Chỉ thư điện tử mới có tệp đính kèm."))
        OutboxAttachment.objects.bulk_create(
            OutboxAttachment(message=message, filename=a.filename, mimetype=a.mimetype, content=a.content)
            for a in attachments
        )
    transaction.on_commit(partial(schedule_delivery, message.pk))
    return message


def notification_enqueue(
    *,
    body,
    template: str,
    context: dict,
    email: str = "",
    phone: str = "",
    channels: Iterable[str] = (Channel.EMAIL, Channel.SMS),
    language: str = "vi",
    attachments: Iterable[Attachment] = (),
    related: models.Model | None = None,
    dedup_key: str = "",
    dedup_key_is_new: bool = False,
) -> list[OutboxMessage]:
    """Write one message per chosen channel (e-mail, SMS or both) from a message template; with Zalo chosen
    (and configured for the template), one Zalo message carrying the others as fallbacks (zns.zalo_enqueue).

    A channel without an address (a household business without e-mail) is skipped, and only the parts the
    chosen channels use are rendered. Each message's dedup key is `dedup_key` plus the channel
    (`dedup_key_is_new`: see message_enqueue). Must run inside the caller's transaction; raises
    ConferenceError for an invalid address.
    """
    channels = set(channels)
    send_email = Channel.EMAIL in channels and bool(email)
    send_sms = Channel.SMS in channels and bool(phone)
    # An SMS may say "see your e-mail" only when an e-mail goes out with it.
    context = {**context, "email_sent": send_email}
    parts = ({"subject", "text", "html"} if send_email else set()) | (
        {"sms"} if send_sms or (phone and Channel.ZALO in channels) else set())
    rendered = render_message(template, context, language=language, parts=parts)
    if send_sms and not rendered["sms"] and not send_email:
        # A template without an SMS text: the SMS carries the plain text.
        rendered["text"] = render_message(template, context, language=language, parts=["text"])["text"]
    if Channel.ZALO in channels and phone and zns.wants(template):  # Zalo first; the others only if it fails
        return [zns.zalo_enqueue(message_enqueue, body=body, template=template, context=context, rendered=rendered,
                                 phone=phone, email=email if send_email else "", sms=send_sms, related=related,
                                 dedup_key=dedup_key, language=language, dedup_key_is_new=dedup_key_is_new)]
    messages = []
    if send_email:
        messages.append(message_enqueue(
            body=body, channel=Channel.EMAIL, recipient=email, subject=rendered["subject"],
            text=rendered["text"], html=rendered["html"], attachments=attachments, related=related,
            dedup_key=f"{dedup_key}:email" if dedup_key else "", language=language,
            dedup_key_is_new=dedup_key_is_new))
    if send_sms:
        messages.append(message_enqueue(
            body=body, channel=Channel.SMS, recipient=phone, text=rendered["sms"] or rendered["text"],
            related=related, dedup_key=f"{dedup_key}:sms" if dedup_key else "", language=language,
            dedup_key_is_new=dedup_key_is_new))
    return messages


def schedule_delivery(message_id: int) -> bool:
    """Hand the message to a Celery worker; never raises (a broker outage is left to the relay).

    After a failed hand-over the broker is not tried again by this process for OUTBOX_BROKER_DOWN_SECONDS,
    so that an outage does not slow every request down. Returns whether the task was handed over (or, with
    eager tasks, run).
    """
    global _broker_down_until
    from conferences.tasks import outbox_deliver

    if time.monotonic() < _broker_down_until:
        logger.info("Outbox message %s not handed to the broker (down a moment ago); the relay will send it.",
                    message_id)
        return False
    try:
        # retry=False: do not block the request retrying the broker; the periodic relay catches up.
        outbox_deliver.apply_async((message_id,), retry=False)
    except Exception:  # kombu OperationalError, redis ConnectionError, socket timeouts, …
        _broker_down_until = time.monotonic() + settings.OUTBOX_BROKER_DOWN_SECONDS
        logger.warning("Outbox message %s not handed to the broker; the relay will send it.", message_id,
                       exc_info=True)
        return False
    return True


def retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential back-off after the `attempts`-th failed attempt: base, 2×base, 4×base … capped at 6 hours."""
    seconds = settings.OUTBOX_RETRY_BASE_SECONDS * (2 ** max(attempts - 1, 0))
    return datetime.timedelta(seconds=min(seconds, 6 * 3600))


def _stale_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=settings.OUTBOX_STALE_SENDING_MINUTES)


def _due_q(now: datetime.datetime) -> Q:
    return Q(status=Status.PENDING, next_attempt_at__lte=now) | Q(
        status=Status.SENDING, claimed_at__lt=_stale_before())


def _lock(queryset):
    # PostgreSQL: concurrent relays and tasks skip rows another one holds. SQLite has no row locks (its
    # writers are serialised by the database lock); the compare-and-set in _claim keeps claiming safe there.
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True)
    return queryset


def _claim(message_id: int) -> OutboxMessage | None:
    now = timezone.now()
    with transaction.atomic():
        message = _lock(OutboxMessage.objects.filter(_due_q(now), pk=message_id)).first()
        if message is None:
            return None
        if message.attempts >= message.max_attempts:
            # A crashed last attempt: nothing left to try.
            note = _("Tiến trình gửi bị gián đoạn ở lần thử cuối.")
            if OutboxMessage.objects.filter(pk=message.pk, status=message.status).update(
                    status=Status.FAILED, updated_at=now, last_error=message.last_error or note):
                _event(message.pk, message.status, Status.FAILED, message.attempts, note)
            return None
        # Compare-and-set on (status, attempts): of two claimers that read the same row, one wins.
        claimed = OutboxMessage.objects.filter(
            pk=message.pk, status=message.status, attempts=message.attempts
        ).update(status=Status.SENDING, attempts=F("attempts") + 1, claimed_at=now, updated_at=now)
        if not claimed:
            return None
        _event(message.pk, message.status, Status.SENDING, message.attempts + 1,
               _("Gửi lại sau khi tiến trình trước bị gián đoạn.") if message.status == Status.SENDING else "")
    message.refresh_from_db()
    return message


def message_deliver(*, message_id: int) -> OutboxMessage | None:
    """Send one due message now: claim it (status `sending`, attempt counted, committed), send, record result.

    Returns the message, or None when it is not due (already sent, claimed by another worker, waiting for
    its back-off). Delivery errors never propagate: a transient one schedules the next attempt with
    exponential back-off, a permanent one or the last attempt marks the message `failed`.
    """
    message = _claim(message_id)
    if message is None:
        return None
    try:
        provider_id = messaging.send_message(message)
    except messaging.DeliveryError as exc:
        if exc.fallback:
            return zns.message_fall_back(message=message, error=exc)
        return _record_failure(message, str(exc), transient=exc.transient)
    except Exception as exc:  # a bug or an unexpected library error: record it, retry like a transient error
        logger.exception("Outbox message %s: unexpected error while sending", message.pk)
        return _record_failure(message, f"{type(exc).__name__}: {exc}", transient=True)
    with transaction.atomic():
        if OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
                status=Status.SENT, sent_at=timezone.now(), provider_message_id=(provider_id or "")[:100],
                last_error="", updated_at=timezone.now()):
            _event(message.pk, Status.SENDING, Status.SENT, message.attempts, provider_id or "")
    message.refresh_from_db()
    return message


def _record_failure(message: OutboxMessage, error: str, *, transient: bool) -> OutboxMessage:
    now = timezone.now()
    if transient and message.attempts < message.max_attempts:
        changes = {"status": Status.PENDING, "next_attempt_at": now + retry_delay(message.attempts)}
    else:
        changes = {"status": Status.FAILED}
    logger.warning("Outbox message %s attempt %s failed (%s): %s", message.pk, message.attempts,
                   "transient" if transient else "permanent", error)
    with transaction.atomic():
        if OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
                last_error=error[:2000], updated_at=now, **changes):
            _event(message.pk, Status.SENDING, changes["status"], message.attempts, error)
    message.refresh_from_db()
    return message


def outbox_relay(*, limit: int = 200) -> int:
    """Deliver every due message (pending and past its back-off, or stuck in `sending`); returns how many sent.

    Run every minute by Celery beat (`conferences.tasks.outbox_relay`); catches up after a broker, SMTP or
    gateway outage. Safe to run concurrently with itself and with the per-message tasks.
    """
    ids = list(
        OutboxMessage.objects.filter(_due_q(timezone.now()))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for message_id in ids:
        message = message_deliver(message_id=message_id)
        if message is not None and message.status == Status.SENT:
            sent += 1
    return sent


def message_retry(*, message: OutboxMessage, user) -> OutboxMessage:
    """Put a failed message back in the queue for a fresh series of attempts (staff action).

    Raises ConferenceError when the message is not failed (a sent message is never sent again).
    """
    with transaction.atomic():
        locked = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if Status.PENDING not in OutboxMessage.TRANSITIONS[locked.status]:
            raise ConferenceError(
                _("Chỉ gửi lại được thư ở trạng thái “%(failed)s”; thư này đang “%(status)s”.")
                % {"failed": Status.FAILED.label, "status": locked.get_status_display()})
        locked.status = Status.PENDING
        locked.max_attempts = locked.attempts + settings.OUTBOX_MAX_ATTEMPTS
        locked.next_attempt_at = timezone.now()
        locked.last_error = _("Gửi lại theo yêu cầu của %(user)s. Lỗi trước: %(error)s") % {
            "user": user.get_username() if user else "?", "error": locked.last_error}
        locked.save(update_fields=["status", "max_attempts", "next_attempt_at", "last_error", "updated_at"])
        _event(locked.pk, Status.FAILED, Status.PENDING, locked.attempts, _("Gửi lại theo yêu cầu."), actor=user)
        transaction.on_commit(partial(schedule_delivery, locked.pk))
    return locked
