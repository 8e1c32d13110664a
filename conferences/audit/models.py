"""The append-only audit log of staff actions and of staff views and exports of personal data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLogError(RuntimeError):
    """Raised on any attempt to change or delete an audit entry (the log is append-only)."""


class AuditAction(models.TextChoices):
    ADD = "add", _("Thêm")
    CHANGE = "change", _("Sửa")
    DELETE = "delete", _("Xóa")
    VIEW = "view", _("Xem")
    EXPORT = "export", _("Tải về / xuất dữ liệu")
    TRANSITION = "transition", _("Chuyển trạng thái")
    SEND = "send", _("Gửi thư")
    IMPORT = "import", _("Nhập từ tệp")


class AuditEntryQuerySet(models.QuerySet):
    """Inserts only: bulk updates and deletes are refused (PostgreSQL also refuses them by trigger, 0090)."""

    def update(self, **kwargs):
        raise AuditLogError("the audit log is append-only")

    def delete(self):
        raise AuditLogError("the audit log is append-only")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogError("the audit log is append-only")

    # Django's deletion collector deletes through _raw_delete; no foreign key cascades into this table, but a
    # future one must not bypass the rule either.
    def _raw_delete(self, using):
        raise AuditLogError("the audit log is append-only")


class AuditEntry(models.Model):
    """Who did what to which object, when, from where. Never a personal value: only ids, the kind of object,
    the action and a short technical detail (a URL name, a format, field names, a count).

    The user and body are kept as ids without a database constraint, so that deleting an account or a body
    neither fails nor rewrites the log.
    """

    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now, editable=False, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), null=True, blank=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+")
    body = models.ForeignKey(
        "conferences.Body", verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+",
        help_text=_("Cơ quan của đối tượng (hoặc của người thao tác); Lãnh đạo xem nhật ký của cơ quan mình."))
    action = models.CharField(_("thao tác"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("loại đối tượng"), max_length=100)
    object_id = models.CharField(_("mã số đối tượng"), max_length=64, blank=True)
    detail = models.CharField(_("chi tiết"), max_length=300, blank=True,
                              help_text=_("Tên trang, định dạng tệp, tên trường đã sửa; không chứa dữ liệu cá nhân."))
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký truy cập")
        verbose_name_plural = _("nhật ký truy cập")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["body", "-created_at"], name="audit_body_time"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]
        # No model permissions to hand out: nobody adds, changes or deletes entries, and who reads them is a
        # role rule (Lãnh đạo and system administrators, conferences/audit_admin.py), not a grantable right.
        default_permissions = ()

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.get_action_display()} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogError("the audit log is append-only: an entry is never changed")
        kwargs["force_insert"] = True
        kwargs.pop("force_update", None)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogError("the audit log is append-only: an entry is never deleted")
