"""Deadlines of kiến nghị: the rules (`rules`, the only place turning a rule and its dates into a due date),
a petition's rule and due date (`due_dates`), recomputation after a change (`recompute`, `receivers`) and the
dates a registrant sees (`conference_dates`). `petitions.deadlines` re-exports the rules, the name the
design documents cite."""

from petitions.deadlines.rules import (
    DEFAULT_SETTINGS,
    DeadlineRule,
    RuleSettings,
    counted_receipt_day,
    describe,
    due_date,
    is_timely,
    petition_cutoff,
    recomputed_due_date,
)

__all__ = [
    "DEFAULT_SETTINGS", "DeadlineRule", "RuleSettings", "counted_receipt_day", "describe", "due_date", "is_timely",
    "petition_cutoff", "recomputed_due_date",
]
