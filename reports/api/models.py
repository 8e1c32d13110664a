"""Tokens of the read API: one per organisation (Sở Tài chính of a city), read only, scoped to its city."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from conferences.models import Body


def token_digest(raw: str) -> str:
    """What is stored of a token: its SHA-256 (the token itself is shown once, when it is made)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A read-only API token of an organisation, scoped to one city and its communes."""

    organisation = models.CharField(_("tổ chức"), max_length=200, help_text=_("Ví dụ: Sở Tài chính thành phố Hải Phòng"))
    body = models.ForeignKey(
        Body, verbose_name=_("thành phố"), on_delete=models.PROTECT, related_name="api_tokens",
        limit_choices_to={"kind": Body.Kind.CITY},
        help_text=_("Mã chỉ đọc được số liệu của thành phố này và các xã, phường, đặc khu trực thuộc."))
    prefix = models.CharField(_("đầu mã"), max_length=12, editable=False, db_index=True)
    digest = models.CharField(_("dấu băm của mã"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.organisation} ({self.prefix}…)"

    def clean(self):
        if self.body_id and self.body.kind != Body.Kind.CITY:
            raise ValidationError({"body": _("Mã truy cập API chỉ cấp cho thành phố.")})

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
