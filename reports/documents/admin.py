"""Admin of the document number book (take a number; see who took which)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conferences.models import Body, Conference, StaffProfile
from conferences.organisation.scoping import ScopedObjectMixin
from reports.documents.numbering import ReportError, document_number_allocate, document_symbol
from reports.models import DocumentNumber, IssuedDocumentNumber


def _own_body_id(user):
    profile = StaffProfile.objects.filter(user=user).only("body_id").first()
    return profile.body_id if profile else None


class BodyScopedAdmin(ScopedObjectMixin, admin.ModelAdmin):
    """Staff see their own body's rows (another body's answer 404); superusers see all."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(body_id=_own_body_id(request.user))


@admin.register(DocumentNumber)
class DocumentNumberAdmin(BodyScopedAdmin):
    list_display = ["body", "year", "doc_type", "last_number", "updated_at"]
    list_filter = ["year", "doc_type"]
    list_select_related = ["body"]
    readonly_fields = ["body", "year", "doc_type", "last_number", "updated_at"]

    # Counters move only through the numbering service (taking a number below); never by hand.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TakeNumberForm(forms.ModelForm):
    unit_code = forms.CharField(
        label=_("đơn vị soạn thảo (công văn)"), required=False, max_length=10,
        help_text=_("Với công văn: ký hiệu đơn vị, ví dụ KT → Số: 12/UBND-KT."))

    class Meta:
        model = IssuedDocumentNumber
        fields = ["body", "year", "doc_type", "unit_code", "title", "conference"]

    def clean(self):
        data = super().clean()
        body, doc_type = data.get("body"), data.get("doc_type")
        if body and doc_type:
            try:
                data["symbol"] = document_symbol(body=body, doc_type=doc_type, unit_code=data.get("unit_code", ""))
            except ReportError as exc:
                raise ValidationError(str(exc)) from exc
        return data


@admin.register(IssuedDocumentNumber)
class IssuedDocumentNumberAdmin(BodyScopedAdmin):
    list_display = ["formatted_number", "title", "doc_type", "year", "body", "conference", "issued_by", "issued_at"]
    list_filter = ["year", "doc_type"]
    list_select_related = ["body", "conference", "issued_by"]
    search_fields = ["title", "symbol"]
    date_hierarchy = "issued_at"
    form = TakeNumberForm

    @admin.display(description=_("số, ký hiệu"), ordering="number")
    def formatted_number(self, obj):
        return obj.formatted

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("year", timezone.localdate().year)
        initial.setdefault("body", _own_body_id(request.user))
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "body" and not request.user.is_superuser:
            kwargs["queryset"] = Body.objects.filter(pk=_own_body_id(request.user))
        if db_field.name == "conference" and not request.user.is_superuser:
            kwargs["queryset"] = Conference.objects.filter(body_id=_own_body_id(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:  # a number taken is a record: nothing about it changes afterwards
            return ["body", "year", "doc_type", "number", "symbol", "title", "conference", "issued_by", "issued_at"]
        return []

    def get_fields(self, request, obj=None):
        if obj is not None:
            return self.get_readonly_fields(request, obj)
        return super().get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return
        data = form.cleaned_data
        issued = document_number_allocate(
            body=data["body"], year=data["year"], doc_type=data["doc_type"], user=request.user,
            unit_code=data.get("unit_code", ""), title=data.get("title", ""), conference=data.get("conference"))
        # The admin goes on with `obj` (messages, redirect): make it the row the service wrote.
        obj.__dict__.update({k: v for k, v in issued.__dict__.items() if not k.startswith("_")})
        obj._state.adding = False

    def has_delete_permission(self, request, obj=None):
        return False
