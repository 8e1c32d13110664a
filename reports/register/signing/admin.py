"""Admin of the signing certificates and trusted roots: system administrators (superusers) only. A certificate is
uploaded as a file (PEM or DER); the signature or seal image (PNG) is kept in the database, never in the public
media, and shown here only."""

import base64

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from reports.register.signing import pki, services
from reports.register.signing.models import SigningCertificate, TrustedRoot

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
IMAGE_MAX_BYTES = 1024 * 1024


def _read_certificate(upload):
    data = upload.read()
    try:
        return pki.load_certificate(data)
    except ValueError as exc:
        raise ValidationError(_("Không đọc được chứng thư số: cần tệp .cer/.crt/.pem (PEM hoặc DER).")) from exc


class SigningCertificateForm(forms.ModelForm):
    certificate_file = forms.FileField(label=_("Tệp chứng thư số (.cer, .crt, .pem)"), required=False)
    image_file = forms.FileField(label=_("Ảnh chữ ký (xanh) hoặc con dấu (đỏ), PNG nền trong suốt"), required=False)

    class Meta:
        model = SigningCertificate
        fields = ["kind", "user", "body", "key_label", "is_active"]

    def clean_certificate_file(self):
        upload = self.cleaned_data.get("certificate_file")
        if upload is None:
            if self.instance.pk is None:
                raise ValidationError(_("Cần tệp chứng thư số."))
            return None
        return _read_certificate(upload)

    def clean_image_file(self):
        upload = self.cleaned_data.get("image_file")
        if upload is None:
            return None
        if upload.size > IMAGE_MAX_BYTES:
            raise ValidationError(_("Ảnh tối đa 1 MB."))
        data = upload.read()
        if not data.startswith(PNG_MAGIC):
            raise ValidationError(_("Ảnh phải là tệp PNG."))
        return data

    def save(self, commit=True):
        record = super().save(commit=False)
        return services.signing_certificate_save(record, certificate=self.cleaned_data.get("certificate_file"),
                                                 image=self.cleaned_data.get("image_file"))


class SuperuserOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    has_add_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: request.user.is_active and request.user.is_superuser)

    def save_model(self, request, obj, form, change):
        pass  # the form's save went through the service already


@admin.register(SigningCertificate)
class SigningCertificateAdmin(SuperuserOnlyAdmin):
    form = SigningCertificateForm
    list_display = ["subject", "kind", "user", "body", "not_after", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["user", "body"]
    readonly_fields = ["subject", "fingerprint", "not_after", "image_preview"]

    @admin.display(description=_("ảnh"))
    def image_preview(self, obj):
        if not obj.image:
            return "—"
        data = base64.b64encode(bytes(obj.image)).decode()
        return format_html('<img src="data:image/png;base64,{}" alt="">', data)


class TrustedRootForm(forms.ModelForm):
    certificate_file = forms.FileField(label=_("Tệp chứng thư gốc (.cer, .crt, .pem)"), required=False)

    class Meta:
        model = TrustedRoot
        fields = ["name", "is_active"]

    def clean_certificate_file(self):
        upload = self.cleaned_data.get("certificate_file")
        if upload is None:
            if self.instance.pk is None:
                raise ValidationError(_("Cần tệp chứng thư gốc."))
            return None
        cert = _read_certificate(upload)
        if TrustedRoot.objects.exclude(pk=self.instance.pk).filter(fingerprint=pki.fingerprint(cert)).exists():
            raise ValidationError(_("Chứng thư gốc này đã được nhập."))
        return cert

    def save(self, commit=True):
        record = super().save(commit=False)
        return services.trusted_root_save(record, certificate=self.cleaned_data.get("certificate_file"))


@admin.register(TrustedRoot)
class TrustedRootAdmin(SuperuserOnlyAdmin):
    form = TrustedRootForm
    list_display = ["name", "fingerprint", "is_active", "created_at"]
    readonly_fields = ["fingerprint", "created_at"]
