"""The 15 / 5 condition of a conference, counted at its cut-off (design.md "Eligibility"), and its key dates."""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils import timezone

from conferences.calendar import workdays
from conferences.models import Conference

# `conferences` must not import `petitions`: the petitions app registers, at start-up, the function that counts
# a conference's petitions toward the condition (petitions.apps), the same way reports registers the answer
# letter's number with petitions. Its signature: counter(*, conference, organisations, received_by) -> int.
PetitionCounter = Callable[..., int]
_petition_counter: PetitionCounter | None = None


def register_petition_counter(counter: PetitionCounter | None) -> None:
    """Register the function counting a conference's petitions toward the 15 / 5 condition (petitions.apps)."""
    global _petition_counter
    _petition_counter = counter


def count_petitions(*, conference: Conference, organisations: Sequence[str], received_by: datetime.datetime) -> int:
    """The petitions that count toward the condition, through the counter the petitions app registered."""
    if _petition_counter is None:
        raise RuntimeError("No petition counter registered: is the petitions app installed?")
    return _petition_counter(conference=conference, organisations=organisations, received_by=received_by)


def plan_due_date(year: int) -> datetime.date:
    """The day the plan must reach Sở Tài chính: 15/02 of the year (15/4 in 2026, the first year of the rule)."""
    return datetime.date(year, 4, 15) if year == 2026 else datetime.date(year, 2, 15)


def conference_date(conference: Conference) -> datetime.date:
    """The local date of the conference."""
    return timezone.localtime(conference.starts_at).date()


def cutoff_date(conference: Conference) -> datetime.date:
    """The last day petitions count as timely: `cutoff_working_days` working days before the conference."""
    return workdays.subtract_working_days(conference_date(conference), conference.cutoff_working_days)


def cutoff_end(conference: Conference) -> datetime.datetime:
    """The moment the cut-off ends: office hours end on the cut-off day (later arrivals count the next day)."""
    moment = datetime.datetime.combine(cutoff_date(conference), conference.office_hours_end)
    return timezone.make_aware(moment, timezone.get_default_timezone())


def notice_date(conference: Conference) -> datetime.date:
    """The last day to publish the notice: `notice_days` calendar days before the conference."""
    return conference_date(conference) - datetime.timedelta(days=conference.notice_days)


def report_due_date(conference: Conference) -> datetime.date:
    """The report to Sở Tài chính: `report_working_days` working days after the conference."""
    return workdays.add_working_days(conference_date(conference), conference.report_working_days)


@dataclass(frozen=True)
class Eligibility:
    """The counts of the condition against the conference's thresholds."""

    cutoff: datetime.date
    organisations: int
    min_registrations: int
    petitions: int
    min_petitions: int
    invitees: int
    invite_target: int
    working_days_to_cutoff: int

    @property
    def registrations_met(self) -> bool:
        return self.organisations >= self.min_registrations

    @property
    def petitions_met(self) -> bool:
        return self.petitions >= self.min_petitions

    @property
    def invitees_met(self) -> bool:
        return self.invitees >= self.invite_target

    @property
    def met(self) -> bool:
        """Whether the conference may be held: enough organisations and enough of their timely petitions."""
        return self.registrations_met and self.petitions_met


def counted_organisations(conference: Conference) -> list[str]:
    """Identifiers (tax code / personal ID) of the organisations that count: a registration to attend, not
    withdrawn, received by the cut-off. Distinct, so two people of one company count once."""
    return list(
        conference.registrations.filter(attending=True, withdrawn_at__isnull=True, received_at__lte=cutoff_end(conference))
        .exclude(tax_code="").order_by().values_list("tax_code", flat=True).distinct()
    )


def conference_eligibility(conference: Conference, *, today: datetime.date | None = None) -> Eligibility:
    """Count the condition of `conference` (live before the cut-off, final after it); four queries.

    Petitions are counted by the petitions app's registered counter (`count_petitions`): those from a counted
    organisation received by the cut-off that still count (see petitions.workflow.selectors).
    """
    today = today or timezone.localdate()
    end = cutoff_end(conference)
    organisations = counted_organisations(conference)
    petitions = count_petitions(conference=conference, organisations=organisations, received_by=end) \
        if organisations else 0
    cutoff = end.date() if timezone.is_naive(end) else timezone.localtime(end).date()
    return Eligibility(
        cutoff=cutoff,
        organisations=len(organisations),
        min_registrations=conference.min_registrations,
        petitions=petitions,
        min_petitions=conference.min_petitions,
        invitees=conference.invitees.count(),
        invite_target=conference.invite_target,
        working_days_to_cutoff=workdays.working_days_between(today, cutoff),
    )
