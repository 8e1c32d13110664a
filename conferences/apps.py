"""App config for conferences: bodies, units, staff, the working-day calendar, conferences, registrations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = _("Hội nghị đối thoại")

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the system checks)
            outbox_admin,  # noqa: F401  (registers the outbox admin; kept apart from admin.py)
        )
