"""Admin of the outgoing-documents register: drafts are created and edited through the services; each step is an
action calling its service per document."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conferences.models import Conference, Unit
from conferences.organisation import selectors as org_selectors
from petitions.models import Petition
from reports.documents.admin import BodyScopedAdmin, _own_body_id
from reports.documents.numbering import ReportError
from reports.register import services
from reports.register.models import NumberingPolicy, OutgoingDocument, OutgoingDocumentEvent, OutgoingStatus


class OutgoingDocumentEventInline(admin.TabularInline):
    model = OutgoingDocumentEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _step_action(step: str, description, permission: str):
    service = getattr(services, f"outgoing_document_{step}")

    @admin.action(description=description, permissions=[permission])
    def action(modeladmin, request, queryset):
        done, refused = 0, []
        for document in queryset:
            try:
                extra = {"base_url": request.build_absolute_uri("/").rstrip("/")} if step == "pass" else {}
                service(document=document, actor=request.user, **extra)
                done += 1
            except ReportError as exc:
                refused.append(f"{document}: {exc}")
        if done:
            modeladmin.message_user(request, ngettext("Đã thực hiện với %(n)d văn bản.",
                                                      "Đã thực hiện với %(n)d văn bản.", done) % {"n": done})
        for text in refused:
            modeladmin.message_user(request, text, messages.ERROR)

    action.__name__ = f"action_{step}"
    return action


@admin.register(OutgoingDocument)
class OutgoingDocumentAdmin(BodyScopedAdmin):
    list_display = ["number_display", "issued_on", "kind", "title", "status", "drafting_unit", "signer_name",
                    "created_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["body", "number", "drafting_unit"]
    search_fields = ["title", "number__symbol"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    inlines = [OutgoingDocumentEventInline]
    fields = ["kind", "title", "text", "conference", "petition", "drafting_unit", "recipients", "copies",
              "replaces"]
    status_fields = ["status", "return_comment_display", "number_display", "issued_on", "signer_name",
                     "signer_title", "signed_at", "frozen_sha256", "issued_sha256", "files"]
    autocomplete_fields = []
    actions = [
        _step_action("submit", _("Trình thẩm định"), "change"),
        _step_action("pass", _("Thẩm định đạt, trình ký"), "review"),
        _step_action("issue", _("Cấp số, ban hành"), "issue"),
        _step_action("withdraw", _("Thu hồi dự thảo"), "change"),
    ]

    @admin.display(description=_("số, ký hiệu"), ordering="number__number")
    def number_display(self, obj):
        return obj.number.formatted if obj.number_id else "—"

    @admin.display(description=_("ý kiến khi trả lại"))
    def return_comment_display(self, obj):
        return obj.return_comment or "—"

    @admin.display(description=_("tệp"))
    def files(self, obj):
        if obj.pk is None:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("reports:outgoing_document_pdf", args=[obj.pk]),
                           _("Xem văn bản (PDF)"))

    def has_review_permission(self, request):
        return request.user.has_perm("reports.review_outgoingdocument")

    def has_sign_permission(self, request):
        return request.user.has_perm("reports.sign_outgoingdocument")

    def has_issue_permission(self, request):
        return request.user.has_perm("reports.issue_outgoingdocument")

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.fields
        return [*self.fields, *self.status_fields]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.status == OutgoingStatus.DRAFT:  # only a draft's text is edited, through the update service
            return ["kind", "conference", "petition", "drafting_unit", "replaces", *self.status_fields]
        return [*self.fields, *self.status_fields]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            body_id = _own_body_id(request.user)
            model = db_field.remote_field.model
            if model is Conference:
                kwargs["queryset"] = Conference.objects.filter(body_id=body_id)
            elif model is Petition:
                kwargs["queryset"] = Petition.objects.filter(body_id=body_id)
            elif model is Unit:
                kwargs["queryset"] = Unit.objects.filter(body_id=body_id, is_active=True)
            elif model is OutgoingDocument:
                kwargs["queryset"] = OutgoingDocument.objects.filter(body_id=body_id, status=OutgoingStatus.ISSUED)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        profile = org_selectors.staff_profile(request.user)
        if profile and profile.unit_id and profile.unit.kind != Unit.Kind.ECONOMIC:
            initial.setdefault("drafting_unit", profile.unit_id)
        return initial

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            if change:
                services.outgoing_document_update(
                    document=obj, actor=request.user, title=data.get("title"), text=data.get("text"),
                    recipients=data.get("recipients"), copies=data.get("copies"))
                return
            body = (data.get("conference") or data.get("petition") or None)
            body = body.body if body is not None else org_selectors.staff_body(request.user)
            created = services.outgoing_document_create(
                body=body, kind=data["kind"], title=data["title"], text=data.get("text", ""), actor=request.user,
                conference=data.get("conference"), petition=data.get("petition"),
                drafting_unit=data.get("drafting_unit"), recipients=data.get("recipients", ""),
                copies=data.get("copies") or 1, replaces=data.get("replaces"))
        except ReportError as exc:
            # The form was valid; the service refused (role, another body's row): say why, save nothing.
            self.message_user(request, str(exc), messages.ERROR)
            obj.pk = None
            return
        obj.__dict__.update({k: v for k, v in created.__dict__.items() if not k.startswith("_")})
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        # The only inline (events) is read-only; nothing to save beside the service's write.
        pass

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NumberingPolicy)
class NumberingPolicyAdmin(BodyScopedAdmin):
    list_display = ["body", "from_year", "single_series", "changed_by", "changed_at"]
    list_select_related = ["body", "changed_by"]
    fields = ["single_series"]

    def get_readonly_fields(self, request, obj=None):
        return ["body", "from_year", "single_series", "changed_by", "changed_at"] if obj is not None else []

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj) if obj is not None else self.fields

    def save_model(self, request, obj, form, change):
        if change:
            return
        body = org_selectors.staff_body(request.user)
        try:
            policy = services.numbering_policy_set(body=body, single_series=form.cleaned_data["single_series"],
                                                   actor=request.user)
        except ReportError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        obj.__dict__.update({k: v for k, v in policy.__dict__.items() if not k.startswith("_")})
        obj._state.adding = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
