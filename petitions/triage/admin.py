"""Admin of kiến nghị: the scoped list and the case page with its trail, notes, attachments and actions."""


from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin

from conferences.audit.admin import AuditedAdminMixin
from conferences.audit.services import AuditAction, audit_record
from conferences.calendar import workdays
from conferences.common.import_export_formats import TextXLSX
from conferences.common.text import fold_for_search, mask_identifier, mask_phone
from conferences.organisation import roles
from conferences.organisation.scoping import ReadOnlyInline, ScopedAdminMixin
from petitions.deadlines import rules as deadlines
from petitions.models import (
    OPEN_STATUSES,
    TRANSITIONS,
    AnswerTemplate,
    Attachment,
    Category,
    Petition,
    PetitionEvent,
    PetitionNote,
    Status,
)
from petitions.triage import services as triage
from petitions.triage.admin_actions import ACTIONS
from petitions.triage.admin_displays import SendOutDisplayMixin
from petitions.triage.admin_filters import (
    CODE_RE,
    DUE_SOON_WORKING_DAYS,
    ConferenceFilter,
    DateProbeQuerySet,
    DueFilter,
    UnitFilter,
    selective,
)
from petitions.triage.attachments import AttachmentAdminForm, AttachmentInlineFormSet, attachment_download
from petitions.triage.resources import PetitionResource
from petitions.workflow import selectors
from petitions.workflow.services import PetitionError


class PetitionEventInline(ReadOnlyInline):
    model = PetitionEvent
    fields = ("created_at", "from_status", "to_status", "actor", "note")
    readonly_fields = fields
    verbose_name_plural = _("diễn biến")


