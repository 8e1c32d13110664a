"""App config for conferences: bodies, units, staff, the working-day calendar, conferences, registrations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = _("Hội nghị đối thoại")

    def ready(self):
        from conferences import signals  # noqa: F401  (conference / body rule changes, for the apps above)
        from conferences.calendar import signals as calendar_signals  # noqa: F401  (the working-day cache)
        from conferences.common import admin_icons
        from conferences.ops import checks  # noqa: F401  (the system checks)
        from conferences.organisation import names
        from conferences.outbox import checks as outbox_checks  # noqa: F401  (the Zalo channel's checks)

        names.install()
        admin_icons.install()  # Vietnamese alt text on the admin's yes / no icons
