"""Write services of the national working-day calendar (system administrators only)."""


from django.db import transaction
from django.utils.translation import gettext as _


def calendar_entry_save(*, entry, user):
    """Validate and save a CalendarEntry (national calendar) for a superuser; returns the entry.

    Raises PermissionDenied unless `user` is a superuser, ValidationError when the entry is invalid. Saving
    invalidates the working-day cache and, after commit, sends `calendar_changed` (see calendar_signals).
    """
    from django.core.exceptions import PermissionDenied

    if not getattr(user, "is_superuser", False):
        raise PermissionDenied(_("Chỉ quản trị hệ thống được sửa lịch làm việc quốc gia."))
    with transaction.atomic():
        entry.full_clean()
        entry.save()
    return entry


def calendar_entry_delete(*, entry, user) -> None:
    """Delete a CalendarEntry for a superuser; raises PermissionDenied otherwise. Sends `calendar_changed`."""
    from django.core.exceptions import PermissionDenied

    if not getattr(user, "is_superuser", False):
        raise PermissionDenied(_("Chỉ quản trị hệ thống được sửa lịch làm việc quốc gia."))
    with transaction.atomic():
        entry.delete()
