"""Admin of the conferences app: bodies, units, staff, conferences, registrations, invitees (scoped)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors
from .admin_scoping import ReadOnlyInline, ScopedAdminMixin, ScopedInlineMixin
from .audit import AuditAction, audit_record
from .audit_admin import AuditedAdminMixin  # also registers the audit log's read-only admin
from .calendar_admin import CalendarEntryAdmin  # noqa: F401  (registers the national calendar admin)
from .lifecycle_admin import ConferenceLifecycleAdminMixin, ConferenceTaskInline
from .models import (
    AgendaItem,
    Body,
    Conference,
    ConferenceEvent,
    Invitee,
    Participant,
    Registration,
    RuleSettings,
    StaffProfile,
    Unit,
    WorkerHeartbeat,
)
from .services import conference_reset_agenda
from .text import mask_identifier, mask_phone

RULE_FIELDS = tuple(RuleSettings.rule_field_names())


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "hostname", "beats", "last_seen")
    readonly_fields = ("name", "hostname", "beats", "last_seen")


@admin.register(Body)
class BodyAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope = staticmethod(selectors.bodies_for_user)
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


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ("position", "number", "content", "performer")


class ParticipantInline(ScopedInlineMixin, admin.TabularInline):
    model = Participant
    extra = 0
    fields = ("position", "kind", "full_name", "title", "unit", "attended")
    autocomplete_fields = ("unit",)


class ConferenceEventInline(ReadOnlyInline):
    model = ConferenceEvent
    fields = ("created_at", "from_status", "to_status", "actor", "note")
    readonly_fields = fields
    verbose_name_plural = _("diễn biến")


def _count_subquery(model, field="conference"):
    return Coalesce(
        Subquery(
            model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
            .annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


@admin.register(Conference)
class ConferenceAdmin(ConferenceLifecycleAdminMixin, AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope = staticmethod(selectors.conferences_for_user)
    body_field = "body"
    list_display = ("title", "body", "year", "starts_at", "venue", "status", "registration_count")
    list_filter = ("status", "year", ("body", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("body",)
    search_fields = ("title", "venue", "body__name")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("body",)
    readonly_fields = ("status", "postponement_count", "created_at", "updated_at",
                       *ConferenceLifecycleAdminMixin.lifecycle_readonly_fields)
    inlines = (AgendaItemInline, ParticipantInline, ConferenceTaskInline, ConferenceEventInline)
    base_fieldsets = (
        (None, {"fields": ("body", "year", "title", "starts_at", "venue", "form", "chair_name", "chair_title",
                           "is_public")}),
        (_("Trạng thái"), {"fields": ("status", "postponement_count", "created_at", "updated_at")}),
    )
    # Shown on the change page only: they describe an existing conference.
    lifecycle_fieldsets = (
        (_("Tiến trình hội nghị"), {"fields": ("lifecycle_panel", "eligibility_panel", "plan_number",
                                              "plan_sent_on", "previous_starts_at", "documents_panel")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_registration_count=_count_subquery(Registration))

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(opts)) for name, opts in self.base_fieldsets]
        if not request.user.is_superuser:
            fieldsets[0][1]["fields"] = tuple(f for f in fieldsets[0][1]["fields"] if f != "body")
        if obj is not None:
            fieldsets[1:1] = [(name, dict(opts)) for name, opts in self.lifecycle_fieldsets]
            # On add the rules are copied from the body's defaults; afterwards they belong to the conference.
            fieldsets.append((_("Quy định áp dụng cho hội nghị"), {"fields": RULE_FIELDS, "classes": ("collapse",)}))
        return fieldsets

    @admin.display(description=_("số đăng ký"), ordering="_registration_count")
    def registration_count(self, obj):
        return obj._registration_count

    def save_model(self, request, obj, form, change):
        if not change:
            obj.copy_rules_from(obj.body)
            obj.chair_name = obj.chair_name or obj.body.chair_name
            obj.chair_title = obj.chair_title or obj.body.chair_title
        super().save_model(request, obj, form, change)
        if not change:
            ConferenceEvent.objects.create(
                conference=obj, from_status="", to_status=obj.status, actor=request.user, note=_("Tạo hội nghị"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change and not form.instance.agenda_items.exists():
            conference_reset_agenda(conference=form.instance, actor=request.user)


@admin.register(Registration)
class RegistrationAdmin(AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope = staticmethod(selectors.registrations_for_user)
    audit_views = True
    list_display = ("code", "organisation_name", "organisation_kind", "masked_tax_code", "full_name",
                    "masked_phone", "channel", "received_at", "attending", "is_withdrawn", "checked_in_at")
    list_filter = ("organisation_kind", "channel", "attending", ("conference", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("conference",)
    search_fields = ("code", "organisation_name", "tax_code", "full_name", "phone", "email")
    date_hierarchy = "received_at"
    autocomplete_fields = ("conference",)
    readonly_fields = ("code", "consent_version", "consented_at", "consent_withdrawn_at", "anonymised_at", "created_by",
                       "created_at", "updated_at")
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("conference", "code", "channel", "received_at")}),
        (_("Phiếu đăng ký (Phụ lục II)"), {"fields": (
            "full_name", "position", "organisation_name", "organisation_kind", "identifier_kind", "tax_code",
            "phone", "email", "address")}),
        (_("Tham dự"), {"fields": ("attending", "checked_in_at", "withdrawn_at")}),
        (_("Dữ liệu cá nhân"), {"fields": ("consent_version", "consented_at", "consent_withdrawn_at", "anonymised_at",
                                           "created_by", "created_at", "updated_at")}),
    )

    @admin.display(description=_("mã số thuế / định danh"))
    def masked_tax_code(self, obj):
        return mask_identifier(obj.tax_code)

    @admin.display(description=_("điện thoại"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)

    @admin.display(description=_("đã rút"), boolean=True)
    def is_withdrawn(self, obj):
        return obj.withdrawn_at is not None

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.anonymised_at is not None:
            # Nothing personal is left to correct, and the blanked contact fields would not validate.
            return [f.name for f in self.model._meta.fields]
        return super().get_readonly_fields(request, obj)

    def get_changeform_initial_data(self, request):
        # Staff key in paper forms; online registrations come through the public form with consent.
        return {"channel": Registration.Channel.PAPER, "received_at": timezone.now(),
                **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Invitee)
class InviteeAdmin(AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope = staticmethod(selectors.invitees_for_user)
    list_display = ("organisation_name", "organisation_kind", "masked_tax_code", "contact_name", "masked_phone",
                    "conference", "registration", "invited_at")
    list_filter = ("organisation_kind", ("conference", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("conference", "registration")
    search_fields = ("organisation_name", "tax_code", "contact_name", "phone")
    autocomplete_fields = ("conference", "registration")

    @admin.display(description=_("mã số thuế / định danh"))
    def masked_tax_code(self, obj):
        return mask_identifier(obj.tax_code)

    @admin.display(description=_("điện thoại"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)


class StaffProfileInline(admin.StackedInline):
    """Lets a system administrator create an account and attach it to a body and unit on one page."""

    model = StaffProfile
    fk_name = "user"
    extra = 0
    max_num = 1
    autocomplete_fields = ("body", "unit")
    verbose_name_plural = _("cơ quan, đơn vị công tác")


class StaffUserAdmin(AuditedAdminMixin, UserAdmin):
    inlines = (*UserAdmin.inlines, StaffProfileInline)
    list_display = ("username", "first_name", "last_name", "email", "is_staff", "staff_body")
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
