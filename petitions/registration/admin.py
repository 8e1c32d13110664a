"""Admin of Phụ lục II submissions: the list, staff entry of paper forms, and the Excel import."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from conferences.audit.services import AuditAction, audit_record
from conferences.common.ids import parse_id
from conferences.common.text import mask_phone
from conferences.organisation.scoping import ScopedObjectMixin
from petitions.models import Petition, RegistrationSubmission
from petitions.workflow.services import PetitionError


@admin.register(RegistrationSubmission)
class RegistrationSubmissionAdmin(ScopedObjectMixin, admin.ModelAdmin):
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
    readonly_fields = ("registration", "overall_proposal", "notify_sms", "notify_email", "notify_zalo",
                       "received_after_cutoff", "created_at")
    exclude = ("form_token",)

    def get_queryset(self, request):
        from conferences.organisation.selectors import registrations_for_user

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

        from petitions.registration.imports import template_xlsx

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

    from conferences.organisation.selectors import conferences_for_user
    from petitions.registration.forms import (
        PETITION_PREFIX,
        StaffRegistrationForm,
        petition_formset_class,
        unbound_copy,
    )
    from petitions.registration.forms import error_summary as _error_summary
    from petitions.registration.services import PRIVACY_NOTICE_VERSION, PetitionInput, registration_submit

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
                    notify_zalo=data.get("notify_zalo", False), overall_proposal=data["overall_proposal"],
                    petitions=[PetitionInput(
                        category=f.cleaned_data["category"], content=f.cleaned_data["content"],
                        proposed_solution=f.cleaned_data.get("proposed_solution", ""),
                        files=[f.cleaned_data["attachment"]] if f.cleaned_data.get("attachment") else [])
                        for f in formset.forms if not f.is_blank],
                    consent_version=PRIVACY_NOTICE_VERSION if consent else "",
                    consented_at=data["received_at"] if consent else None,
                    publication_consent=data["publication_consent"],
                    channel=data["channel"], received_at=data["received_at"], actor=request.user,
                )
            except PetitionError as exc:
                form.add_error(None, str(exc))
            else:
                if created:
                    audit_record(user=request.user, action=AuditAction.ADD, obj=registration,
                                 body_id=data["conference"].body_id, detail="paper entry", request=request)
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

    from conferences.organisation.selectors import conferences_for_user
    from petitions.registration.imports import ImportFileError, parse, registrations_import

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
            audit_record(user=request.user, action=AuditAction.IMPORT, obj=conference,
                         detail=f"registrations: {created} new, {existing} existing", request=request)
            default_storage.delete(ticket["name"])
            model_admin.message_user(request, _("Đã nhập %(created)s phiếu; %(existing)s phiếu đã nhập trước đó.")
                                     % {"created": created, "existing": existing}, messages.SUCCESS)
            return redirect(reverse("admin:petitions_registrationsubmission_changelist"))
        return redirect(reverse("admin:petitions_registration_import"))
    if request.method == "POST":
        conference = conferences.filter(pk=parse_id(request.POST.get("conference")) or 0).first()
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
