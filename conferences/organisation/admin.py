"""Admin of who organises: bodies, units, staff profiles and staff accounts (scoped to the user's body)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _

from conferences.audit.admin import AuditedAdminMixin  # also registers the audit log's read-only admin
from conferences.audit.services import AuditAction, audit_record
from conferences.calendar.admin import (  # noqa: F401  (registers the national calendar admin)
    CalendarEntryAdmin,
)
from conferences.common.text import NormalizedTextAdminMixin
from conferences.models import (
    Body,
    CityPlan,
    RuleSettings,
    StaffProfile,
    Unit,
)
from conferences.organisation import selectors
from conferences.organisation.scoping import ScopedAdminMixin

RULE_FIELDS = tuple(RuleSettings.rule_field_names())


class CityPlanInline(NormalizedTextAdminMixin, admin.TabularInline):
    """The city's plan of each year (number and date), cited by every commune's plan and Phụ lục I."""

    model = CityPlan
    fk_name = "city"
    extra = 0
    fields = ("year", "number", "issued_on")


@admin.register(Body)
class BodyAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope = staticmethod(selectors.bodies_for_user)
    inlines = (CityPlanInline,)
    list_display = ("name", "kind", "parent", "admin_unit_code", "code_prefix", "slug", "is_active")
    list_filter = ("kind", "is_active")
    list_select_related = ("parent",)
    search_fields = ("name", "admin_unit_code", "slug", "code_prefix")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("name", "kind", "parent", "admin_unit_code", "slug", "code_prefix", "is_active")}),
        (_("Liên hệ và văn bản"), {"fields": (
            "address", "phone", "email", "portal_url", "chair_name", "chair_title", "document_symbol",
            "place_name")}),
        (_("Quy định mặc định cho hội nghị mới"), {"fields": RULE_FIELDS + ("default_agenda",),
                                                  "classes": ("collapse",)}),
    )
    # Identity fields decide slugs in printed QR codes and the prefix of every code: superusers only.
    identity_fields = ("name", "kind", "parent", "admin_unit_code", "slug", "code_prefix", "is_active")

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return self.identity_fields

    def get_inlines(self, request, obj):
        # Only a city holds the yearly plan its communes cite.
        return self.inlines if obj is not None and obj.kind == Body.Kind.CITY else ()

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if request.user.is_superuser else {}


@admin.register(Unit)
class UnitAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope = staticmethod(selectors.units_for_user)
    body_field = "body"
    list_display = ("name", "code", "kind", "body", "handles_petitions", "is_active")
    list_filter = ("kind", "handles_petitions", "is_active", ("body", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("body",)
    search_fields = ("name", "code")
    autocomplete_fields = ("body",)


@admin.register(StaffProfile)
class StaffProfileAdmin(AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope = staticmethod(selectors.staff_profiles_for_user)
    list_display = ("user", "full_name", "body", "unit", "position", "roles")
    list_filter = (("body", admin.RelatedOnlyFieldListFilter), ("unit", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("user", "body", "unit__body")
    search_fields = ("user__username", "user__first_name", "user__last_name", "position")
    autocomplete_fields = ("user", "body", "unit")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("user__groups")

    @admin.display(description=_("họ tên"))
    def full_name(self, obj):
        return obj.user.get_full_name()

    @admin.display(description=_("vai trò"))
    def roles(self, obj):
        return ", ".join(g.name for g in obj.user.groups.all())


class StaffProfileInline(NormalizedTextAdminMixin, admin.StackedInline):
    """Lets a system administrator create an account and attach it to a body and unit on one page."""

    model = StaffProfile
    fk_name = "user"
    extra = 0
    max_num = 1
    autocomplete_fields = ("body", "unit")
    verbose_name_plural = _("cơ quan, đơn vị công tác")


# Staff names follow the Vietnamese order (conferences.organisation.names): Django's last_name holds the family
# and middle names, first_name the given name, which the admin's greeting uses.
NAME_FIELDS = {
    "last_name": (_("Họ và tên đệm"), _("Ví dụ: Nguyễn Thị (họ và tên đệm, viết trước tên).")),
    "first_name": (_("Tên"), _("Ví dụ: Thu Hà (tên gọi; lời chào trên trang quản trị dùng tên này).")),
}


class StaffUserAdmin(AuditedAdminMixin, UserAdmin):
    inlines = (*UserAdmin.inlines, StaffProfileInline)
    list_display = ("username", "last_name", "first_name", "email", "is_staff", "staff_body")
    fieldsets = tuple(
        (name, {**options, "fields": tuple(("last_name", "first_name") if f == "first_name" else f
                                            for f in options["fields"] if f != "last_name")})
        for name, options in UserAdmin.fieldsets)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in NAME_FIELDS and field is not None:
            field.label, field.help_text = NAME_FIELDS[db_field.name]
        return field
    list_select_related = ("staff_profile__body",)

    @admin.display(description=_("cơ quan"))
    def staff_body(self, obj):
        profile = getattr(obj, "staff_profile", None)
        return profile.body if profile else "—"

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            audit_record(user=request.user, action=AuditAction.CHANGE, object_type="auth.user", object_id=id,
                         detail="password", request=request)
        return response


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
