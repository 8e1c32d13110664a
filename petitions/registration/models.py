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
