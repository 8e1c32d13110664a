"""Template filters of the personal-data pages."""

import datetime

from django import template
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def iso_datetime(value: str | None) -> str:
    """An ISO date-time string of the data copy shown as "H:i d/m/Y" (a date alone as "d/m/Y"); "" for none."""
    if not value:
        return ""
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    return date_format(parsed, "H:i d/m/Y" if "T" in value else "d/m/Y")
