"""Admin of the conferences app."""

from .calendar_admin import CalendarEntryAdmin  # noqa: F401  (registers the national calendar's admin)
