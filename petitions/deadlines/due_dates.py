"""A petition's deadline: which rule it follows and its due date, through petitions/deadlines.py only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.utils import timezone

from conferences import signals as conference_signals
from conferences.models import Body, Conference
from petitions.deadlines import rules as deadlines
from petitions.deadlines.rules import DeadlineRule
from petitions.models import Competence, Petition

# Conference statuses under which no conference is held for its petitions: they follow the no-conference
# rules counted from their own receipt days (design.md, "A stopped conference moves its open petitions…").
NOT_HELD_STATUSES = conference_signals.NOT_HELD_STATUSES

# deadlines.RuleSettings field -> the rule-setting field of Body / Conference (conferences.models.RuleSettings).
# A written answer asked for after an oral one takes the conference's answer time (see that field's help text).
SETTINGS_FIELD_MAP = {
    "timely_cutoff_days": "cutoff_working_days",
    "after_conference_days": "answer_working_days",
    "after_conference_coordination_days": "answer_coordination_working_days",
    "no_conference_days": "no_conference_answer_working_days",
    "no_conference_coordination_days": "no_conference_coordination_working_days",
    "outside_competence_days": "forward_working_days",
    "written_after_oral_days": "answer_working_days",
    "report_days": "report_working_days",
    "office_hours_end": "office_hours_end",
}

# The Body / Conference fields a due date depends on; a change of one of them on a conference recomputes.
DEADLINE_SOURCE_FIELDS = tuple(sorted(set(SETTINGS_FIELD_MAP.values())))


def rule_settings_for(source: Body | Conference) -> deadlines.RuleSettings:
    """The deadlines.RuleSettings of a conference (its own copy of the rules) or of a body (its defaults)."""
    return deadlines.RuleSettings(**{ours: getattr(source, theirs) for ours, theirs in SETTINGS_FIELD_MAP.items()})


def local_date(value) -> date | None:
    """The Vietnamese calendar date of an aware datetime (None stays None)."""
    return None if value is None else timezone.localtime(value, deadlines.LOCAL_TZ).date()


@dataclass(frozen=True)
class DeadlineBasis:
    """What a petition's deadline depends on besides the petition itself: the settings that apply, and the
    conference date when a conference is (still) to be held for it (None: no conference, stopped or not
    eligible)."""

    settings: deadlines.RuleSettings
    conference_date: date | None

    @classmethod
    def for_conference(cls, conference: Conference) -> DeadlineBasis:
        held = conference.status not in NOT_HELD_STATUSES
        return cls(rule_settings_for(conference), local_date(conference.starts_at) if held else None)

    @classmethod
    def for_body(cls, body: Body) -> DeadlineBasis:
        return cls(rule_settings_for(body), None)

    @cached_property
    def cutoff(self) -> date | None:
        """The conference's petition cut-off (last timely day), when a conference is held."""
        if self.conference_date is None:
            return None
        return deadlines.petition_cutoff(self.conference_date, self.settings)


def deadline_basis(petition: Petition) -> DeadlineBasis:
    """The basis of `petition`'s deadline: its conference's rules and date, or its body's rules without one."""
    if petition.conference_id:
        return DeadlineBasis.for_conference(petition.conference)
    return DeadlineBasis.for_body(petition.body)


def petition_receipt_day(petition: Petition, basis: DeadlineBasis | None = None) -> date:
    """The counted receipt day of `petition` from its `received_at` and the office hours that apply to it
    (after office hours or on a non-working day: the next working day). Raises ValueError for a naive time."""
    basis = basis or deadline_basis(petition)
    return deadlines.counted_receipt_day(petition.received_at, basis.settings.office_hours_end)


def petition_set_receipt_day(petition: Petition, basis: DeadlineBasis | None = None) -> date:
    """Set `petition.receipt_day` from `received_at` (see petition_receipt_day), without saving; returns it."""
    petition.receipt_day = petition_receipt_day(petition, basis)
    return petition.receipt_day


def petition_rule_for(petition: Petition, basis: DeadlineBasis | None = None) -> DeadlineRule:
    """The deadline rule `petition` follows now.

    Outside the body's competence: outside_competence. A written answer asked for after an oral answer:
    written_after_oral. Otherwise, with a conference held for it and the petition timely (received by the
    cut-off) or raised in the hall: after_conference (coordination: after_conference_coordination); without a
    conference, when it is stopped / not eligible, or when received after the cut-off: no_conference (or
    no_conference_coordination). Raises ValueError when the receipt time is naive.
    """
    basis = basis or deadline_basis(petition)
    if petition.competence == Competence.OUTSIDE:
        return DeadlineRule.OUTSIDE_COMPETENCE
    if petition.written_answer_requested_at is not None:
        return DeadlineRule.WRITTEN_AFTER_ORAL
    coordination = petition.competence == Competence.COORDINATION
    if basis.conference_date is not None:
        receipt = petition.receipt_day or petition_receipt_day(petition, basis)
        # A petition raised in the hall is answered there or in writing after the conference, like a timely one.
        if petition.raised_at_conference or receipt <= basis.cutoff:
            return DeadlineRule.AFTER_CONFERENCE_COORDINATION if coordination else DeadlineRule.AFTER_CONFERENCE
    return DeadlineRule.NO_CONFERENCE_COORDINATION if coordination else DeadlineRule.NO_CONFERENCE


def petition_compute_due_date(
    petition: Petition, rule: str | None = None, basis: DeadlineBasis | None = None
) -> date:
    """The due date of `petition` under `rule` (default: petition_rule_for), computed by deadlines.due_date
    with the settings of its conference (or body). Raises ValueError when a start date the rule needs is
    missing or the receipt time is naive."""
    basis = basis or deadline_basis(petition)
    rule = rule or petition_rule_for(petition, basis)
    return deadlines.due_date(
        rule,
        conference_date=basis.conference_date,
        receipt_day=petition.receipt_day or petition_receipt_day(petition, basis),
        requested_on=local_date(petition.written_answer_requested_at),
        settings=basis.settings,
    )


def petition_fill_deadline(petition: Petition, basis: DeadlineBasis | None = None, *,
                           today: date | None = None) -> list[str]:
    """Set receipt_day, deadline_rule and due_date of a new or edited petition, without saving; returns the
    names of the fields that changed (for `save(update_fields=…)`). A due date already past (on `today`, default
    today; the demo and imports pass the day they describe) is kept past."""
    basis = basis or deadline_basis(petition)
    before = (petition.receipt_day, petition.deadline_rule, petition.due_date)
    petition_set_receipt_day(petition, basis)
    rule = petition_rule_for(petition, basis)
    petition.deadline_rule = rule.value
    computed = petition_compute_due_date(petition, rule, basis)
    if petition.extended_due_date and petition.extended_due_date > computed:
        # A recorded extension by Lãnh đạo (petition_extend_deadline) stands until the rule gives later.
        computed = petition.extended_due_date
    petition.due_date = deadlines.recomputed_due_date(
        previous_due=before[2], computed_due=computed, today=today or timezone.localdate())
    after = (petition.receipt_day, petition.deadline_rule, petition.due_date)
    return [name for name, old, new in zip(("receipt_day", "deadline_rule", "due_date"), before, after,
                                           strict=True) if old != new]
