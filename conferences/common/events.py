"""The one shape of a status trail: the abstract base of every "from → to, who, why, when" event model."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusEvent(models.Model):
    """One change of a status, written by the one transition service of its model (pretix's log_action).

    A concrete event names the row it belongs to (`SUBJECT_FIELD`, a foreign key with related_name "events")
    and declares `from_status` / `to_status` with the choices of its model's status.
    """

    SUBJECT_FIELD = ""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.subject_label()}: {self.from_status or '—'} → {self.to_status}"

    @classmethod
    def record(cls, *, at: datetime.datetime | None = None, **fields) -> "StatusEvent":
        """Write one event of the trail, dated now, or `at` (an aware datetime) when given.

        Only the demo data and the imports pass `at`: they write a history that happened on the dates they
        describe (a paper form received last month, the demo's 2026 conference), so that the trail and every
        "as of" count built on it tell the truth. The admin and public pages never do (their events are now).
        """
        event = cls.objects.create(**fields)
        if at is not None:
            cls.dated(cls.objects.filter(pk=event.pk), at)
            event.created_at = at
        return event

    @classmethod
    def dated(cls, events, at: datetime.datetime) -> int:
        """Date `events` (a queryset of this model) at `at`: `created_at` is auto_now_add, so an event written at
        another time than now is inserted, then given its time (the demo and imports only, see `record`)."""
        return events.update(created_at=at)

    def subject_label(self) -> str:
        """How the event's row is named in lists (the petition's code, the conference's title, …)."""
        return str(getattr(self, self.SUBJECT_FIELD))
