"""Admin side of the audit log: recording admin writes and views, and the read-only log for Lãnh đạo."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.utils.translation import gettext_lazy as _

from conferences.audit.models import AuditEntry
from conferences.audit.services import AuditAction, audit_entry, audit_record, audit_record_many
from conferences.organisation import roles
from conferences.organisation.scoping import ScopedObjectMixin
from conferences.organisation.selectors import staff_body


def holds_personal_data(model) -> bool:
    """Whether rows of `model` hold personal data, so that its rows saved as inlines of another admin are logged
    too: the model says so itself (`AUDIT_PERSONAL_DATA = True`, e.g. Registration, Petition); Django's users too."""
    return getattr(model, "AUDIT_PERSONAL_DATA", False) or model._meta.label_lower == "auth.user"


class AuditedAdminMixin:
    """Log every add, change and delete made through this admin (and through its inlines of personal-data
    models), in one INSERT per request; with `audit_views`, also every GET of a change page.

    The entry names the changed fields, never their values.
    """

    audit_views = False

    def save_related(self, request, form, formsets, change):
        audited = [fs for fs in formsets or () if holds_personal_data(fs.model)]
        # Read before saving: a deleted row has lost its primary key afterwards.
        deleted = {id(fs): [f.instance.pk for f in fs.deleted_forms if f.instance.pk] for fs in audited}
        super().save_related(request, form, formsets, change)
        first = audit_entry(user=request.user, action=AuditAction.CHANGE if change else AuditAction.ADD,
                            obj=form.instance, detail=", ".join(form.changed_data) if change else "",
                            request=request)
        entries = [first]
        for formset in audited:
            object_type = formset.model._meta.label_lower
            rows = [(AuditAction.ADD, o.pk) for o in getattr(formset, "new_objects", [])]
            rows += [(AuditAction.CHANGE, o.pk) for o, _fields in getattr(formset, "changed_objects", [])]
            rows += [(AuditAction.DELETE, pk) for pk in deleted[id(formset)]]
            entries += [audit_entry(user=request.user, action=action, object_type=object_type, object_id=pk,
                                    body_id=first.body_id, request=request) for action, pk in rows]
        audit_record_many(entries)

    def log_deletions(self, request, queryset):
        result = super().log_deletions(request, queryset)
        audit_record_many([audit_entry(user=request.user, action=AuditAction.DELETE, obj=obj, request=request)
                           for obj in queryset])
        return result

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if self.audit_views and request.method == "GET" and response.status_code == 200:
            original = getattr(response, "context_data", {}).get("original")
            audit_record(user=request.user, action=AuditAction.VIEW, obj=original,
                         object_type=self.opts.label_lower, object_id=unquote(object_id),
                         detail=f"admin:{self.opts.app_label}_{self.opts.model_name}_change", request=request)
        return response


def can_read_audit(user) -> bool:
    """Lãnh đạo (their body's entries) and system administrators (all)."""
    return user.is_active and (user.is_superuser or roles.has_role(user, roles.LEADERSHIP))


@admin.register(AuditEntry)
class AuditEntryAdmin(ScopedObjectMixin, admin.ModelAdmin):
    """Read-only for Lãnh đạo and superusers; nobody adds, changes or deletes an entry (no actions either)."""

    list_display = ("created_at", "user_label", "action", "object_type", "object_id", "detail", "ip")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "user__username")
    search_help_text = _("Tìm theo mã số đối tượng hoặc tên đăng nhập.")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    show_full_result_count = False
    actions = None
    fields = ("created_at", "user_label", "body", "action", "object_type", "object_id", "detail", "ip")
    readonly_fields = fields

    @admin.display(description=_("tài khoản"), ordering="user_id")
    def user_label(self, obj):
        if obj.user_id is None:
            return "—"
        user = obj.user if AuditEntry.user.is_cached(obj) else None
        return f"{user.get_username()} (#{obj.user_id})" if user else f"#{obj.user_id}"

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("user")
        if request.user.is_superuser:
            return qs
        body = staff_body(request.user)
        return qs.filter(body_id=body.pk) if body else qs.none()

    def has_module_permission(self, request):
        return can_read_audit(request.user)

    def has_view_permission(self, request, obj=None):
        return can_read_audit(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
