"""App config for petitions: kiến nghị, their statuses, deadline rules, answers and triage."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("Kiến nghị")

    def ready(self):
        # Recomputes open deadlines when the calendar or a conference changes.
        # The conferences app counts petitions toward the 15 / 5 condition through this counter (it must not
        # import petitions).
        from conferences.lifecycle.eligibility import register_petition_counter
        from petitions.deadlines import receivers  # noqa: F401
        from petitions.workflow.selectors import petitions_counted_for_eligibility

        register_petition_counter(petitions_counted_for_eligibility)
