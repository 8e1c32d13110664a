"""Admin of the national working-day calendar: CalendarEntry (superusers only) and the year view."""

from datetime import date

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conferences.calendar import services, workdays
from conferences.models import CalendarEntry

MONTH_NAMES = [
    _("Tháng 1"), _("Tháng 2"), _("Tháng 3"), _("Tháng 4"), _("Tháng 5"), _("Tháng 6"),
    _("Tháng 7"), _("Tháng 8"), _("Tháng 9"), _("Tháng 10"), _("Tháng 11"), _("Tháng 12"),
]
WEEKDAY_ABBR = [
    (_("T2"), _("Thứ Hai")), (_("T3"), _("Thứ Ba")), (_("T4"), _("Thứ Tư")), (_("T5"), _("Thứ Năm")),
    (_("T6"), _("Thứ Sáu")), (_("T7"), _("Thứ Bảy")), (_("CN"), _("Chủ nhật")),
]
# Short marks printed in each cell beside the colour, so the grid does not rely on colour alone.
KIND_MARKS = {
    workdays.WEEKEND: "",
    workdays.HOLIDAY: "L",
    workdays.DAY_OFF: "N",
    workdays.MAKEUP: "B",
    workdays.WORKING: "",
}


class SuperuserOnlyMixin:
    """The national calendar is edited by system administrators (superusers) only, never by commune staff."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


class CalendarEntryForm(forms.ModelForm):
    # Django's "vi" locale defines no DATE_INPUT_FORMATS, so the default list would read 04/03/2027 as
    # 3 April (month first); a government notice is written day first.
    date = forms.DateField(
        label=_("ngày"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"],
        widget=AdminDateWidget(format="%d/%m/%Y"),
        help_text=_("Ngày/tháng/năm, ví dụ 02/01/2026."),
    )

    class Meta:
        model = CalendarEntry
        fields = ("date", "kind", "name", "legal_basis")


@admin.register(CalendarEntry)
class CalendarEntryAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    form = CalendarEntryForm
    list_display = ("date", "weekday", "kind", "name", "legal_basis", "updated_at")
    list_filter = ("kind",)
    search_fields = ("name", "legal_basis")
    date_hierarchy = "date"
    ordering = ("-date",)
    readonly_fields = ("created_at", "updated_at")
    fields = ("date", "kind", "name", "legal_basis", "created_at", "updated_at")
    change_list_template = "admin/conferences/calendarentry/change_list.html"

    @admin.display(description=_("thứ"))
    def weekday(self, obj):
        return workdays.WEEKDAY_NAMES[obj.date.weekday()]

    def save_model(self, request, obj, form, change):
        services.calendar_entry_save(entry=obj, user=request.user)

    def delete_model(self, request, obj):
        services.calendar_entry_delete(entry=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        # One by one through the service, so each deletion invalidates the cache and is announced.
        for entry in queryset:
            services.calendar_entry_delete(entry=entry, user=request.user)

    def get_urls(self):
        view = self.admin_site.admin_view(self.year_view)
        return [
            path("nam/", view, name="conferences_calendarentry_year_current"),
            path("nam/<int:year>/", view, name="conferences_calendarentry_year"),
        ] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "calendar_year": timezone.localdate().year}
        return super().changelist_view(request, extra_context=extra_context)

    @staticmethod
    def _mark(info):
        if info.kind == workdays.WORKING and info.from_entry:
            return "X"  # a baseline holiday an administrator removed: worked
        return KIND_MARKS[info.kind]

    def year_view(self, request, year=None):
        """Twelve month grids of one year: weekends, holidays, swapped days off, make-up days, with names."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        year = year or timezone.localdate().year
        if not workdays.MIN_YEAR <= year <= workdays.MAX_YEAR:
            raise Http404
        months = []
        for month in workdays.year_months(year):
            months.append({"name": MONTH_NAMES[month.month - 1], "month": month.month, "weeks": [
                [None if info is None else {"info": info, "mark": self._mark(info)} for info in week]
                for week in month.weeks
            ]})
        special = [
            info for info in workdays.special_days(date(year, 1, 1), date(year, 12, 31))
            if info.kind != workdays.WEEKEND or info.from_entry
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Lịch làm việc năm %(year)s") % {"year": year},
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1,
            "months": months,
            "special_days": special,
            "weekdays": WEEKDAY_ABBR,
            "has_entries": workdays.year_has_official_entries(year),
            "changelist_url": reverse("admin:conferences_calendarentry_changelist"),
            "culture_day_is_holiday": workdays.culture_day_is_holiday(),
        }
        return TemplateResponse(request, "admin/conferences/calendarentry/year.html", context)
