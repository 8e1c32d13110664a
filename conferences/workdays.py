"""`conferences.workdays`, the name design.md and the deadline docs cite: the working-day calendar's public
functions, which live in `conferences/calendar/workdays.py`."""

from conferences.calendar.workdays import (
    DayInfo,
    add_working_days,
    day_info,
    is_working_day,
    special_days,
    subtract_working_days,
    working_days_between,
)

__all__ = [
    "DayInfo", "add_working_days", "day_info", "is_working_day", "special_days", "subtract_working_days",
    "working_days_between",
]
