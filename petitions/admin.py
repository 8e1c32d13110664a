"""Admin of the petitions app: kiến nghị with their trail and attachments, scoped by body, unit and role."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conferences import roles
from conferences.admin_scoping import ReadOnlyInline, ScopedAdminMixin
from conferences.text import mask_identifier, mask_phone

from . import selectors
from .models import TRANSITIONS, Attachment, Petition, PetitionEvent, RegistrationSubmission, Status
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


# --- Staff entry of paper Phụ lục II forms ------------------------------------------------------------------

@admin.register(RegistrationSubmission)
class RegistrationSubmissionAdmin(admin.ModelAdmin):
    """Phiếu đăng ký: the list of submissions (online and paper) and the page where staff type in a paper form.

    Adding goes through the same validation as the public form and through registration_submit; rows are
    never edited here (the registration and its petitions have their own admin pages).
    """

    list_display = ("registration_code", "organisation_name", "channel", "received_at", "masked_phone",
                    "received_after_cutoff", "petition_count")
    list_filter = ("received_after_cutoff", "registration__channel",
                   ("registration__conference", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("registration", "registration__conference")
    search_fields = ("registration__code", "registration__organisation_name", "registration__tax_code")
    show_full_result_count = False
    readonly_fields = ("registration", "overall_proposal", "notify_sms", "notify_email", "received_after_cutoff",
                       "created_at")
    exclude = ("form_token",)

    def get_queryset(self, request):
        from conferences.selectors import registrations_for_user

        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(registration__in=registrations_for_user(request.user))

    def _may_enter(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_staff and user.has_perms(
            ["conferences.add_registration", "petitions.add_petition"])

    def has_module_permission(self, request):
        return self._may_enter(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._may_enter(request) or request.user.has_perm("conferences.view_registration")

    def has_add_permission(self, request):
        return self._may_enter(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("mã đăng ký"), ordering="registration__code")
    def registration_code(self, obj):
        return obj.registration.code

    @admin.display(description=_("đơn vị"))
    def organisation_name(self, obj):
        return obj.registration.organisation_name

    @admin.display(description=_("kênh"))
    def channel(self, obj):
        return obj.registration.get_channel_display()

    @admin.display(description=_("tiếp nhận lúc"), ordering="registration__received_at")
    def received_at(self, obj):
        return obj.registration.received_at

    @admin.display(description=_("điện thoại"))
    def masked_phone(self, obj):
        return mask_phone(obj.registration.phone)

    @admin.display(description=_("số kiến nghị"))
    def petition_count(self, obj):
        return obj.petition_count

    def get_queryset_with_counts(self, qs):
        from django.db.models import Count, OuterRef, Subquery

        counts = (Petition.objects.filter(registration=OuterRef("registration")).order_by()
                  .values("registration").annotate(n=Count("pk")).values("n"))
        return qs.annotate(petition_count=Subquery(counts))

    def get_changelist(self, request, **kwargs):
        admin_self = self
        from django.contrib.admin.views.main import ChangeList

        class CountingChangeList(ChangeList):
            def get_queryset(self, request, exclude_parameters=None):
                return admin_self.get_queryset_with_counts(super().get_queryset(request, exclude_parameters))

        return CountingChangeList

    def add_view(self, request, form_url="", extra_context=None):
        return paper_entry_view(self, request)

    def get_urls(self):
        from django.urls import path

        urls = [
            path("import/", self.admin_site.admin_view(self.import_view), name="petitions_registration_import"),
            path("import/mau-phieu-dang-ky.xlsx", self.admin_site.admin_view(self.import_template_view),
                 name="petitions_registration_import_template"),
        ]
        return urls + super().get_urls()

    def import_template_view(self, request):
        from django.core.exceptions import PermissionDenied
        from django.http import HttpResponse

        from .imports import template_xlsx

        if not self.has_add_permission(request):
            raise PermissionDenied
        response = HttpResponse(
            template_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = 'attachment; filename="mau-phieu-dang-ky.xlsx"'
        return response

    def import_view(self, request):
        return import_view(self, request)


def paper_entry_view(model_admin, request):
    """Type in a paper Phụ lục II: same fields and validation as the public form, 'Thêm kiến nghị' without
    JavaScript, then registration_submit with the acting user, the channel and the time on the paper."""
    import uuid

    from django.core.exceptions import PermissionDenied
    from django.shortcuts import redirect
    from django.template.response import TemplateResponse
    from django.urls import reverse

    from conferences.selectors import conferences_for_user

    from .forms import PETITION_PREFIX, StaffRegistrationForm, petition_formset_class, unbound_copy
    from .registration import PRIVACY_NOTICE_VERSION, PetitionInput, registration_submit
    from .views import _error_summary

    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    conferences = conferences_for_user(request.user, write=True).select_related("body").order_by("-starts_at")
    formset_class = petition_formset_class()
    files_dropped = False
    if request.method == "POST":
        form = StaffRegistrationForm(request.POST, conferences=conferences)
        formset = formset_class(request.POST, request.FILES, prefix=PETITION_PREFIX)
        files_dropped = bool(request.FILES)
        if "add_petition" in request.POST:
            initial = unbound_copy(form).initial
            form = StaffRegistrationForm(initial=initial, conferences=conferences)
            formset = formset_class(initial=[unbound_copy(f).initial for f in formset.forms], prefix=PETITION_PREFIX)
        elif form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            consent = data["consent_on_paper"]
            try:
                registration, created = registration_submit(
                    conference=data["conference"], form_token=data["form_token"] or uuid.uuid4().hex,
                    full_name=data["full_name"], position=data["position"],
                    organisation_name=data["organisation_name"], organisation_kind=data["organisation_kind"],
                    identifier_kind=data["identifier_kind"], tax_code=data["tax_code"], phone=data["phone"],
                    email=data["email"], address=data["address"], attending=data["attending"],
                    notify_sms=data["notify_sms"], notify_email=data["notify_email"],
                    overall_proposal=data["overall_proposal"],
                    petitions=[PetitionInput(
                        category=f.cleaned_data["category"], content=f.cleaned_data["content"],
                        proposed_solution=f.cleaned_data.get("proposed_solution", ""),
                        files=[f.cleaned_data["attachment"]] if f.cleaned_data.get("attachment") else [])
                        for f in formset.forms if not f.is_blank],
                    consent_version=PRIVACY_NOTICE_VERSION if consent else "",
                    consented_at=data["received_at"] if consent else None,
                    channel=data["channel"], received_at=data["received_at"], actor=request.user,
                )
            except PetitionError as exc:
                form.add_error(None, str(exc))
            else:
                if created:
                    model_admin.message_user(request, _("Đã nhập phiếu đăng ký %(code)s với %(n)s kiến nghị.") % {
                        "code": registration.code, "n": registration.petitions.count()}, messages.SUCCESS)
                return redirect(reverse("admin:conferences_registration_change", args=[registration.pk]))
    else:
        form = StaffRegistrationForm(initial={"form_token": uuid.uuid4().hex, "channel": "paper"},
                                     conferences=conferences)
        formset = formset_class(prefix=PETITION_PREFIX)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta, "title": _("Nhập phiếu đăng ký giấy (Phụ lục II)"),
        "form": form, "formset": formset, "error_summary": _error_summary(form, formset),
        "files_dropped": files_dropped, "has_view_permission": True,
    }
    return TemplateResponse(request, "admin/petitions/paper_entry.html", context)


def import_view(model_admin, request):
    """Excel import of paper forms: upload → preview with every row's errors → confirm (all or nothing).

    The uploaded file waits in the default storage under imports/ between preview and confirmation; the
    hidden field naming it is signed with the user's id, so nobody can confirm another person's file.
    """
    import uuid

    from django.core import signing
    from django.core.exceptions import PermissionDenied
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.shortcuts import redirect
    from django.template.response import TemplateResponse
    from django.urls import reverse

    from conferences.selectors import conferences_for_user

    from .imports import ImportFileError, parse, registrations_import

    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    conferences = conferences_for_user(request.user, write=True).select_related("body").order_by("-starts_at")
    context = {**model_admin.admin_site.each_context(request), "opts": model_admin.model._meta,
               "title": _("Nhập phiếu đăng ký từ tệp Excel"), "conferences": conferences,
               "has_view_permission": True}
    salt = "petitions.import"
    if request.method == "POST" and request.POST.get("ticket"):
        try:
            ticket = signing.loads(request.POST["ticket"], salt=salt, max_age=3600)
        except signing.BadSignature:
            raise PermissionDenied from None
        if ticket["user"] != request.user.pk:
            raise PermissionDenied
        conference = conferences.filter(pk=ticket["conference"]).first()
        if conference is None:
            raise PermissionDenied
        with default_storage.open(ticket["name"], "rb") as stored:
            content = stored.read()
        try:
            created, existing = registrations_import(content=content, conference=conference,
                                                     conferences=conferences, actor=request.user)
        except ImportFileError as exc:
            model_admin.message_user(request, str(exc), messages.ERROR)
        else:
            default_storage.delete(ticket["name"])
            model_admin.message_user(request, _("Đã nhập %(created)s phiếu; %(existing)s phiếu đã nhập trước đó.")
                                     % {"created": created, "existing": existing}, messages.SUCCESS)
            return redirect(reverse("admin:petitions_registrationsubmission_changelist"))
        return redirect(reverse("admin:petitions_registration_import"))
    if request.method == "POST":
        conference = conferences.filter(pk=request.POST.get("conference") or 0).first()
        upload = request.FILES.get("file")
        if conference is None or upload is None:
            context["error"] = _("Chọn hội nghị và tệp Excel (.xlsx) theo mẫu.")
            return TemplateResponse(request, "admin/petitions/import.html", context)
        content = upload.read()
        try:
            forms = parse(content, conference=conference, conferences=conferences)
        except ImportFileError as exc:
            context["error"] = str(exc)
            return TemplateResponse(request, "admin/petitions/import.html", context)
        name = default_storage.save(f"imports/{uuid.uuid4().hex}.xlsx", ContentFile(content))
        has_errors = any(f.errors for f in forms)
        context.update({
            "preview": forms, "conference": conference, "has_errors": has_errors,
            "ticket": None if has_errors else signing.dumps(
                {"name": name, "conference": conference.pk, "user": request.user.pk}, salt=salt),
            "petition_total": sum(len(f.petitions) for f in forms),
        })
        if has_errors:
            default_storage.delete(name)
    return TemplateResponse(request, "admin/petitions/import.html", context)
