"""Admin of the API tokens (system administrators only): make one for an organisation, see when it was last
used, revoke it. The token itself is shown once, right after it is made."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conferences.models import Body
from reports.api.models import ApiToken
from reports.api.services import api_token_create, api_token_revoke
from reports.documents.numbering import ReportError


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["organisation", "body", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["body"]
    list_select_related = ["body"]
    search_fields = ["organisation", "prefix"]
    actions = ["revoke"]
    fields = ["organisation", "body", "prefix", "created_at", "created_by", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        base = ["prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
        return base if obj is None else ["organisation", "body", *base]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["queryset"] = Body.objects.filter(kind=Body.Kind.CITY, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False  # the audit log names tokens by id: revoke instead

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing of a made token is editable
        token, raw = api_token_create(organisation=obj.organisation, body=obj.body, actor=request.user)
        obj.pk, obj.prefix, obj.digest, obj.created_at = token.pk, token.prefix, token.digest, token.created_at
        obj._state.adding = False
        messages.warning(request, _("Mã truy cập (chỉ hiện một lần, hãy lưu lại ngay): %(token)s") % {"token": raw})

    @admin.action(description=_("Thu hồi các mã truy cập đã chọn"))
    def revoke(self, request, queryset):
        done = refused = 0
        for token in queryset:
            try:
                api_token_revoke(token=token, actor=request.user)
                done += 1
            except ReportError:
                refused += 1
        self.message_user(request, ngettext("Đã thu hồi %(done)d mã; %(refused)d mã đã bị thu hồi trước đó.",
                                            "Đã thu hồi %(done)d mã; %(refused)d mã đã bị thu hồi trước đó.", done)
                          % {"done": done, "refused": refused})
