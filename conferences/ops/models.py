"""Models of the operations concern: background processes' heartbeats."""


from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """The last time a background process (Celery worker, beat) proved it could reach the database."""

    name = models.CharField(_("tiến trình"), max_length=100, unique=True)
    hostname = models.CharField(_("máy chủ"), max_length=255, blank=True)
    beats = models.PositiveIntegerField(_("số lần"), default=0)
    last_seen = models.DateTimeField(_("lần cuối"))

    class Meta:
        verbose_name = _("nhịp tiến trình nền")
        verbose_name_plural = _("nhịp tiến trình nền")

    def __str__(self):
        return self.name
