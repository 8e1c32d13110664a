"""The one shape of a status trail: the abstract base of every "from → to, who, why, when" event model."""

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

    def subject_label(self) -> str:
        """How the event's row is named in lists (the petition's code, the conference's title, …)."""
        return str(getattr(self, self.SUBJECT_FIELD))
