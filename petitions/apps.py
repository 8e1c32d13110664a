"""App config for petitions: kiến nghị, their statuses, deadline rules, answers and triage."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("Kiến nghị")

    def ready(self):
        # Recomputes open deadlines when the calendar or a conference changes.
        from petitions.deadlines import receivers  # noqa: F401
