"""App config for conferences: bodies, units, staff, the working-day calendar, conferences, registrations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = _("Hội nghị đối thoại")

    def ready(self):
        from . import calendar_signals, checks, signals  # noqa: F401  (registers the signal receivers, system checks)
