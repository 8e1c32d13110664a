"""Admin of conferences: the change page with its agenda, participants, trail, tasks and lifecycle panels."""

from django import forms
from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conferences.audit.admin import AuditedAdminMixin  # also registers the audit log's read-only admin
from conferences.calendar.admin import (  # noqa: F401  (registers the national calendar admin)
    CalendarEntryAdmin,
)
from conferences.common.text import NormalizedTextAdminMixin
from conferences.lifecycle import eligibility
from conferences.lifecycle.admin_panels import ConferenceLifecycleAdminMixin, ConferenceTaskInline
from conferences.lifecycle.services import conference_reset_agenda, conference_staff_save
from conferences.models import (
    AgendaItem,
    Conference,
    ConferenceEvent,
    Participant,
    Registration,
)
from conferences.organisation import selectors
from conferences.organisation.admin import RULE_FIELDS
from conferences.organisation.scoping import ReadOnlyInline, ScopedAdminMixin, ScopedInlineMixin


class AgendaItemInline(NormalizedTextAdminMixin, admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ("position", "number", "content", "performer")


class ParticipantInline(ScopedInlineMixin, admin.TabularInline):
    model = Participant
    extra = 0
    fields = ("position", "kind", "full_name", "title", "unit", "attended")
    autocomplete_fields = ("unit",)
    readonly_fields = ("attended_display",)

    def get_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return self.fields
        # Read-only, Django would draw a yes/no icon whose alternative text is English ("None", "True").
        return (*self.fields[:-1], "attended_display")

    @admin.display(description=_("có mặt"))
    def attended_display(self, participant):
        return {True: _("Có"), False: _("Không")}.get(participant.attended, _("Chưa điểm danh"))


class ConferenceEventInline(ReadOnlyInline):
    model = ConferenceEvent
    fields = ("created_at", "from_status", "to_status", "actor", "note")
    readonly_fields = fields
    verbose_name_plural = _("diễn biến")


def _count_subquery(model, field="conference"):
    return Coalesce(
        Subquery(
            model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
            .annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


class ConferenceAdminForm(forms.ModelForm):
    """The conference form: a date the calendar marks as a day off must be confirmed (issue 21)."""

    confirm_day_off = forms.BooleanField(
        label=_("Xác nhận tổ chức vào ngày nghỉ"), required=False,
        help_text=_("Chỉ cần khi ngày tổ chức là ngày nghỉ theo lịch ngày làm việc (thứ Bảy, Chủ nhật, lễ, Tết)."))

    class Meta:
        model = Conference
        fields = ("starts_at",)  # the admin passes the fields of its fieldsets

    def clean(self):
        cleaned = super().clean()
        starts_at = cleaned.get("starts_at")
        if starts_at is not None and "starts_at" in self.changed_data:
            label = eligibility.day_off_label(timezone.localtime(starts_at).date())
            if label and not cleaned.get("confirm_day_off"):
                self.add_error("confirm_day_off", forms.ValidationError(
                    _("Ngày %(date)s là ngày nghỉ (%(label)s). Hãy chọn ngày làm việc khác, hoặc đánh dấu xác nhận "
                      "nếu vẫn tổ chức vào ngày này.") % {
                        "date": timezone.localtime(starts_at).strftime("%d/%m/%Y"), "label": label},
                    code="day_off"))
        return cleaned


@admin.register(Conference)
class ConferenceAdmin(ConferenceLifecycleAdminMixin, AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    form = ConferenceAdminForm
    scope = staticmethod(selectors.conferences_for_user)
    body_field = "body"
    list_display = ("title", "body", "year", "starts_at", "venue", "status", "registration_count")
    list_filter = ("status", "year", ("body", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("body",)
    search_fields = ("title", "venue", "body__name")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("body",)
    readonly_fields = ("status", "postponement_count", "created_at", "updated_at",
                       *ConferenceLifecycleAdminMixin.lifecycle_readonly_fields)
    inlines = (AgendaItemInline, ParticipantInline, ConferenceTaskInline, ConferenceEventInline)
    base_fieldsets = (
        (None, {"fields": ("body", "year", "title", "starts_at", "confirm_day_off", "venue", "form", "chair_name",
                           "chair_title", "is_public")}),
        (_("Trạng thái"), {"fields": ("status", "postponement_count", "created_at", "updated_at")}),
    )
    # Shown on the change page only: they describe an existing conference.
    lifecycle_fieldsets = (
        (_("Tiến trình hội nghị"), {"fields": ("lifecycle_panel", "eligibility_panel", "plan_number",
                                              "plan_sent_on", "previous_starts_at", "documents_panel")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_registration_count=_count_subquery(Registration))

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(opts)) for name, opts in self.base_fieldsets]
        # The day-off confirmation is a question to whoever may change the date; nobody else is asked it (shown
        # read-only it would read "None").
        date_editable = (self.has_change_permission(request, obj)
                         and "starts_at" not in self.get_readonly_fields(request, obj))
        hidden = ({"body"} if not request.user.is_superuser else set()) | (
            set() if date_editable else {"confirm_day_off"})
        fieldsets[0][1]["fields"] = tuple(f for f in fieldsets[0][1]["fields"] if f not in hidden)
        if obj is not None:
            fieldsets[1:1] = [(name, dict(opts)) for name, opts in self.lifecycle_fieldsets]
            # On add the rules are copied from the body's defaults; afterwards they belong to the conference.
            fieldsets.append((_("Quy định áp dụng cho hội nghị"), {"fields": RULE_FIELDS, "classes": ("collapse",)}))
        return fieldsets

    @admin.display(description=_("số đăng ký"), ordering="_registration_count")
    def registration_count(self, obj):
        return obj._registration_count

    def save_model(self, request, obj, form, change):
        conference_staff_save(conference=obj, actor=request.user, created=not change,
                              date_changed=change and "starts_at" in form.changed_data)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change and not form.instance.agenda_items.exists():
            conference_reset_agenda(conference=form.instance, actor=request.user)
