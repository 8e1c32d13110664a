"""Write services of the conferences app."""

import datetime
import socket

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AgendaItem, Body, Conference, ConferenceEvent, WorkerHeartbeat
from .text import nfc


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


class ConferenceError(Exception):
    """The one domain error of the conferences app; its message is translated and shown to the user."""


def conference_create(
    *,
    body: Body,
    year: int,
    title: str,
    starts_at: datetime.datetime,
    venue: str,
    actor=None,
    form: str = Conference.Form.IN_PERSON,
    status: str = Conference.Status.DRAFT,
    with_default_agenda: bool = True,
    is_public: bool = True,
) -> Conference:
    """Create a conference with the body's rule settings, chair and (optionally) default agenda copied in.

    Writes a ConferenceEvent. Raises ConferenceError when the conference is invalid (e.g. the body already
    has a conference that year).
    """
    if timezone.is_naive(starts_at):
        raise ConferenceError(_("Thời gian bắt đầu phải có múi giờ."))
    conference = Conference(
        body=body, year=year, title=title, starts_at=starts_at, venue=venue, form=form, status=status,
        chair_name=body.chair_name, chair_title=body.chair_title, is_public=is_public,
    )
    conference.copy_rules_from(body)
    try:
        conference.full_clean()
    except ValidationError as exc:
        raise ConferenceError("; ".join(exc.messages)) from exc
    with transaction.atomic():
        conference.save()
        if with_default_agenda:
            conference_reset_agenda(conference=conference, actor=actor)
        ConferenceEvent.objects.create(
            conference=conference, from_status="", to_status=status, actor=actor, note=str(_("Tạo hội nghị")))
    return conference


def conference_reset_agenda(*, conference: Conference, actor=None) -> list[AgendaItem]:
    """Replace the conference's agenda with its body's default agenda ('{place}' becomes the place name)."""
    place = conference.body.place_name or conference.body.name
    with transaction.atomic():
        conference.agenda_items.all().delete()
        items = [
            AgendaItem(
                conference=conference, position=i, number=str(row.get("number", i)),
                content=nfc(str(row.get("content", "")).replace("{place}", place)),
                performer=nfc(str(row.get("performer", ""))),
            )
            for i, row in enumerate(conference.body.default_agenda or [], start=1)
        ]
        AgendaItem.objects.bulk_create(items)
    return items


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
