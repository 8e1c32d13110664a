"""App config for conferences: bodies, units, staff, the working-day calendar, conferences, registrations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = _("Hội nghị đối thoại")

    def ready(self):
        from . import (  # noqa: F401
            calendar_signals,  # the calendar's signal receivers
            checks,  # the system checks
            outbox_admin,  # the outbox admin, kept apart from admin.py
            signals,  # conference_rules_changed / body_rules_changed, sent from Conference / Body saves
        )
