"""The officials' dashboard numbers: category × outcome, on-time rate, by unit, year on year (a few queries)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils import timezone

from conferences.models import Body
from petitions.models import OPEN_STATUSES, Status
from reports.phu_luc_1 import counting as p


@dataclass
class UnitRow:
    unit: str
    total: int
    resolved: int
    in_process: int
    answered: int
    on_time: int
    overdue_open: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.on_time, self.answered + self.overdue_open)


def _rate(on_time: int, counted: int) -> float | None:
    """On time among the answered and the still open past their due date (an open petition past its due date is
    late, as on the public "Kết quả bằng số liệu" page)."""
    return round(100 * on_time / counted, 1) if counted else None


@dataclass
class Dashboard:
    body: Body
    year: int
    table: p.PhuLucITable
    previous: p.PhuLucITable
    answered: int
    on_time: int
    overdue_open: int
    units: list[UnitRow]

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.on_time, self.answered + self.overdue_open)

    @property
    def columns(self) -> list[tuple[str, int]]:
        """(label, total) for the four outcome columns, for the chart and its table."""
        labels = ["Đã giải quyết triệt để", "Đang xử lý", "Chuyển cơ quan khác", "Xin ý kiến cấp trên"]
        return list(zip(labels, self.table.totals[1:], strict=True))

    @property
    def max_received(self) -> int:
        return max([r.received for r in self.table.rows] + [1])


def dashboard(body: Body, year: int) -> Dashboard:
    """The dashboard of a body's year (petitions as in year_petitions): five queries whatever their number.

    "On time" compares the local day of the answer with the due date; "overdue" counts open petitions whose
    due date has passed, and they count as late in the on-time rate (on time / (answered + overdue open)).
    """
    petitions = p.year_petitions(body, year)
    today = timezone.localdate()
    answered_q = Q(answered_at__isnull=False, due_date__isnull=False)
    on_time_q = answered_q & Q(answered_at__date__lte=F("due_date"))
    overdue_q = Q(status__in=OPEN_STATUSES, due_date__lt=today)
    totals = petitions.aggregate(
        answered=Count("pk", filter=answered_q), on_time=Count("pk", filter=on_time_q),
        overdue_open=Count("pk", filter=overdue_q))
    counted = petitions.exclude(status__in=p.LEFT_OUT)
    units = [
        UnitRow(unit=row["lead_unit__name"] or "(chưa phân công)", total=row["total"], resolved=row["resolved"],
                in_process=row["in_process"], answered=row["answered"], on_time=row["on_time"],
                overdue_open=row["overdue_open"])
        for row in counted.values("lead_unit__name").order_by("lead_unit__name").annotate(
            total=Count("pk"), resolved=Count("pk", filter=Q(status=Status.RESOLVED)),
            in_process=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            answered=Count("pk", filter=answered_q), on_time=Count("pk", filter=on_time_q),
            overdue_open=Count("pk", filter=overdue_q))
    ]
    return Dashboard(body=body, year=year, table=p.year_table(body, year), previous=p.year_table(body, year - 1),
                     answered=totals["answered"], on_time=totals["on_time"], overdue_open=totals["overdue_open"],
                     units=units)
