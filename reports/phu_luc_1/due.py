"""Results reports (with Phụ lục I) due to Sở Tài chính: conferences held and not yet reported, with their
deadline (`report_working_days` working days after the conference day, design.md "Deadline rules")."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from conferences.calendar import workdays
from conferences.models import Body, Conference
from reports.models import ReportSnapshot
from reports.phu_luc_1.snapshots import report_due_date

# Held, so reportable, and not reported yet ("reported" is set when the report is recorded).
AWAITING_REPORT = (Conference.Status.HELD, Conference.Status.CONCLUDED)


@dataclass(frozen=True)
class ReportDue:
    body: Body
    conference: Conference
    due: datetime.date
    late: bool


def _awaiting(conferences: QuerySet[Conference]) -> QuerySet[Conference]:
    """The conferences held whose results report has not been recorded; one query when evaluated."""
    recorded = ReportSnapshot.objects.filter(conference_id=OuterRef("pk"))
    return (conferences.filter(status__in=AWAITING_REPORT).exclude(Exists(recorded))
            .select_related("body").order_by("starts_at", "pk"))


def reports_due(conferences: QuerySet[Conference], today: datetime.date, *,
                within_working_days: int | None = None) -> list[ReportDue]:
    """The held, unreported conferences among `conferences`, earliest deadline first (one query; the calendar is
    cached). With `within_working_days`, only those late or due within that many working days of `today`."""
    horizon = (workdays.add_working_days(today, within_working_days)
               if within_working_days is not None else None)
    rows = []
    for conference in _awaiting(conferences):
        due = report_due_date(conference)
        if horizon is None or due <= horizon:
            rows.append(ReportDue(body=conference.body, conference=conference, due=due, late=due < today))
    return sorted(rows, key=lambda row: (row.due, row.body.name))


def city_reports_due(city: Body, year: int, today: datetime.date, *, within_working_days: int) -> list[ReportDue]:
    """The city's active communes whose results report for `year` is late or due within the given working days."""
    conferences = Conference.objects.filter(body__parent=city, body__is_active=True, year=year)
    return reports_due(conferences, today, within_working_days=within_working_days)
