"""Phụ lục I counting: petitions by category × column for a conference, a body's year or a city's year.

Counts come from one aggregate query whatever the number of petitions (a conditional Count per category and
column); the withdrawn and merged petitions, which the table does not count, are listed under it (one more
query). With `as_of`, each petition stands in the column of the status it had at the end of that day (local
time), read from its PetitionEvent history.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import CharField, Count, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from conferences.models import Body, Conference
from petitions.models import PHU_LUC_I_COLUMN, Category, Petition, PetitionEvent, PhuLucIColumn, Status

COLUMNS = (PhuLucIColumn.RESOLVED, PhuLucIColumn.IN_PROCESS, PhuLucIColumn.TRANSFERRED, PhuLucIColumn.ESCALATED)
LEFT_OUT = (Status.WITHDRAWN, Status.MERGED)
# The petitions named under the table: a conference has a handful; a year of a big body is cut short (the
# counts stay exact, the detail export lists them all).
LEFT_OUT_LISTED = 30
STATUSES_BY_COLUMN: dict[int, list[str]] = {
    int(col): [str(s) for s, c in PHU_LUC_I_COLUMN.items() if c == col] for col in COLUMNS}

# The plan's wording of the table (seed 001, Phụ lục I).
TITLE = "PHỤ LỤC I"
HEADER_NUMBER = "Stt"
HEADER_CATEGORY = "Nhóm kiến nghị"
HEADER_RECEIVED = "Tổng số kiến nghị đã tiếp nhận"
HEADER_RESOLVED = "Tổng số kiến nghị đã giải quyết triệt để"
HEADER_UNRESOLVED = "Tổng số kiến nghị chưa giải quyết triệt để"
HEADER_IN_PROCESS = "Kiến nghị đang xử lý (nêu rõ quá trình giải quyết; vướng mắc; đề xuất, báo cáo)"
HEADER_TRANSFERRED = "Kiến nghị chuyển cơ quan khác giải quyết"
HEADER_ESCALATED = "Kiến nghị xin ý kiến chỉ đạo của cơ quan cấp trên"
TOTAL_LABEL = "Cộng"
CATEGORY_LABELS = {
    1: "Vốn", 2: "Lãi suất", 3: "Tín dụng", 4: "Cơ chế chính sách", 5: "Thủ tục hành chính", 6: "Đất đai",
    7: "Lĩnh vực khác",
}


@dataclass
class Row:
    """One category row: its counts by column (4–7); received (3) is their sum."""

    number: int
    label: str
    counts: dict[int, int]

    @property
    def received(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        """Columns (3)…(7) in order."""
        return [self.received, *(self.counts[int(c)] for c in COLUMNS)]


@dataclass
class LeftOut:
    """A withdrawn or merged petition, named under the table."""

    code: str
    organisation: str
    category: int
    status: str
    merged_into: str = ""

    @property
    def line(self) -> str:
        if self.status == Status.MERGED:
            return (f"{self.code} ({self.organisation}, nhóm {CATEGORY_LABELS[self.category]}): "
                    f"đã gộp vào kiến nghị {self.merged_into}")
        return f"{self.code} ({self.organisation}, nhóm {CATEGORY_LABELS[self.category]}): doanh nghiệp rút kiến nghị"


@dataclass
class PhuLucITable:
    """The numbers of a Phụ lục I table and the petitions listed under it."""

    rows: list[Row]
    left_out: list[LeftOut] = field(default_factory=list)
    as_of: datetime.date | None = None
    withdrawn_count: int | None = None
    merged_count: int | None = None

    @property
    def totals(self) -> list[int]:
        """The "Cộng" row, columns (3)…(7)."""
        return [sum(r.cells[i] for r in self.rows) for i in range(5)]

    @property
    def received(self) -> int:
        return self.totals[0]

    @property
    def withdrawn(self) -> list[LeftOut]:
        return [p for p in self.left_out if p.status == Status.WITHDRAWN]

    @property
    def merged(self) -> list[LeftOut]:
        return [p for p in self.left_out if p.status == Status.MERGED]

    @property
    def withdrawn_total(self) -> int:
        return len(self.withdrawn) if self.withdrawn_count is None else self.withdrawn_count

    @property
    def merged_total(self) -> int:
        return len(self.merged) if self.merged_count is None else self.merged_count

    @property
    def note_lines(self) -> list[str]:
        """The lines under the table: how many withdrawn/merged petitions were not counted, and which."""
        total = self.withdrawn_total + self.merged_total
        if not total:
            return []
        lines = [f"Ghi chú: không tính vào bảng {self.withdrawn_total} kiến nghị doanh nghiệp rút và "
                 f"{self.merged_total} kiến nghị đã gộp vào kiến nghị trùng:"]
        lines += [f"- {p.line}" for p in self.left_out[:LEFT_OUT_LISTED]]
        if total > min(len(self.left_out), LEFT_OUT_LISTED):
            lines.append(f"- … và {total - min(len(self.left_out), LEFT_OUT_LISTED)} kiến nghị khác "
                         "(xem danh sách kiến nghị chi tiết).")
        return lines

    def to_json(self) -> dict:
        return {
            "rows": [{"number": r.number, "label": r.label, "counts": {str(k): v for k, v in r.counts.items()}}
                     for r in self.rows],
            "left_out": [vars(p) for p in self.left_out],
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "withdrawn_count": self.withdrawn_total,
            "merged_count": self.merged_total,
        }

    @classmethod
    def from_json(cls, data: dict) -> PhuLucITable:
        return cls(
            rows=[Row(number=r["number"], label=r["label"], counts={int(k): v for k, v in r["counts"].items()})
                  for r in data["rows"]],
            left_out=[LeftOut(**p) for p in data.get("left_out", [])],
            as_of=datetime.date.fromisoformat(data["as_of"]) if data.get("as_of") else None,
            withdrawn_count=data.get("withdrawn_count"),
            merged_count=data.get("merged_count"),
        )

    @classmethod
    def summed(cls, tables: list[PhuLucITable]) -> PhuLucITable:
        """The sum of several tables (the city's total sheet); left-out petitions concatenated."""
        rows = [Row(number=n, label=label, counts={int(c): sum(t.rows[n - 1].counts[int(c)] for t in tables)
                                                   for c in COLUMNS})
                for n, label in CATEGORY_LABELS.items()]
        return cls(rows=rows, left_out=[p for t in tables for p in t.left_out],
                   withdrawn_count=sum(t.withdrawn_total for t in tables),
                   merged_count=sum(t.merged_total for t in tables))


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first instant after `day` in local time (the table "as it stood at the end of that day")."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    return start, timezone.make_aware(datetime.datetime(year + 1, 1, 1))


def conference_petitions(conference: Conference) -> QuerySet[Petition]:
    """The petitions a conference's table counts: all petitions linked to it."""
    return Petition.objects.filter(conference=conference)


def year_petitions(body: Body, year: int) -> QuerySet[Petition]:
    """The petitions of a body's year: those of its conferences of that year (a stopped one included) and
    those received that year (local time) without a conference."""
    start, end = year_bounds(year)
    return Petition.objects.filter(
        Q(conference__year=year) | Q(conference__isnull=True, received_at__gte=start, received_at__lt=end),
        body=body)


def with_status_as_of(petitions: QuerySet[Petition], as_of: datetime.date) -> QuerySet[Petition]:
    """`petitions` received by the end of `as_of`, annotated with `status_then`: the status they had then.

    The last event up to that instant gives it; a petition whose events all come later stood in the "from"
    status of the first of them (or, entered into the portal later, in the status it was entered with); a
    petition without any event stands in its current status.
    """
    until = end_of_day(as_of)
    events = PetitionEvent.objects.filter(petition_id=OuterRef("pk"))
    last_before = events.filter(created_at__lt=until).order_by("-created_at", "-pk").values("to_status")[:1]
    first_after = events.filter(created_at__gte=until).order_by("created_at", "pk")
    return petitions.filter(received_at__lt=until).annotate(status_then=Coalesce(
        Subquery(last_before, output_field=CharField()),
        NullIf(Subquery(first_after.values("from_status")[:1], output_field=CharField()), Value("")),
        Subquery(first_after.values("to_status")[:1], output_field=CharField()),
        F("status"),
        output_field=CharField()))


def _aggregates(status_field: str) -> dict:
    counts = {
        f"c{category}_{int(col)}": Count("pk", filter=Q(category=category, **{f"{status_field}__in": statuses}))
        for category in Category.values
        for col, statuses in STATUSES_BY_COLUMN.items()
    }
    counts["withdrawn"] = Count("pk", filter=Q(**{status_field: Status.WITHDRAWN}))
    counts["merged"] = Count("pk", filter=Q(**{status_field: Status.MERGED}))
    return counts


def _grouped_counts(groups, status_field: str) -> dict:
    """(category, status, n) groups as the keys of _aggregates."""
    column_of = {s: int(col) for col, statuses in STATUSES_BY_COLUMN.items() for s in statuses}
    counts = {"withdrawn": 0, "merged": 0}
    for group in groups:
        status, n = group[status_field], group["n"]
        if status == Status.WITHDRAWN:
            counts["withdrawn"] += n
        elif status == Status.MERGED:
            counts["merged"] += n
        elif status in column_of:
            key = f"c{group['category']}_{column_of[status]}"
            counts[key] = counts.get(key, 0) + n
    return counts


def _rows(counts: dict) -> list[Row]:
    return [Row(number=n, label=label, counts={int(c): counts.get(f"c{n}_{int(c)}") or 0 for c in COLUMNS})
            for n, label in CATEGORY_LABELS.items()]


def _left_out(petitions: QuerySet[Petition], status_field: str) -> list[LeftOut]:
    rows = (petitions.filter(**{f"{status_field}__in": LEFT_OUT})
            .order_by("category", "received_at", "pk")
            .values_list("code", "organisation_name", "category", status_field, "merged_into__code")
            [:LEFT_OUT_LISTED])
    return [LeftOut(code=c, organisation=o, category=cat, status=s, merged_into=m or "") for c, o, cat, s, m in rows]


def phu_luc_1_table(petitions: QuerySet[Petition], *, as_of: datetime.date | None = None) -> PhuLucITable:
    """The Phụ lục I table of `petitions` (now, or at the end of `as_of`): two queries whatever their number."""
    status_field = "status"
    if as_of is None:
        counts = petitions.aggregate(**_aggregates(status_field))
    else:
        petitions = with_status_as_of(petitions, as_of)
        status_field = "status_then"
        # Grouped instead of conditional counts: each FILTER clause would repeat the history subqueries.
        counts = _grouped_counts(petitions.order_by().values("category", status_field).annotate(n=Count("pk")),
                                 status_field)
    return PhuLucITable(rows=_rows(counts), left_out=_left_out(petitions, status_field), as_of=as_of,
                        withdrawn_count=counts["withdrawn"], merged_count=counts["merged"])


def conference_table(conference: Conference, *, as_of: datetime.date | None = None) -> PhuLucITable:
    """The Phụ lục I table of one conference."""
    return phu_luc_1_table(conference_petitions(conference), as_of=as_of)


def year_table(body: Body, year: int, *, as_of: datetime.date | None = None) -> PhuLucITable:
    """The Phụ lục I table of a body's year (see year_petitions)."""
    return phu_luc_1_table(year_petitions(body, year), as_of=as_of)


def city_tables(city: Body, year: int) -> dict[int, PhuLucITable]:
    """The Phụ lục I table of each child body of `city` for `year` (body pk -> table), in two queries."""
    start, end = year_bounds(year)
    petitions = Petition.objects.filter(
        Q(conference__year=year) | Q(conference__isnull=True, received_at__gte=start, received_at__lt=end),
        body__parent=city)
    per_body = petitions.values("body_id").order_by("body_id").annotate(**_aggregates("status"))
    left_out: dict[int, list[LeftOut]] = {}
    rows = (petitions.filter(status__in=LEFT_OUT).order_by("body_id", "category", "received_at", "pk")
            .values_list("body_id", "code", "organisation_name", "category", "status", "merged_into__code"))
    for body_id, c, o, cat, s, m in rows.iterator():
        listed = left_out.setdefault(body_id, [])
        if len(listed) < LEFT_OUT_LISTED:
            listed.append(LeftOut(code=c, organisation=o, category=cat, status=s, merged_into=m or ""))
    tables = {row["body_id"]: PhuLucITable(rows=_rows(row), left_out=left_out.get(row["body_id"], []),
                                           withdrawn_count=row["withdrawn"], merged_count=row["merged"])
              for row in per_body}
    return tables


def empty_table() -> PhuLucITable:
    return PhuLucITable(rows=_rows({}))
