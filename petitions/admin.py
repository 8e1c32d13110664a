"""Admin of the petitions app: kiến nghị with their trail and attachments, scoped by body, unit and role."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conferences import roles
from conferences.admin_scoping import ReadOnlyInline, ScopedAdminMixin
from conferences.text import mask_identifier, mask_phone

from . import selectors
from .models import TRANSITIONS, Attachment, Petition, PetitionEvent, Status
from .services import PetitionError, petition_transition


class PetitionEventInline(ReadOnlyInline):
    model = PetitionEvent
    fields = ("created_at", "from_status", "to_status", "actor", "note")
    readonly_fields = fields
    verbose_name_plural = _("diễn biến")


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("file", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")


class PetitionAdminForm(forms.ModelForm):
    """The petition form plus a status move, which is carried out by petition_transition after saving."""

    next_status = forms.ChoiceField(label=_("chuyển trạng thái"), required=False)
    transition_note = forms.CharField(label=_("ghi chú chuyển trạng thái"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    merge_target_code = forms.CharField(
        label=_("mã kiến nghị gộp vào"), required=False, max_length=20,
        help_text=_("Chỉ khi chuyển sang “Đã gộp vào kiến nghị trùng”."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.status if self.instance.pk else None
        allowed = sorted(TRANSITIONS[current]) if current else []
        self.fields["next_status"].choices = [("", "—")] + [(s, Status(s).label) for s in allowed]
        if not allowed:
            for name in ("next_status", "transition_note", "merge_target_code"):
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("next_status") == Status.MERGED:
            code = (data.get("merge_target_code") or "").strip().upper()
            scope = getattr(self, "scope_queryset", Petition.objects.none())
            target = scope.filter(code=code).exclude(pk=self.instance.pk).first()
            if target is None:
                self.add_error("merge_target_code", _("Không tìm thấy kiến nghị có mã này."))
            data["merge_target"] = target
        return data


# Fields only Phòng Kinh tế (and superusers) set: a unit handler answers, it does not re-triage.
TRIAGE_FIELDS = ("conference", "registration", "category", "other_categories", "competence", "lead_unit",
                 "coordinating_units", "competent_authority", "deadline_rule", "due_date", "received_at",
                 "receipt_day", "channel", "organisation_name", "organisation_kind", "identifier_kind",
                 "tax_code", "contact_name", "phone", "email", "content", "proposed_solution",
                 "raised_at_conference")


def transition_action(to_status: str):
    """An admin action moving each selected petition to `to_status` through petition_transition."""

    @admin.action(description=_("Chuyển sang: %(label)s") % {"label": Status(to_status).label},
                  permissions=["change"])
    def action(modeladmin, request, queryset):
        done, failed = 0, []
        for petition in queryset:
            try:
                petition_transition(petition=petition, to_status=to_status, actor=request.user)
                done += 1
            except PetitionError as exc:
                failed.append(str(exc))
        if done:
            modeladmin.message_user(request, ngettext(
                "Đã chuyển %(n)d kiến nghị.", "Đã chuyển %(n)d kiến nghị.", done) % {"n": done}, messages.SUCCESS)
        if failed:
            modeladmin.message_user(request, ngettext(
                "%(n)d kiến nghị không chuyển được: %(why)s", "%(n)d kiến nghị không chuyển được: %(why)s",
                len(failed)) % {"n": len(failed), "why": " ".join(failed[:3])}, messages.ERROR)

    action.__name__ = f"transition_to_{to_status}"
    return action


@admin.register(Petition)
class PetitionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope = staticmethod(selectors.petitions_for_user)
    body_field = "body"
    form = PetitionAdminForm
    list_display = ("code", "organisation_name", "category", "status", "lead_unit", "due_date", "received_at",
                    "masked_phone", "conference")
    list_filter = ("status", "category", "competence", "channel", "deadline_rule",
                   ("conference", admin.RelatedOnlyFieldListFilter), ("lead_unit", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("lead_unit__body", "conference")
    search_fields = ("code", "organisation_name", "tax_code", "contact_name", "content")
    date_hierarchy = "received_at"
    autocomplete_fields = ("conference", "registration", "lead_unit", "coordinating_units")
    readonly_fields = ("code", "status", "merged_into", "withdrawn_at", "withdrawal_reason", "answered_by",
                       "created_by", "created_at", "updated_at", "masked_tax_code")
    inlines = (AttachmentInline, PetitionEventInline)
    actions = [transition_action(s) for s in (Status.ASSIGNED, Status.RESOLVED, Status.ESCALATED)]
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("body", "code", "status", "conference", "registration", "channel", "received_at",
                           "receipt_day", "raised_at_conference")}),
        (_("Người kiến nghị"), {"fields": ("organisation_name", "organisation_kind", "identifier_kind",
                                           "tax_code", "contact_name", "phone", "email")}),
        (_("Nội dung"), {"fields": ("category", "other_categories", "content", "proposed_solution")}),
        (_("Phân loại, giao việc, thời hạn"), {"fields": (
            "competence", "lead_unit", "coordinating_units", "competent_authority", "deadline_rule", "due_date")}),
        (_("Trả lời"), {"fields": ("answered_at_conference", "written_answer_requested_at", "answer_draft",
                                   "answer", "answer_document_number", "answered_at", "answered_by")}),
        (_("Chuyển trạng thái"), {"fields": ("next_status", "transition_note", "merge_target_code")}),
        (_("Gộp, rút, lưu vết"), {"fields": ("merged_into", "withdrawn_at", "withdrawal_reason", "created_by",
                                             "created_at", "updated_at"), "classes": ("collapse",)}),
    )

    @admin.display(description=_("điện thoại"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)

    @admin.display(description=_("mã số thuế / định danh"))
    def masked_tax_code(self, obj):
        return mask_identifier(obj.tax_code)

    def related_scope(self, request, model):
        if model is Petition:
            return selectors.petitions_for_user(request.user)
        return super().related_scope(request, model)

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(self.readonly_fields)
        if obj is not None and not request.user.is_superuser and not roles.has_role(request.user, roles.ECONOMIC):
            fields += TRIAGE_FIELDS
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(opts)) for name, opts in self.fieldsets]
        if not request.user.is_superuser:
            fieldsets[0][1]["fields"] = tuple(f for f in fieldsets[0][1]["fields"] if f != "body")
        if obj is None:
            fieldsets = [fs for fs in fieldsets if fs[0] != _("Chuyển trạng thái")]
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.scope_queryset = selectors.petitions_for_user(request.user)
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            PetitionEvent.objects.create(
                petition=obj, from_status="", to_status=obj.status, actor=request.user, note=_("Tiếp nhận"))
            return
        to_status = form.cleaned_data.get("next_status")
        if to_status:
            try:
                petition_transition(petition=obj, to_status=to_status, actor=request.user,
                                    note=form.cleaned_data.get("transition_note", ""),
                                    merged_into=form.cleaned_data.get("merge_target"))
            except PetitionError as exc:
                messages.error(request, str(exc))

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Attachment) and instance.file:
                upload = instance.file.file
                instance.original_name = instance.original_name or getattr(upload, "name", "")[:255]
                instance.content_type = getattr(upload, "content_type", "") or instance.content_type
                instance.size = instance.file.size
                instance.uploaded_by = instance.uploaded_by or request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


# Phiếu đăng ký (Phụ lục II): paper-form entry and Excel import, in their own module.
from . import registration_admin  # noqa: E402, F401
