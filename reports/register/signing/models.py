"""Certificates registered for signers and bodies, the trusted roots, and the signed file of each document."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conferences.models import Body
from reports.register.models import OutgoingDocument


class SigningCertificate(models.Model):
    """A certificate registered by a system administrator: a signer's (Lãnh đạo; an uploaded signed file is
    accepted only with their registered certificate) or a body's (its electronic seal, the key on the token). The
    signature or seal image goes with it; it is shown to staff only, never put in the public media."""

    class Kind(models.TextChoices):
        SIGNER = "signer", _("Người ký")
        BODY = "body", _("Cơ quan (con dấu)")

    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.SIGNER)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ký"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="signing_certificates")
    body = models.ForeignKey(Body, verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    certificate = models.TextField(_("chứng thư số (PEM)"))
    fingerprint = models.CharField(_("dấu vân tay SHA-256"), max_length=64, editable=False)
    subject = models.CharField(_("chủ thể"), max_length=500, editable=False)
    not_after = models.DateTimeField(_("hết hạn"), null=True, editable=False)
    key_label = models.CharField(_("nhãn khóa trên thiết bị ký"), max_length=100, blank=True,
                                 help_text=_("Chỉ với chứng thư của cơ quan; để trống: theo cấu hình."))
    image = models.BinaryField(_("ảnh chữ ký / con dấu (PNG)"), null=True, blank=True, editable=False)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("chứng thư số đã đăng ký")
        verbose_name_plural = _("chứng thư số đã đăng ký")
        constraints = [
            models.CheckConstraint(condition=(Q(kind="signer") & Q(user__isnull=False) & Q(body__isnull=True))
                                   | (Q(kind="body") & Q(body__isnull=False) & Q(user__isnull=True)),
                                   name="signing_certificate_owner"),
            models.UniqueConstraint(fields=["user"], condition=Q(is_active=True, kind="signer"),
                                    name="signing_certificate_one_active_per_user"),
            models.UniqueConstraint(fields=["body"], condition=Q(is_active=True, kind="body"),
                                    name="signing_certificate_one_active_per_body"),
        ]

    def __str__(self):
        return self.subject or self.fingerprint[:16]


class TrustedRoot(models.Model):
    """A root certificate signatures are validated against (the government CA's, imported by an administrator)."""

    name = models.CharField(_("tên"), max_length=200)
    certificate = models.TextField(_("chứng thư gốc (PEM)"))
    fingerprint = models.CharField(_("dấu vân tay SHA-256"), max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("đang tin cậy"), default=True)
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("chứng thư gốc tin cậy")
        verbose_name_plural = _("chứng thư gốc tin cậy")

    def __str__(self):
        return self.name


class SignedFile(models.Model):
    """The frozen file as the signer signed it (uploaded, or completed by the remote-signing service): the next
    step, issue, fills number and date into it and adds the body's signature."""

    class Method(models.TextChoices):
        UPLOAD = "upload", _("Tải lên tệp đã ký")
        REMOTE = "remote", _("Ký số từ xa")

    document = models.OneToOneField(OutgoingDocument, verbose_name=_("văn bản"), on_delete=models.CASCADE,
                                    related_name="signed_file")
    data = models.BinaryField(_("tệp đã ký"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    method = models.CharField(_("cách ký"), max_length=10, choices=Method.choices)
    certificate_fingerprint = models.CharField(_("chứng thư đã dùng"), max_length=64)
    signer_subject = models.CharField(_("chủ thể chứng thư"), max_length=500, blank=True)
    signing_time = models.DateTimeField(_("thời điểm ký"), null=True)
    created_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đã ký số")
        verbose_name_plural = _("tệp đã ký số")

    def __str__(self):
        return f"{self.document_id}: {self.get_method_display()}"


class SignatureRequest(models.Model):
    """One request to the remote-signing service: what was prepared for the signer to sign (pyHanko's interrupted
    signing state), until the signature comes back, the signer refuses, or it expires unconfirmed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ người ký xác nhận")
        COMPLETED = "completed", _("Đã ký")
        REJECTED = "rejected", _("Người ký từ chối")
        EXPIRED = "expired", _("Hết hạn, chưa xác nhận")
        FAILED = "failed", _("Không dùng được chữ ký nhận về")

    document = models.ForeignKey(OutgoingDocument, verbose_name=_("văn bản"), on_delete=models.CASCADE,
                                 related_name="signature_requests")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ký"), on_delete=models.CASCADE,
                               related_name="+")
    certificate_fingerprint = models.CharField(_("chứng thư số"), max_length=64)
    service_request_id = models.CharField(_("mã yêu cầu ở dịch vụ ký"), max_length=200, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    tbs_pdf = models.BinaryField(_("tệp chờ chữ ký"), editable=False)
    document_digest = models.BinaryField(_("mã băm tệp"), editable=False)
    reserved_start = models.PositiveBigIntegerField(editable=False)
    reserved_end = models.PositiveBigIntegerField(editable=False)
    signed_attrs = models.BinaryField(_("thuộc tính được ký"), editable=False)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    message = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("yêu cầu ký số từ xa")
        verbose_name_plural = _("yêu cầu ký số từ xa")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["document"], condition=Q(status="pending"),
                                               name="signature_request_one_pending_per_document")]
        indexes = [models.Index(fields=["status", "expires_at"], name="signature_request_due")]

    def __str__(self):
        return f"{self.document_id}: {self.get_status_display()}"
