"""A data subject's request about their personal data (Law 91/2025/QH15): correction, consent withdrawal, deletion."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conferences.common.codes import CODE_MAX_LENGTH
from conferences.models import Body, Registration


class DataSubjectRequest(models.Model):
    """One request made from the registration's status page; handled by Phòng Kinh tế within `due_at`.

    Written by petitions/privacy.py only (status moves through `TRANSITIONS`). Never deleted: when the
    registration is anonymised, `details`, `requested_value` and `outcome_note` are scrubbed and the row stays
    as the record that the request was handled.
    """

    READABLE_CODE_FIELD = "code"

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Chỉnh sửa dữ liệu")
        CONSENT_WITHDRAWAL = "consent_withdrawal", _("Rút lại sự đồng ý")
        DELETION = "deletion", _("Xóa dữ liệu")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã tiếp nhận")
        IN_PROGRESS = "in_progress", _("Đang xử lý")
        DONE = "done", _("Đã thực hiện")
        REFUSED = "refused", _("Từ chối (có lý do)")

    class Field(models.TextChoices):
        """Which registration field a correction is about (optional)."""

        FULL_NAME = "full_name", _("Họ và tên")
        POSITION = "position", _("Chức vụ")
        ORGANISATION_NAME = "organisation_name", _("Tên doanh nghiệp / hợp tác xã / hộ kinh doanh")
        TAX_CODE = "tax_code", _("Mã số thuế / số định danh")
        PHONE = "phone", _("Điện thoại")
        EMAIL = "email", _("Thư điện tử")
        ADDRESS = "address", _("Địa chỉ")
        PETITION = "petition", _("Nội dung kiến nghị")
        OTHER = "other", _("Thông tin khác")

    TRANSITIONS: dict[str, set[str]] = {
        Status.RECEIVED: {Status.IN_PROGRESS, Status.DONE, Status.REFUSED},
        Status.IN_PROGRESS: {Status.DONE, Status.REFUSED},
        Status.DONE: set(),
        Status.REFUSED: set(),
    }
    OPEN = (Status.RECEIVED, Status.IN_PROGRESS)

    body = models.ForeignKey(Body, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+")
    registration = models.ForeignKey(
        Registration, verbose_name=_("đăng ký"), on_delete=models.PROTECT, related_name="data_requests")
    code = models.CharField(_("mã yêu cầu"), max_length=CODE_MAX_LENGTH, unique=True, editable=False)
    kind = models.CharField(_("loại yêu cầu"), max_length=20, choices=Kind.choices)
    field = models.CharField(_("thông tin cần sửa"), max_length=20, choices=Field.choices, blank=True)
    details = models.TextField(_("nội dung yêu cầu"), blank=True)
    requested_value = models.TextField(_("thông tin đúng"), blank=True)
    received_at = models.DateTimeField(_("tiếp nhận lúc"))
    due_at = models.DateTimeField(
        _("hạn xử lý"), help_text=_("Tính từ lúc tiếp nhận theo thời hạn của từng loại yêu cầu (cài đặt)."))
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ xử lý"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+")
    handled_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    outcome_note = models.TextField(_("kết quả / lý do"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("yêu cầu về dữ liệu cá nhân")
        verbose_name_plural = _("yêu cầu về dữ liệu cá nhân")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(outcome_note=""), name="data_request_refusal_has_reason"),
            models.CheckConstraint(
                condition=Q(status__in=["received", "in_progress"]) | Q(handled_at__isnull=False),
                name="data_request_closed_has_time"),
        ]
        indexes = [models.Index(fields=["body", "status", "due_at"], name="data_request_open_idx")]

    def __str__(self):
        return f"{self.code} — {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN
