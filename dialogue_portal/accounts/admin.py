"""Admin: staff two-factor status and reset (system administrators only), in place of django-otp's device pages
(which would show other people's secrets and are in English)."""

from django.contrib import admin
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import StaffTwoFactor
from .two_factor import two_factor_reset

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(StaffTwoFactor)
class StaffTwoFactorAdmin(admin.ModelAdmin):
    list_display = ("username", "full_name", "email", "is_active", "enrolled", "codes_left", "last_login")
    list_filter = ("is_active", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email")
    ordering = ("username",)
    actions = ["reset_two_factor"]
    show_full_result_count = False

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_staff=True).annotate(
            _enrolled=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            _codes_left=Count("staticdevice__token_set", filter=Q(staticdevice__confirmed=True), distinct=True),
        )

    def get_fields(self, request, obj=None):
        return ("username", "full_name", "email", "enrolled", "codes_left", "last_login")

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description=_("họ và tên"))
    def full_name(self, obj):
        return obj.get_full_name() or "—"

    @admin.display(description=_("đã bật xác thực hai bước"), boolean=True, ordering="_enrolled")
    def enrolled(self, obj):
        return obj._enrolled

    @admin.display(description=_("mã dự phòng còn lại"), ordering="_codes_left")
    def codes_left(self, obj):
        return obj._codes_left

    @admin.action(description=_("Đặt lại xác thực hai bước (mất điện thoại): xóa ứng dụng và mã dự phòng"),
                  permissions=["change"])
    def reset_two_factor(self, request, queryset):
        count = 0
        for user in queryset:
            two_factor_reset(user=user)
            self.log_change(request, user, _("Đặt lại xác thực hai bước."))
            count += 1
        self.message_user(request, ngettext(
            "Đã đặt lại xác thực hai bước cho %(count)d tài khoản; lần đăng nhập sau, người đó đăng ký lại ứng dụng.",
            "Đã đặt lại xác thực hai bước cho %(count)d tài khoản; lần đăng nhập sau, người đó đăng ký lại ứng dụng.",
            count) % {"count": count})
