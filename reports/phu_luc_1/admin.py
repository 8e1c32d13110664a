"""Admin of submitted results reports: read-only, scoped to the bodies the user may read."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from conferences.organisation.scoping import ScopedObjectMixin
from conferences.organisation.selectors import bodies_for_user
from reports.models import ReportSnapshot


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(ScopedObjectMixin, admin.ModelAdmin):
    list_display = ["document_number", "body", "year", "conference", "submitted_on", "due_on", "on_time_display"]
    list_filter = ["year"]
    list_select_related = ["document_number", "body", "conference"]
    search_fields = ["body__name", "conference__title"]
    date_hierarchy = "submitted_on"
    readonly_fields = ["body", "year", "conference", "document_number", "submitted_on", "due_on", "table",
                       "in_process", "submitted_by", "created_at"]

    @admin.display(description=_("đúng hạn"), boolean=True)
    def on_time_display(self, obj):
        return obj.on_time

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(body__in=bodies_for_user(request.user))

    # A snapshot is written once, when the BC is issued through the register (reports.register.results_report), and
    # never edited.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
