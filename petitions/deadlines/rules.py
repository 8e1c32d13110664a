"""Deadline rules: the only place that turns a rule and its dates into a due date (in working days)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.translation import gettext_lazy as _

from conferences.calendar import workdays

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class DeadlineRule(models.TextChoices):
    """The rule a petition (or a conference's report) follows; stored on the row and shown to people."""

    TIMELY_CUTOFF = "timely_cutoff", _("Hạn gửi kiến nghị trước hội nghị")
    AFTER_CONFERENCE = "after_conference", _("Trả lời bằng văn bản sau hội nghị")
    AFTER_CONFERENCE_COORDINATION = (
        "after_conference_coordination",
        _("Trả lời bằng văn bản sau hội nghị, cần phối hợp giữa các đơn vị"),
    )
    NO_CONFERENCE = "no_conference", _("Không tổ chức hội nghị hoặc nhận sau hạn: trả lời bằng văn bản")
    NO_CONFERENCE_COORDINATION = (
        "no_conference_coordination",
        _("Không tổ chức hội nghị hoặc nhận sau hạn: trả lời bằng văn bản, cần phối hợp"),
    )
    OUTSIDE_COMPETENCE = (
        "outside_competence",
        _("Ngoài thẩm quyền: chuyển cơ quan có thẩm quyền hoặc hướng dẫn doanh nghiệp"),
    )
    WRITTEN_AFTER_ORAL = (
        "written_after_oral",
        _("Trả lời bằng văn bản theo yêu cầu sau khi đã trả lời trực tiếp tại hội nghị"),
    )
    REPORT = "report", _("Báo cáo kết quả hội nghị gửi Sở Tài chính")


# What each rule counts from.
FROM_CONFERENCE = "conference_date"
FROM_RECEIPT = "receipt_day"
FROM_REQUEST = "requested_on"

RULE_START = {
    DeadlineRule.TIMELY_CUTOFF: FROM_CONFERENCE,
    DeadlineRule.AFTER_CONFERENCE: FROM_CONFERENCE,
    DeadlineRule.AFTER_CONFERENCE_COORDINATION: FROM_CONFERENCE,
    DeadlineRule.NO_CONFERENCE: FROM_RECEIPT,
    DeadlineRule.NO_CONFERENCE_COORDINATION: FROM_RECEIPT,
    DeadlineRule.OUTSIDE_COMPETENCE: FROM_RECEIPT,
    DeadlineRule.WRITTEN_AFTER_ORAL: FROM_REQUEST,
    DeadlineRule.REPORT: FROM_CONFERENCE,
}

START_LABELS = {
    FROM_CONFERENCE: _("ngày hội nghị"),
    FROM_RECEIPT: _("ngày tiếp nhận kiến nghị"),
    FROM_REQUEST: _("ngày doanh nghiệp đề nghị trả lời bằng văn bản"),
}


@dataclass(frozen=True)
class RuleSettings:
    """The day counts (working days) and office hours a conference or body applies; defaults per the plans."""

    timely_cutoff_days: int = 15
    after_conference_days: int = 7
    after_conference_coordination_days: int = 15
    no_conference_days: int = 7  # body setting: the plans set none
    no_conference_coordination_days: int = 14
    outside_competence_days: int = 5
    written_after_oral_days: int = 7
    report_days: int = 7
    office_hours_end: time = time(17, 0)

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "office_hours_end":
                if not isinstance(value, time):
                    raise ValueError(f"office_hours_end phải là giờ (datetime.time), nhận được {value!r}.")
            elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{f.name} phải là số nguyên không âm, nhận được {value!r}.")

    def days_for(self, rule: str) -> int:
        """The number of working days `rule` allows under these settings."""
        return getattr(self, f"{DeadlineRule(rule).value}_days")


DEFAULT_SETTINGS = RuleSettings()


def counted_receipt_day(received_at: datetime, office_hours_end: time = DEFAULT_SETTINGS.office_hours_end) -> date:
    """The day a petition counts as registered: its local (Asia/Ho_Chi_Minh) date, or the next working day
    when it arrived after `office_hours_end` or on a non-working day. Counting starts the day after.

    Raises ValueError for a naive datetime or a non-datetime.
    """
    if not isinstance(received_at, datetime):
        raise ValueError(f"Thời điểm tiếp nhận phải là datetime có múi giờ, nhận được {received_at!r}.")
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError("Thời điểm tiếp nhận phải có múi giờ (aware datetime).")
    local = received_at.astimezone(LOCAL_TZ)
    day = local.date()
    if not workdays.is_working_day(day) or local.time() > office_hours_end:
        return workdays.add_working_days(day, 1)
    return day


def petition_cutoff(conference_date: date, settings: RuleSettings = DEFAULT_SETTINGS) -> date:
    """The last day (a working day) on which a petition still counts as timely for the conference."""
    return workdays.subtract_working_days(conference_date, settings.timely_cutoff_days)


def is_timely(receipt_day: date, conference_date: date, settings: RuleSettings = DEFAULT_SETTINGS) -> bool:
    """Whether a petition with this counted receipt day reached the UBND by the conference's cut-off."""
    return receipt_day <= petition_cutoff(conference_date, settings)


def due_date(
    rule: str,
    *,
    conference_date: date | None = None,
    receipt_day: date | None = None,
    requested_on: date | None = None,
    settings: RuleSettings = DEFAULT_SETTINGS,
) -> date:
    """The due date under `rule`, counted in working days from the date the rule starts from.

    `conference_date` for the conference rules (and the timely cut-off, counted backwards), `receipt_day` (the
    counted receipt day, see `counted_receipt_day`) for the no-conference and outside-competence rules,
    `requested_on` for a written answer asked for after an oral one. Raises ValueError for an unknown rule or
    a missing start date.
    """
    try:
        rule = DeadlineRule(rule)
    except ValueError:
        raise ValueError(f"Quy tắc tính hạn không hợp lệ: {rule!r}.") from None
    start_kind = RULE_START[rule]
    start = {FROM_CONFERENCE: conference_date, FROM_RECEIPT: receipt_day, FROM_REQUEST: requested_on}[start_kind]
    if start is None:
        raise ValueError(f"Quy tắc {rule.value!r} cần {start_kind}.")
    if rule == DeadlineRule.TIMELY_CUTOFF:
        return petition_cutoff(start, settings)
    return workdays.add_working_days(start, settings.days_for(rule))


def recomputed_due_date(*, previous_due: date | None, computed_due: date, today: date) -> date:
    """The due date to store after a recompute: a due date already past stays past (the petition is shown
    late) instead of being silently extended; otherwise the newly computed date."""
    if previous_due is not None and previous_due < today and computed_due > previous_due:
        return previous_due
    return computed_due


def describe(rule: str, settings: RuleSettings | None = None) -> str:
    """The rule's Vietnamese name; with `settings`, also how many working days from which date."""
    rule = DeadlineRule(rule)
    name = str(rule.label)
    if settings is None:
        return name
    days = settings.days_for(rule)
    start = START_LABELS[RULE_START[rule]]
    if rule == DeadlineRule.TIMELY_CUTOFF:
        return str(_("%(name)s: chậm nhất %(days)s ngày làm việc trước %(start)s")) % {
            "name": name, "days": days, "start": start}
    return str(_("%(name)s: %(days)s ngày làm việc kể từ %(start)s")) % {"name": name, "days": days, "start": start}
