"""What a Phụ lục II submission carried besides its registration and petitions (channels chosen, the form token)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from conferences.models import (
    Registration,
)


class RegistrationSubmission(models.Model):
    """What a Phụ lục II submission adds to its Registration: the form token that makes resubmission
    idempotent, item 8 (overall proposal), how the registrant wants to be told, and whether it came after
    the conference's cut-off.

    Kept in the petitions app (one row per registration) so that the conferences app stays free of
    petition-side concerns and its migrations untouched.
    """

    registration = models.OneToOneField(
        Registration, verbose_name=_("đăng ký"), on_delete=models.CASCADE, related_name="submission")
    form_token = models.CharField(
        _("mã phiên biểu mẫu"), max_length=64, unique=True, editable=False,
        help_text=_("Gửi lại cùng một biểu mẫu (bấm hai lần, tải lại trang) không tạo đăng ký mới."))
    overall_proposal = models.TextField(_("đề xuất giải pháp tháo gỡ (mục 8)"), blank=True)
    notify_sms = models.BooleanField(_("nhận tin nhắn SMS"), default=True)
    notify_email = models.BooleanField(_("nhận thư điện tử"), default=False)
    notify_zalo = models.BooleanField(_("nhận thông báo qua Zalo"), default=False)
    received_after_cutoff = models.BooleanField(
        _("nhận sau hạn gửi kiến nghị"), default=False,
        help_text=_("Kiến nghị được trả lời bằng văn bản ngoài hội nghị (quy tắc không tổ chức hội nghị)."))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiếu đăng ký (Phụ lục II)")
        verbose_name_plural = _("phiếu đăng ký (Phụ lục II)")

    def __str__(self):
        return str(self.registration)


def held_attachment_path(instance: "HeldAttachment", filename: str) -> str:
    """Held files under held/, named at random with the extension of their checked type (never served publicly:
    media is not exposed, and only the form's token reaches them)."""
    import uuid

    from petitions.registration.validators import extension_for_content_type

    return f"held/{uuid.uuid4().hex}.{extension_for_content_type(instance.content_type) or 'bin'}"


class HeldAttachment(models.Model):
    """A file received with a Phụ lục II submission that was refused (a field to correct, the rate limit), held
    under the form's one-time token until the corrected form is accepted, or removed, or the token expires
    (HELD_ATTACHMENT_MAX_AGE, deleted by the nightly retention run). Kept in the database and media storage,
    not the cache, so a person's file is not lost when Redis is down."""

    form_token = models.CharField(_("mã phiên biểu mẫu"), max_length=64, db_index=True, editable=False)
    key = models.CharField(_("mã tệp"), max_length=32, unique=True, editable=False)
    row = models.PositiveSmallIntegerField(_("dòng kiến nghị"))
    file = models.FileField(_("tệp"), upload_to=held_attachment_path, max_length=300)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    created_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("tệp đính kèm đang giữ")
        verbose_name_plural = _("tệp đính kèm đang giữ")
        ordering = ["form_token", "row", "pk"]

    def __str__(self):
        return self.original_name
