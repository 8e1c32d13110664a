"""The 15 / 5 condition of a conference, counted at its cut-off (design.md "Eligibility"), and its key dates."""

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils import timezone

from conferences.calendar import workdays
from conferences.models import Conference

_TAX_CODE = re.compile(r"^(\d{10})(-?\d{3})?$")


def organisation_key(identifier_kind: str, identifier: str) -> str:
    """The identity one organisation counts under: the 10-digit root of a tax code (a branch "…-001" counts
    with its enterprise), a 12-digit personal ID whole, any other identifier as typed after normalising
    (spaces collapsed, upper case); "" when there is none."""
    value = " ".join((identifier or "").split())
    if not value:
        return ""
    if identifier_kind == "mst":
        compact = value.replace(" ", "")
        match = _TAX_CODE.match(compact)
        return match.group(1) if match else compact
    if identifier_kind == "cccd":
        return value.replace(" ", "")
    return value.upper()


# `conferences` must not import `petitions`: the petitions app registers, at start-up, the function that counts
# a conference's petitions toward the condition (petitions.apps), the same way reports registers the answer
# letter's number with petitions. Its signature: counter(*, conference, organisations, received_by, ids=False) -> int (or the petition ids,
# in a stable order, when ids=True: the list recorded at the cut-off). `organisations` are `organisation_key`s.
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


def counted_petition_ids(*, conference: Conference, organisations: Sequence[str],
                         received_by: datetime.datetime) -> list[int]:
    """The ids of the petitions `count_petitions` counts (the list behind the 5, recorded at the cut-off)."""
    if _petition_counter is None:
        raise RuntimeError("No petition counter registered: is the petitions app installed?")
    return _petition_counter(conference=conference, organisations=organisations, received_by=received_by, ids=True)


def plan_due_date(year: int) -> datetime.date:
    """The day the plan must reach Sở Tài chính: 15/02 of the year (15/4 in 2026, the first year of the rule)."""
    return datetime.date(year, 4, 15) if year == 2026 else datetime.date(year, 2, 15)


def conference_date(conference: Conference) -> datetime.date:
    """The local date of the conference."""
    return timezone.localtime(conference.starts_at).date()


def day_off_label(day: datetime.date) -> str:
    """"" when `day` is a working day, else what the calendar says it is ("Tết Nguyên Đán", "Nghỉ cuối tuần")."""
    info = workdays.day_info(day)
    if info.working:
        return ""
    return info.name or ("Nghỉ cuối tuần" if info.kind == "weekend" else str(info.kind_label))


def cutoff_date(conference: Conference) -> datetime.date:
    """The last day petitions count as timely: `cutoff_working_days` working days before the conference."""
    return workdays.subtract_working_days(conference_date(conference), conference.cutoff_working_days)


def cutoff_end(conference: Conference) -> datetime.datetime:
    """The moment the cut-off ends: office hours end on the cut-off day (later arrivals count the next day)."""
    moment = datetime.datetime.combine(cutoff_date(conference), conference.office_hours_end)
    return timezone.make_aware(moment, timezone.get_default_timezone())


def notice_date(conference: Conference) -> datetime.date:
    """The last day to publish the notice: `notice_days` before the conference, in working days when the
    body's plan says so (`notice_days_working`), else in calendar days."""
    if conference.notice_days_working:
        return workdays.subtract_working_days(conference_date(conference), conference.notice_days)
    return conference_date(conference) - datetime.timedelta(days=conference.notice_days)


def notice_days_text(conference: Conference) -> str:
    """The notice lead time as the plan words it: "30 ngày" or "15 ngày làm việc"."""
    unit = "ngày làm việc" if conference.notice_days_working else "ngày"
    return f"{conference.notice_days} {unit}"


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
    """Keys (`organisation_key`) of the organisations that count: a registration to attend, not withdrawn,
    received by the cut-off. Distinct, so two people of one company, or a company and its branch, count once."""
    rows = (
        conference.registrations.filter(attending=True, withdrawn_at__isnull=True, received_at__lte=cutoff_end(conference))
        .exclude(tax_code="").order_by().values_list("identifier_kind", "tax_code").distinct()
    )
    return sorted({key for kind, code in rows if (key := organisation_key(kind, code))})


def cutoff_record(conference: Conference, *, now: datetime.datetime) -> dict:
    """What is recorded on the conference when its cut-off passes: the counts, the lists behind them (the
    organisation keys and the petition ids) and the decision; JSON only."""
    result = conference_eligibility(conference, today=timezone.localdate(now))
    organisations = counted_organisations(conference)
    return {
        "recorded_at": now.isoformat(),
        "cutoff": result.cutoff.isoformat(),
        "organisations": organisations,
        "petitions": counted_petition_ids(conference=conference, organisations=organisations,
                                          received_by=cutoff_end(conference)) if organisations else [],
        "min_registrations": result.min_registrations,
        "min_petitions": result.min_petitions,
        "invitees": result.invitees,
        "invite_target": result.invite_target,
        "met": result.met,
    }


def recorded_eligibility(conference: Conference) -> Eligibility | None:
    """The condition as decided at the cut-off (`Conference.cutoff_record`), or None before it was recorded."""
    record = conference.cutoff_record
    if not record:
        return None
    return Eligibility(
        cutoff=datetime.date.fromisoformat(record["cutoff"]),
        organisations=len(record["organisations"]),
        min_registrations=record["min_registrations"],
        petitions=len(record["petitions"]),
        min_petitions=record["min_petitions"],
        invitees=record["invitees"],
        invite_target=record["invite_target"],
        working_days_to_cutoff=0,
    )


def decided_eligibility(conference: Conference, *, today: datetime.date | None = None) -> Eligibility:
    """The condition that decides: as recorded at the cut-off once it passed, else counted now."""
    return recorded_eligibility(conference) or conference_eligibility(conference, today=today)


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
