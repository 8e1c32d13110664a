"""Write services of the conferences app."""

import socket

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import WorkerHeartbeat


def heartbeat_record(*, name: str) -> WorkerHeartbeat:
    """Record that the named background process reached the database now; returns the heartbeat row."""
    with transaction.atomic():
        beat, created = WorkerHeartbeat.objects.select_for_update().get_or_create(
            name=name, defaults={"last_seen": timezone.now(), "hostname": socket.gethostname(), "beats": 1}
        )
        if not created:
            WorkerHeartbeat.objects.filter(pk=beat.pk).update(
                last_seen=timezone.now(), hostname=socket.gethostname(), beats=F("beats") + 1
            )
            beat.refresh_from_db()
    return beat


def calendar_entry_save(*, entry, user):
    """Validate and save a CalendarEntry (national calendar) for a superuser; returns the entry.

    Raises PermissionDenied unless `user` is a superuser, ValidationError when the entry is invalid. Saving
    invalidates the working-day cache and, after commit, sends `calendar_changed` (see calendar_signals).
    """
    from django.core.exceptions import PermissionDenied

    if not getattr(user, "is_superuser", False):
        raise PermissionDenied("Chỉ quản trị hệ thống được sửa lịch làm việc quốc gia.")
    with transaction.atomic():
        entry.full_clean()
        entry.save()
    return entry


def calendar_entry_delete(*, entry, user) -> None:
    """Delete a CalendarEntry for a superuser; raises PermissionDenied otherwise. Sends `calendar_changed`."""
    from django.core.exceptions import PermissionDenied

    if not getattr(user, "is_superuser", False):
        raise PermissionDenied("Chỉ quản trị hệ thống được sửa lịch làm việc quốc gia.")
    with transaction.atomic():
        entry.delete()
