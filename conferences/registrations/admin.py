"""Admin of registrations and of the invitation list (scoped to the user's body)."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conferences.audit.admin import AuditedAdminMixin  # also registers the audit log's read-only admin
from conferences.calendar.admin import (  # noqa: F401  (registers the national calendar admin)
    CalendarEntryAdmin,
)
from conferences.common.text import clean_text, mask_identifier, mask_phone
from conferences.models import (
    Invitee,
    Registration,
)
from conferences.organisation import selectors
from conferences.organisation.scoping import ScopedAdminMixin
from conferences.registrations.services import registration_staff_save


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

    def get_search_results(self, request, queryset, search_term):
        # Names are stored in NFC: a name typed in decomposed Unicode (or with a zero-width character) finds them.
        return super().get_search_results(request, queryset, clean_text(search_term))

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
        registration_staff_save(registration=obj, actor=request.user, created=not change)


@admin.register(Invitee)
class InviteeAdmin(AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope = staticmethod(selectors.invitees_for_user)
    list_display = ("organisation_name", "organisation_kind", "masked_tax_code", "contact_name", "masked_phone",
                    "conference", "registration", "invited_at")
    list_filter = ("organisation_kind", ("conference", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("conference", "registration")
    search_fields = ("organisation_name", "tax_code", "contact_name", "phone")
    autocomplete_fields = ("conference", "registration")

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, clean_text(search_term))

    @admin.display(description=_("mã số thuế / định danh"))
    def masked_tax_code(self, obj):
        return mask_identifier(obj.tax_code)

    @admin.display(description=_("điện thoại"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)
