"""Outbox models: every outgoing e-mail or SMS is a row written in the transaction of the change causing it."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conferences.common.events import StatusEvent
from conferences.common.text import mask_phone


def mask_email(address: str) -> str:
    """Hide most of the local part of an e-mail address: nguyenvana@example.vn -> ng*******@example.vn."""
    local, sep, domain = (address or "").partition("@")
    if not sep:
        return mask_phone(address)
    keep = local[:2] if len(local) > 3 else local[:1]
    return f"{keep}{'*' * max(len(local) - len(keep), 1)}@{domain}"


class OutboxMessage(models.Model):
    """One message to deliver by e-mail or SMS, with its delivery state, attempts and last error."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Thư điện tử")
        SMS = "sms", _("Tin nhắn SMS")
        ZALO = "zalo", _("Zalo (ZNS)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi không thành công")

    # Status -> statuses it may move to; services in conferences/outbox.py are the only writers.
    # sending -> sending: a row stuck in `sending` (worker crashed mid-send) is claimed again after a while.
    TRANSITIONS: dict[str, set[str]] = {
        Status.PENDING: {Status.SENDING, Status.FAILED},
        Status.SENDING: {Status.SENT, Status.PENDING, Status.FAILED, Status.SENDING},
        Status.SENT: set(),
        Status.FAILED: {Status.PENDING},
    }

    body = models.ForeignKey(
        "conferences.Body", verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="outbox_messages", help_text=_("Cơ quan gửi; để trống với thư của hệ thống."))
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(
        _("người nhận"), max_length=254, help_text=_("Địa chỉ thư điện tử hoặc số điện thoại."))
    subject = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    text = models.TextField(_("nội dung"))
    html = models.TextField(_("nội dung HTML"), blank=True)
    language = models.CharField(_("ngôn ngữ"), max_length=10, default="vi")
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("số lần đã thử"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("số lần thử tối đa"), default=6)
    next_attempt_at = models.DateTimeField(_("thử lại lúc"), default=timezone.now)
    claimed_at = models.DateTimeField(_("bắt đầu gửi lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    provider_message_id = models.CharField(_("mã tin của nhà cung cấp"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    related_type = models.ForeignKey(
        ContentType, verbose_name=_("loại đối tượng liên quan"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    related_id = models.CharField(_("mã đối tượng liên quan"), max_length=64, blank=True)
    # Zalo (ZNS) messages: the message kind (its template is a setting) and the template's parameters, rendered
    # when the row is written; `fallbacks` are the other channels the person chose, in order (SMS, then e-mail),
    # each {"channel", "recipient", "subject", "text", "html"}, used when the service refuses the message.
    kind = models.CharField(_("loại tin"), max_length=50, blank=True)
    template_data = models.JSONField(_("tham số mẫu tin"), default=dict, blank=True)
    fallbacks = models.JSONField(_("kênh thay thế"), default=list, blank=True)
    dedup_key = models.CharField(
        _("khóa chống gửi trùng"), max_length=200, blank=True,
        help_text=_("Cùng một sự kiện chỉ sinh ra một thư; để trống nếu không cần chống trùng."))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("thư / tin nhắn gửi đi")
        verbose_name_plural = _("hộp thư đi")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dedup_key"], condition=~Q(dedup_key=""), name="outbox_dedup_key_unique"),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="outbox_sent_has_time"),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
            models.Index(fields=["related_type", "related_id"], name="outbox_related_idx"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.masked_recipient}: {self.subject or self.text[:40]}"

    @property
    def masked_recipient(self) -> str:
        """The recipient with most characters hidden, for lists."""
        if self.channel == self.Channel.EMAIL:
            return mask_email(self.recipient)
        return mask_phone(self.recipient)


class ZaloCredential(models.Model):
    """The Zalo Official Account's token pair (both rotate at each renewal), encrypted with ZALO_TOKEN_KEY, and
    the channel's pause after the daily quota was reached. One row; renewals lock it (conferences/outbox/zns.py)."""

    access_token = models.TextField(_("access token (mã hóa)"), blank=True)
    refresh_token = models.TextField(_("refresh token (mã hóa)"), blank=True)
    access_expires_at = models.DateTimeField(_("access token hết hạn lúc"), null=True, blank=True)
    refresh_expires_at = models.DateTimeField(_("refresh token hết hạn lúc"), null=True, blank=True)
    renewed_at = models.DateTimeField(_("gia hạn lúc"), null=True, blank=True)
    paused_until = models.DateTimeField(
        _("tạm dừng kênh đến"), null=True, blank=True, help_text=_("Hết hạn mức gửi trong ngày: dừng đến ngày hôm sau."))

    class Meta:
        verbose_name = _("khóa Zalo OA")
        verbose_name_plural = _("khóa Zalo OA")

    def __str__(self):
        return str(self._meta.verbose_name)


class OutboxAttachment(models.Model):
    """A file sent with an e-mail, stored with the row so that a retry sends exactly the same file."""

    message = models.ForeignKey(
        OutboxMessage, verbose_name=_("thư"), on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("tên tệp"), max_length=255)
    mimetype = models.CharField(_("kiểu tệp"), max_length=100, default="application/octet-stream")
    content = models.BinaryField(_("nội dung tệp"))

    class Meta:
        verbose_name = _("tệp đính kèm thư")
        verbose_name_plural = _("tệp đính kèm thư")
        ordering = ["message", "pk"]

    def __str__(self):
        return self.filename


class OutboxEvent(StatusEvent):
    """One change of a message's delivery status: from, to, which attempt, who (staff retry), why, when."""

    SUBJECT_FIELD = "message"

    message = models.ForeignKey(
        OutboxMessage, verbose_name=_("thư"), on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(
        _("từ trạng thái"), max_length=10, choices=OutboxMessage.Status.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=10, choices=OutboxMessage.Status.choices)
    attempt = models.PositiveSmallIntegerField(_("lần thử"), default=0)

    class Meta(StatusEvent.Meta):
        verbose_name = _("diễn biến gửi thư")
        verbose_name_plural = _("diễn biến gửi thư")
        ordering = ["message", "created_at", "pk"]

    def subject_label(self) -> str:
        return str(self.message_id)
