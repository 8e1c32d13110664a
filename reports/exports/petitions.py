"""Detail export: every petition of a conference or a year, one row each, as a streamed xlsx workbook."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from petitions.models import PHU_LUC_I_COLUMN, Category, DeadlineRule, Petition, PhuLucIColumn, Status
from reports.exports.xlsx_stream import write_table

ON_TIME = "Đúng hạn"
LATE = "Quá hạn"
OPEN_LATE = "Quá hạn, chưa trả lời"


def on_time_label(*, answered: datetime.date | None, due: datetime.date | None, today: datetime.date) -> str:
    """ "Đúng hạn" / "Quá hạn" for an answered petition with a due date; "Quá hạn, chưa trả lời" once an
    unanswered petition's due date has passed; blank otherwise."""
    if due is None:
        return ""
    if answered is not None:
        return ON_TIME if answered <= due else LATE
    return OPEN_LATE if today > due else ""


class PetitionExporter:
    """Petitions one row each: code, category, organisation, unit, status, rule, received, due, answered,
    outcome (the Phụ lục I column, or withdrawn/merged) and whether the answer came on time."""

    identifier = "petitions"
    verbose_name = "Danh sách kiến nghị"
    header = ("Mã kiến nghị", "Nhóm kiến nghị", "Doanh nghiệp / HTX / HKD", "Đơn vị chủ trì", "Trạng thái",
              "Quy tắc tính hạn", "Tiếp nhận", "Hạn trả lời", "Trả lời", "Kết quả (Phụ lục I)", "Đúng hạn")
    fields = ("code", "category", "organisation_name", "lead_unit__name", "status", "deadline_rule",
              "received_at", "due_date", "answered_at")

    def __init__(self, petitions: QuerySet[Petition], *, today: datetime.date | None = None, on_progress=None,
                 progress_every: int = 5000):
        self.petitions = petitions
        self.today = today or timezone.localdate()
        self.on_progress = on_progress
        self.progress_every = progress_every

    def rows(self) -> Iterator[tuple]:
        """The header, then one tuple per petition (streamed from the database in chunks)."""
        yield self.header
        categories = {c.value: str(c.label) for c in Category}
        statuses = {s.value: str(s.label) for s in Status}
        rules = {r.value: str(r.label) for r in DeadlineRule}
        columns = {c.value: f"({c.value}) {c.label}" for c in PhuLucIColumn}
        outcomes = {s: columns[col] if col else statuses[s] for s, col in PHU_LUC_I_COLUMN.items()}
        tz = timezone.get_current_timezone()
        query = self.petitions.order_by("received_at", "pk").values_list(*self.fields)
        for done, (code, category, organisation, unit, status, rule, received, due, answered) in enumerate(
                query.iterator(chunk_size=5000), start=1):
            if self.on_progress is not None and done % self.progress_every == 0:
                self.on_progress(done)
            received_local = received.astimezone(tz).replace(tzinfo=None) if received else None
            answered_day = answered.astimezone(tz).date() if answered else None
            yield (code, categories.get(category, category), organisation, unit or "", statuses.get(status, status),
                   rules.get(rule, rule), received_local, due, answered_day, outcomes.get(status, ""),
                   on_time_label(answered=answered_day, due=due, today=self.today))


def write_xlsx(exporter: PetitionExporter) -> bytes:
    """Render an exporter's rows to xlsx, streamed (constant memory per row; text is never a formula)."""
    return write_table(exporter.rows(), sheet_name=exporter.verbose_name, title=exporter.verbose_name,
                       widths=(14, 22, 40, 28, 30, 30, 18, 12, 12, 34, 20))


def petitions_workbook(petitions: QuerySet[Petition]) -> bytes:
    """All `petitions` as the detail xlsx."""
    return write_xlsx(PetitionExporter(petitions))