class AttachmentInline(admin.TabularInline):
    """Uploads checked like the public form's; stored files are read through the download view only."""

    model = Attachment
    form = AttachmentAdminForm
    formset = AttachmentInlineFormSet
    extra = 0
    fields = ("file", "download", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = ("download", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")

    def get_max_num(self, request, obj=None, **kwargs):
        return settings.PETITION_ATTACHMENT_MAX_PER_PETITION

    @admin.display(description=_("tải về"))
    def download(self, obj):
        if obj is None or not obj.pk:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("admin:petitions_attachment_download", args=[obj.pk]),
                           _("Tải về"))


class PetitionNoteInline(admin.TabularInline):
    """The internal note thread: anyone working on the petition adds a note; notes are never edited."""

    model = PetitionNote
    extra = 0
    can_delete = False
    fields = ("created_at", "author", "text")
    readonly_fields = ("created_at", "author")
    verbose_name_plural = _("ghi chú nội bộ (không gửi doanh nghiệp)")

    def has_change_permission(self, request, obj=None):
        return False


class PetitionAdminForm(forms.ModelForm):
    """The petition form plus a status move, which is carried out by petition_transition after saving."""

    next_status = forms.ChoiceField(label=_("chuyển trạng thái"), required=False)
    transition_note = forms.CharField(label=_("ghi chú chuyển trạng thái"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    merge_target_code = forms.CharField(
        label=_("mã kiến nghị gộp vào"), required=False, max_length=20,
        help_text=_("Chỉ khi chuyển sang “Đã gộp vào kiến nghị trùng”."))
    # The model keeps a JSON list of group numbers; staff tick the groups by name (not a text box holding "[]").
    other_categories = forms.TypedMultipleChoiceField(
        label=_("nhóm liên quan khác"), choices=Category.choices, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Các nhóm khác mà kiến nghị cũng liên quan, khi kiến nghị gồm nhiều lĩnh vực."))
    answer_template = forms.ModelChoiceField(
        label=_("bắt đầu từ mẫu trả lời"), queryset=AnswerTemplate.objects.none(), required=False,
        help_text=_("Khi dự thảo trả lời còn trống: điền nội dung mẫu vào dự thảo."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.status if self.instance.pk else None
        # Transferred / escalated come only with an issued letter (the actions start it in the register).
        allowed = sorted(TRANSITIONS[current] - {Status.TRANSFERRED, Status.ESCALATED}) if current else []
        self.fields["next_status"].choices = [("", "—")] + [(s, Status(s).label) for s in allowed]
        # Only triage (Phòng Kinh tế) moves statuses by hand; a unit's draft goes through petition_answer_draft.
        if not allowed or not getattr(self, "can_triage", False):
            for name in ("next_status", "transition_note", "merge_target_code"):
                self.fields[name].disabled = True
        self.fields["answer_template"].queryset = getattr(self, "template_queryset", AnswerTemplate.objects.none())

    def clean(self):
        data = super().clean()
        if getattr(self, "save_refused", ""):
            # The service refused this save (see PetitionAdmin.changeform_view): nothing was saved.
            raise forms.ValidationError(self.save_refused)
        if data.get("next_status") == Status.MERGED:
            code = (data.get("merge_target_code") or "").strip().upper()
            scope = getattr(self, "scope_queryset", Petition.objects.none())
            target = scope.filter(code=code).exclude(pk=self.instance.pk).first()
            if target is None:
                self.add_error("merge_target_code", _("Không tìm thấy kiến nghị có mã này."))
            data["merge_target"] = target
        template = data.get("answer_template")
        if template is not None and not (data.get("answer_draft") or "").strip() and "answer_draft" in self.fields:
            data["answer_draft"] = template.text
        return data


# Fields only Phòng Kinh tế (and superusers) set: a unit handler answers, it does not re-triage.
TRIAGE_FIELDS = ("conference", "registration", "category", "other_categories", "competence", "lead_unit",
                 "coordinating_units", "competent_authority", "deadline_rule", "due_date", "received_at",
                 "receipt_day", "channel", "organisation_name", "organisation_kind", "identifier_kind",
                 "tax_code", "contact_name", "phone", "email", "content", "proposed_solution",
                 "raised_at_conference")


@admin.register(Petition)
class PetitionAdmin(SendOutDisplayMixin, AuditedAdminMixin, ScopedAdminMixin, ImportExportMixin, admin.ModelAdmin):
    scope = staticmethod(selectors.petitions_for_user)
    audit_views = True
    resource_classes = [PetitionResource]
    formats = [TextXLSX]
    body_field = "body"
    form = PetitionAdminForm
    # The columns triage reads, the due date before the unit, so that it stays on a 1366-pixel screen; the
    # conference and the channel are filters (issue 19).
    list_display = ("code", "organisation_name", "category", "status_shown", "due_status", "lead_unit", "received_at",
                    "masked_phone")
    list_filter = ("status", "category", "competence", "channel", DueFilter, UnitFilter, ConferenceFilter,
                   "deadline_rule")
    list_select_related = ("lead_unit__body",)
    # Searched through the folded search_text (see get_search_results): codes, organisation, tax code,
    # contact, content, without accents on SQLite and PostgreSQL alike.
    search_fields = ("search_text",)
    search_help_text = _("Tìm theo mã, tên doanh nghiệp, mã số thuế, người kiến nghị, nội dung (gõ có hoặc không dấu).")
    date_hierarchy = "received_at"
    autocomplete_fields = ("conference", "registration", "lead_unit", "coordinating_units")
    readonly_fields = ("other_categories_display", "code", "status", "merged_into", "withdrawn_at",
                       "withdrawal_reason", "answered_by", "send_out_letter",
                       "created_by", "created_at", "updated_at", "masked_tax_code", "dispatch_number",
                       "dispatch_date", "answered_at_conference", "written_answer_requested_at", "answer",
                       "answer_document_number", "answered_at", "due_status", "answer_letter",
                       # Computed through petitions.deadlines on every save; moved otherwise only by a recorded
                       # extension (gia hạn) by Lãnh đạo.
                       "receipt_day", "deadline_rule", "due_date")
    inlines = (PetitionNoteInline, AttachmentInline, PetitionEventInline)
    actions = ACTIONS
    show_full_result_count = False
    # Rendering a row costs more than fetching it (12 cells through the admin's templates): 50 rows keep a
    # page of 100,000 petitions well under 150 ms on a busy 2-CPU server (docs/performance.md).
    list_per_page = 50

    class Media:
        css = {"all": ["css/admin-pages.css"]}  # the due-date colours

    fieldsets = (
        (None, {"fields": ("body", "code", "status", "conference", "registration", "channel", "received_at",
                           "receipt_day", "raised_at_conference")}),
        (_("Người kiến nghị"), {"fields": ("organisation_name", "organisation_kind", "identifier_kind",
                                           "tax_code", "contact_name", "phone", "email")}),
        (_("Nội dung"), {"fields": ("category", "other_categories", "content", "proposed_solution")}),
        (_("Phân loại, giao việc, thời hạn"), {"fields": (
            "competence", "lead_unit", "coordinating_units", "competent_authority", "dispatch_number",
            "dispatch_date", "send_out_letter", "deadline_rule", "due_date", "due_status")}),
        (_("Trả lời"), {"fields": ("answered_at_conference", "written_answer_requested_at", "answer_template",
                                   "answer_draft",
                                   "answer", "answer_document_number", "answered_at", "answered_by",
                                   "publish_answer", "answer_letter")}),
        (_("Chuyển trạng thái"), {"fields": ("next_status", "transition_note", "merge_target_code")}),
        (_("Gộp, rút, lưu vết"), {"fields": ("merged_into", "withdrawn_at", "withdrawal_reason", "created_by",
                                             "created_at", "updated_at"), "classes": ("collapse",)}),
    )

    @admin.display(description=_("nhóm liên quan khác"))
    def other_categories_display(self, obj):
        return ", ".join(str(Category(c).label) for c in obj.other_categories or [] if c in Category.values) or "—"

    @admin.display(description=_("hạn trả lời"), ordering="due_date")
    def due_status(self, obj):
        """ "còn N ngày làm việc" (green, orange within 3) or "trễ N ngày" (red), with the rule named."""
        if obj.due_date is None:
            return "—"
        rule = deadlines.describe(obj.deadline_rule) if obj.deadline_rule else ""
        due = obj.due_date.strftime("%d/%m/%Y")
        if obj.status not in OPEN_STATUSES:
            return format_html('<span title="{}">{}</span>', rule, due)
        today = timezone.localdate()
        if obj.due_date < today:
            late = (today - obj.due_date).days
            text, colour = ngettext("trễ %(n)d ngày", "trễ %(n)d ngày", late) % {"n": late}, "due-late"
        else:
            left = workdays.working_days_between(today, obj.due_date)
            text = ngettext("còn %(n)d ngày làm việc", "còn %(n)d ngày làm việc", left) % {"n": left}
            colour = "due-soon" if left <= DUE_SOON_WORKING_DAYS else "due-ok"
        # Colours (red / orange / green) come from static/css/admin-pages.css: the CSP admits no inline style.
        return format_html('<strong class="{}" title="{}">{}</strong><br><small>{} · {}</small>',
                           colour, rule, text, due, rule)

    @admin.display(description=_("công văn trả lời"))
    def answer_letter(self, obj):
        if obj is None or not obj.pk:
            return "—"
        try:
            pdf = reverse("reports:petition_answer_letter", args=[obj.pk, "pdf"])
            docx = reverse("reports:petition_answer_letter", args=[obj.pk, "docx"])
        except NoReverseMatch:  # the reports app is not installed
            return "—"
        return format_html('<a href="{}">PDF</a> · <a href="{}">DOCX</a>', pdf, docx)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        probing = DateProbeQuerySet(model=qs.model, query=qs.query.chain(), using=qs._db)
        probing.date_root = qs
        return probing

    def get_search_results(self, request, queryset, search_term):
        """A petition code finds that petition (unique index); otherwise every word of the folded query must
        occur in the folded search_text (accent-insensitive)."""
        if not search_term.strip():
            return queryset, False
        queryset = selective(queryset)
        if CODE_RE.match(search_term.strip()):
            return queryset.filter(code=search_term.strip().upper()), False
        for term in fold_for_search(search_term).split():
            queryset = queryset.filter(search_text__contains=term)
        return queryset, False

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), "user": request.user}

    def get_urls(self):
        return [
            path("tep-dinh-kem/<int:pk>/", self.admin_site.admin_view(attachment_download),
                 name="petitions_attachment_download"),
            *super().get_urls(),
        ]

    def has_export_permission(self, request):
        # Without this, import-export lets any staff account open the export page (with an empty scope).
        return self.has_view_permission(request)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        audit_record(user=request.user, action=AuditAction.EXPORT, object_type=self.opts.label_lower,
                     detail=f"admin export {file_format.get_title()}: {getattr(request, '_exported_rows', '?')} rows",
                     request=request)
        return data

    def get_data_for_export(self, request, queryset, **kwargs):
        dataset = super().get_data_for_export(request, queryset, **kwargs)
        request._exported_rows = len(dataset)  # on the request: one ModelAdmin serves every thread
        return dataset

    def has_import_permission(self, request):
        # Answers come back from the units and Phòng Kinh tế; Lãnh đạo only reads.
        return self.has_change_permission(request)

    def has_extend_deadline_permission(self, request):
        """Lãnh đạo (and superusers) extend a due date, with a reason (petition_extend_deadline)."""
        return request.user.is_superuser or (
            roles.has_role(request.user, roles.LEADERSHIP) and self.has_view_permission(request))

    def has_triage_permission(self, request):
        """Phòng Kinh tế (and superusers) route, transfer, approve; units only answer."""
        return request.user.is_superuser or (
            roles.has_role(request.user, roles.ECONOMIC) and self.has_change_permission(request))

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
        if obj is None or not self.has_triage_permission(request):
            fieldsets = [fs for fs in fieldsets if fs[0] != _("Chuyển trạng thái")]
        if "other_categories" in self.get_readonly_fields(request, obj) or not self.has_change_permission(
                request, obj):
            # Read-only, the JSON list would read "[4, 6]": the groups' names instead.
            fieldsets = [(name, {**opts, "fields": tuple("other_categories_display" if f == "other_categories" else f
                                                         for f in opts["fields"])}) for name, opts in fieldsets]
        if not self.has_change_permission(request, obj):
            # A reader sees the answer, not the form-only template picker (it would read "None").
            fieldsets = [(name, {**opts, "fields": tuple(f for f in opts["fields"] if f != "answer_template")})
                         for name, opts in fieldsets]
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.scope_queryset = selectors.petitions_for_user(request.user)
        form.template_queryset = selectors.answer_templates_for_user(request.user).filter(is_active=True)
        form.can_triage = self.has_triage_permission(request)
        form.save_refused = getattr(request, "petition_save_refused", "")
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The save is all or nothing: a refused step (PetitionError from the service) rolls back the whole
        # transaction Django's admin opened, and the page is shown again with what was typed and the reason.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except PetitionError as exc:
            if request.method != "POST":
                raise
            request.petition_save_refused = str(exc)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        # cleaned_data, not changed_data: a draft started from an answer template counts as a change.
        draft_changed = (change and not form.cleaned_data.get("next_status") and "answer_draft" in form.cleaned_data
                         and (obj.answer_draft or "") != (form.initial.get("answer_draft") or ""))
        before = obj.status if change else None  # read-only on the form: still the stored status
        triage.petition_staff_save(
            petition=obj, actor=request.user, created=not change,
            draft=obj.answer_draft if draft_changed else None,
            to_status=form.cleaned_data.get("next_status") or "",
            note=form.cleaned_data.get("transition_note", ""),
            merged_into=form.cleaned_data.get("merge_target"))
        after = Petition.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
        if before and after and after != before:
            # A status never changes silently (saving a draft moves the petition to "Đã dự thảo trả lời").
            self.message_user(request, _("Kiến nghị %(code)s chuyển từ “%(old)s” sang “%(new)s”.") % {
                "code": obj.code, "old": Status(before).label, "new": Status(after).label}, messages.INFO)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, PetitionNote) and not instance.pk:
                instance.author = request.user
            if isinstance(instance, Attachment) and instance.file and not instance.pk:
                # Name, size and type were set by AttachmentAdminForm from its content check.
                instance.uploaded_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope = staticmethod(selectors.answer_templates_for_user)
    body_field = "body"
    list_display = ("title", "category", "is_active")
    list_filter = ("category", "is_active")
    search_fields = ("title", "text")
    fields = ("body", "title", "category", "text", "is_active")
