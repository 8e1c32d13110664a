"""Signals the conferences app sends to the apps above it (which it must not import)."""

from django.dispatch import Signal

# Sent inside the transaction of the change when a conference's date or rules change, when it is postponed,
# stopped or found not eligible; kwargs: conference_id (int), reason (str: "rules", "postponed", "stopped",
# "not_eligible"). `petitions` handles it by moving or recomputing the due dates of open petitions.
conference_rules_changed = Signal()
