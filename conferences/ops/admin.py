"""Admin of the operations concern: the background processes' heartbeats (read by system administrators)."""

from django.contrib import admin

from conferences.calendar.admin import (  # noqa: F401  (registers the national calendar admin)
    CalendarEntryAdmin,
)
from conferences.models import (
    WorkerHeartbeat,
)


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "hostname", "beats", "last_seen")
    readonly_fields = ("name", "hostname", "beats", "last_seen")
