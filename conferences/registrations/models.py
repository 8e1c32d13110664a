"""Phụ lục II registrations and the invitation list, with the petitioner's kinds and contact checks."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conferences.common.codes import CODE_MAX_LENGTH, generate_code
from conferences.common.identifiers import identifier_normalize, phone_normalize
from conferences.common.text import NormalizedTextModel
from conferences.lifecycle.models import Conference
from conferences.organisation.models import Body


class OrganisationKind(models.TextChoices):
    """The three kinds of petitioner the plan names."""

    ENTERPRISE = "DN", _("Doanh nghiệp")
    COOPERATIVE = "HTX", _("Hợp tác xã")
    HOUSEHOLD = "HKD", _("Hộ kinh doanh")


class IdentifierKind(models.TextChoices):
    """What the organisation's identifier is (household businesses use the owner's personal ID since 7/2025)."""

    TAX_CODE = "mst", _("Mã số doanh nghiệp / mã số thuế")
    PERSONAL_ID = "cccd", _("Số định danh cá nhân (12 số)")
    OTHER = "other", _("Mã khác (giấy chứng nhận cũ)")


def clean_contact_fields(instance, *, required: bool) -> None:
    """Normalise `phone` and `tax_code` of a registration-like object; raises ValidationError per field.

    With `required=False` empty values are accepted (staff may not know them yet).
    """
    errors = {}
    if instance.phone or required:
        try:
            instance.phone = phone_normalize(instance.phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if instance.tax_code or required:
        try:
            instance.identifier_kind, instance.tax_code = identifier_normalize(
                instance.tax_code, organisation_kind=instance.organisation_kind,
                identifier_kind=instance.identifier_kind or None)
        except ValidationError as exc:
            errors["tax_code"] = exc.messages
    if instance.identifier_kind == IdentifierKind.PERSONAL_ID and instance.organisation_kind != OrganisationKind.HOUSEHOLD:
        errors["identifier_kind"] = [_("Chỉ hộ kinh doanh dùng số định danh cá nhân làm mã số thuế.")]
    if errors:
        raise ValidationError(errors)


class Invitee(NormalizedTextModel):
    """A business on the invitation list (target ≥ invite_target), whether or not it registered."""

    AUDIT_PERSONAL_DATA = True  # its inline rows are written to the audit log (conferences.audit)

    conference = models.ForeignKey(
        Conference, verbose_name=_("hội nghị"), on_delete=models.CASCADE, related_name="invitees")
    organisation_name = models.CharField(_("tên doanh nghiệp / HTX / HKD"), max_length=300)
    organisation_kind = models.CharField(
        _("loại hình"), max_length=3, choices=OrganisationKind.choices, default=OrganisationKind.ENTERPRISE)
    tax_code = models.CharField(_("mã số thuế / định danh"), max_length=20, blank=True)
    contact_name = models.CharField(_("người liên hệ"), max_length=100, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    registration = models.ForeignKey(
        "Registration", verbose_name=_("đăng ký"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="invitations")
    invited_at = models.DateTimeField(_("đã gửi giấy mời lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn vị được mời")
        verbose_name_plural = _("đơn vị được mời")
        ordering = ["conference", "organisation_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "tax_code"], condition=~Q(tax_code=""), name="invitee_unique_tax_code"),
        ]

    def __str__(self):
        return self.organisation_name


def new_secret() -> str:
    """A random secret that, with the code, lets a registrant look up their registration without an account."""
    # 16 random bytes = 128 bits: a status link cannot be guessed even with the code known (22 characters).
    return secrets.token_urlsafe(16)


class Registration(NormalizedTextModel):
    """A Phụ lục II registration to attend a conference (online, on paper, at the centre or in the hall)."""

    AUDIT_PERSONAL_DATA = True  # its inline rows are written to the audit log (conferences.audit)

    READABLE_CODE_FIELD = "code"

    class Channel(models.TextChoices):
        ONLINE = "online", _("Trực tuyến")
        PAPER = "paper", _("Phiếu giấy")
        CENTRE = "centre", _("Tại Trung tâm Phục vụ hành chính công")
        CONFERENCE = "conference", _("Tại hội nghị")

    conference = models.ForeignKey(
        Conference, verbose_name=_("hội nghị"), on_delete=models.PROTECT, related_name="registrations")
    code = models.CharField(_("mã đăng ký"), max_length=CODE_MAX_LENGTH, unique=True, editable=False)
    secret = models.CharField(_("mã bí mật tra cứu"), max_length=32, default=new_secret, editable=False)
    full_name = models.CharField(_("họ và tên"), max_length=100)
    position = models.CharField(_("chức vụ"), max_length=100, blank=True)
    organisation_name = models.CharField(_("doanh nghiệp / hợp tác xã / hộ kinh doanh"), max_length=300)
    organisation_kind = models.CharField(
        _("loại hình"), max_length=3, choices=OrganisationKind.choices, default=OrganisationKind.ENTERPRISE)
    identifier_kind = models.CharField(
        _("loại mã"), max_length=10, choices=IdentifierKind.choices, default=IdentifierKind.TAX_CODE)
    tax_code = models.CharField(
        _("mã số thuế / mã số doanh nghiệp / số định danh"), max_length=20,
        help_text=_("Dùng để đếm số đơn vị đăng ký khác nhau."))
    phone = models.CharField(_("điện thoại liên hệ"), max_length=20)
    email = models.EmailField(_("thư điện tử"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    received_at = models.DateTimeField(_("tiếp nhận lúc"))
    consent_version = models.CharField(_("phiên bản thông báo xử lý dữ liệu"), max_length=20, blank=True)
    consented_at = models.DateTimeField(_("đồng ý xử lý dữ liệu lúc"), null=True, blank=True)
    attending = models.BooleanField(_("đăng ký tham dự"), default=True)
    checked_in_at = models.DateTimeField(_("điểm danh lúc"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("rút đăng ký lúc"), null=True, blank=True)
    # Data-subject rights (Law 91/2025, docs/personal-data.md): set by petitions/privacy.py and
    # petitions/anonymise/ only.
    consent_withdrawn_at = models.DateTimeField(
        _("rút lại sự đồng ý lúc"), null=True, blank=True, editable=False,
        help_text=_("Từ lúc này cổng không gửi tin nhắn, thư điện tử cho người đăng ký (trừ kết quả yêu cầu của họ)."))
    anonymised_at = models.DateTimeField(
        _("ẩn danh lúc"), null=True, blank=True, editable=False,
        help_text=_("Dữ liệu cá nhân đã được xóa hoặc ẩn danh (hết thời hạn lưu trữ hoặc theo yêu cầu xóa)."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ nhập"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("đăng ký tham dự")
        verbose_name_plural = _("đăng ký tham dự")
        ordering = ["-received_at"]
        constraints = [
            # Online registrations are only accepted with the ticked consent box (Decree 356/2025).
            models.CheckConstraint(
                condition=~Q(channel="online") | (Q(consented_at__isnull=False) & ~Q(consent_version="")),
                name="registration_online_needs_consent"),
            models.CheckConstraint(
                condition=Q(consented_at__isnull=True) | ~Q(consent_version=""),
                name="registration_consent_has_version"),
        ]
        indexes = [models.Index(fields=["conference", "tax_code"])]

    def __str__(self):
        return f"{self.code} — {self.organisation_name}"

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = generate_code(prefix=self.conference.body.code_prefix, year=self.conference.year)
        super().save(*args, **kwargs)

    def clean(self):
        clean_contact_fields(self, required=True)

    @property
    def body(self) -> Body:
        """The body the registration belongs to (through its conference)."""
        return self.conference.body

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
