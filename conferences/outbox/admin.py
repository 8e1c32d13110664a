"""Admin of the outbox: staff see what was sent, what waits and what failed, and retry failed messages."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conferences.common.errors import ConferenceError
from conferences.models import StaffProfile
from conferences.organisation.scoping import ScopedObjectMixin
from conferences.outbox import services as outbox
from conferences.outbox import zns
from conferences.outbox.checks import zns_template_problems
from conferences.outbox.models import OutboxAttachment, OutboxEvent, OutboxMessage, ZaloCredential


class OutboxAttachmentInline(admin.TabularInline):
    model = OutboxAttachment
    extra = 0
    fields = ["filename", "mimetype", "size"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    @admin.display(description=_("dung lượng (byte)"))
    def size(self, obj):
        return len(obj.content or b"")

    def has_add_permission(self, request, obj=None):
        return False


class OutboxEventInline(admin.TabularInline):
    model = OutboxEvent
    extra = 0
    fields = ["created_at", "from_status", "to_status", "attempt", "actor", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ScopedObjectMixin, admin.ModelAdmin):
    list_display = ["created_at", "channel", "recipient_masked", "subject_or_text", "status", "attempts",
                    "next_attempt_at", "sent_at", "body"]
    list_filter = ["status", "channel", "body"]
    list_select_related = ["body"]
    search_fields = ["subject", "dedup_key", "related_id"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ["retry_messages"]
    inlines = [OutboxAttachmentInline, OutboxEventInline]
    fieldsets = [
        (None, {"fields": ["body", "channel", "recipient", "subject", "text", "html", "language"]}),
        (_("Trạng thái gửi"), {"fields": ["status", "attempts", "max_attempts", "next_attempt_at", "claimed_at",
                                          "sent_at", "provider_message_id", "last_error"]}),
        (_("Zalo (ZNS)"), {"fields": ["kind", "template_data", "fallbacks"], "classes": ["collapse"]}),
        (_("Nguồn"), {"fields": ["related_type", "related_id", "dedup_key", "created_at", "updated_at"]}),
    ]
    change_list_template = "admin/conferences/outboxmessage/change_list.html"

    def get_urls(self):
        return [path("mau-tin-zalo/", self.admin_site.admin_view(self.zalo_templates_view),
                     name="conferences_outboxmessage_zalo_templates"), *super().get_urls()]

    def zalo_templates_view(self, request):
        """The Zalo channel's templates per message kind with the parameters each needs, the start-up check's
        findings, and the token state (system administrators)."""
        if not request.user.is_superuser:
            raise PermissionDenied
        configured = settings.ZALO_ZNS_TEMPLATES if isinstance(settings.ZALO_ZNS_TEMPLATES, dict) else {}
        rows = [{"kind": kind, "template": configured.get(kind) or {}, "available": params}
                for kind, params in zns.KIND_PARAMETERS.items()]
        return TemplateResponse(request, "admin/conferences/outboxmessage/zalo_templates.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": _("Mẫu tin Zalo (ZNS)"),
            "enabled": zns.enabled(), "rows": rows, "problems": zns_template_problems(settings.ZALO_ZNS_TEMPLATES),
            "credential": ZaloCredential.objects.filter(pk=1).first()})

    @admin.display(description=_("người nhận"), ordering="recipient")
    def recipient_masked(self, obj):
        return obj.masked_recipient

    @admin.display(description=_("nội dung"))
    def subject_or_text(self, obj):
        text = obj.subject or obj.text
        return text if len(text) <= 80 else f"{text[:77]}…"

    def get_readonly_fields(self, request, obj=None):
        # The content is what was (or will be) sent: nobody edits it here; the retry action is the only write.
        return [f.name for f in OutboxMessage._meta.fields]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        profile = StaffProfile.objects.filter(user=request.user).only("body_id").first()
        return qs.filter(body_id=profile.body_id) if profile else qs.none()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request):
        return request.user.has_perm("conferences.change_outboxmessage")

    @admin.action(description=_("Gửi lại các thư đã chọn"), permissions=["retry"])
    def retry_messages(self, request, queryset):
        done, refused = 0, 0
        for message in queryset:
            try:
                outbox.message_retry(message=message, user=request.user)
            except ConferenceError:
                refused += 1
            else:
                done += 1
        if done:
            self.message_user(request, ngettext(
                "Đã đưa %(count)d thư vào hàng chờ gửi lại.",
                "Đã đưa %(count)d thư vào hàng chờ gửi lại.", done) % {"count": done}, messages.SUCCESS)
        if refused:
            self.message_user(request, ngettext(
                "%(count)d thư không gửi lại được (chỉ gửi lại thư gửi không thành công).",
                "%(count)d thư không gửi lại được (chỉ gửi lại thư gửi không thành công).", refused)
                % {"count": refused}, messages.WARNING)
