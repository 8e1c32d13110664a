"""Deadline rules: counted receipt day, cut-off and the due date of every rule, on the 2026 calendar."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from conferences.calendar import services
from conferences.models import CalendarEntry
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

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_2026")]

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = ZoneInfo("UTC")
D = date


def local(*args):
    return datetime(*args, tzinfo=HCM)


class TestCountedReceiptDay:
    def test_saturday_is_registered_monday_and_day_one_is_tuesday(self):
        receipt = counted_receipt_day(local(2026, 3, 7, 10, 0), time(17, 0))  # Saturday
        assert receipt == D(2026, 3, 9)
        assert due_date(DeadlineRule.NO_CONFERENCE, receipt_day=receipt, settings=RuleSettings(no_conference_days=1)) \
            == D(2026, 3, 10)

    def test_monday_morning_counts_that_day(self):
        receipt = counted_receipt_day(local(2026, 3, 9, 10, 0), time(17, 0))
        assert receipt == D(2026, 3, 9)
        assert due_date(DeadlineRule.OUTSIDE_COMPETENCE, receipt_day=receipt,
                        settings=RuleSettings(outside_competence_days=1)) == D(2026, 3, 10)

    def test_after_office_hours_is_the_next_working_day(self):
        assert counted_receipt_day(local(2026, 3, 9, 17, 30), time(17, 0)) == D(2026, 3, 10)
        assert counted_receipt_day(local(2026, 3, 6, 17, 1), time(17, 0)) == D(2026, 3, 9)  # Friday → Monday

    def test_office_hours_end_itself_still_counts_that_day(self):
        assert counted_receipt_day(local(2026, 3, 9, 17, 0), time(17, 0)) == D(2026, 3, 9)

    def test_office_hours_end_is_a_setting(self):
        assert counted_receipt_day(local(2026, 3, 9, 16, 45), time(16, 30)) == D(2026, 3, 10)

    def test_utc_times_are_converted_to_vietnam_time(self):
        # 10:30 UTC is 17:30 in Hà Nội: after hours.
        assert counted_receipt_day(datetime(2026, 3, 9, 10, 30, tzinfo=UTC), time(17, 0)) == D(2026, 3, 10)
        # 23:00 UTC Sunday is 06:00 Monday in Hà Nội.
        assert counted_receipt_day(datetime(2026, 3, 8, 23, 0, tzinfo=UTC), time(17, 0)) == D(2026, 3, 9)

    def test_friday_evening_before_the_make_up_saturday(self):
        assert counted_receipt_day(local(2026, 1, 9, 18, 0), time(17, 0)) == D(2026, 1, 10)

    def test_received_during_tet(self):
        assert counted_receipt_day(local(2026, 2, 17, 9, 0), time(17, 0)) == D(2026, 2, 23)

    @pytest.mark.parametrize("bad", [datetime(2026, 3, 9, 10, 0), D(2026, 3, 9), "2026-03-09 10:00"])
    def test_naive_or_non_datetime_is_refused(self, bad):
        with pytest.raises(ValueError):
            counted_receipt_day(bad, time(17, 0))


class TestCutOff:
    def test_fifteen_working_days_before_the_conference(self):
        assert petition_cutoff(D(2026, 3, 26), DEFAULT_SETTINGS) == D(2026, 3, 5)

    def test_cut_off_across_tet(self):
        assert petition_cutoff(D(2026, 3, 10), DEFAULT_SETTINGS) == D(2026, 2, 10)
        assert due_date(DeadlineRule.TIMELY_CUTOFF, conference_date=D(2026, 3, 10)) == D(2026, 2, 10)

    def test_timely_on_the_cut_off_day_late_the_next(self):
        assert is_timely(D(2026, 3, 5), D(2026, 3, 26), DEFAULT_SETTINGS)
        assert not is_timely(D(2026, 3, 6), D(2026, 3, 26), DEFAULT_SETTINGS)

    def test_conference_setting_changes_the_cut_off(self):
        assert petition_cutoff(D(2026, 3, 26), RuleSettings(timely_cutoff_days=7)) == D(2026, 3, 17)


class TestDueDates:
    # Conference Friday 24/4/2026: Mon 27/4 (Hùng Vương), Thu 30/4, Fri 1/5 are off.
    CONFERENCE = D(2026, 4, 24)

    def test_written_answer_seven_days_after_the_conference(self):
        assert due_date(DeadlineRule.AFTER_CONFERENCE, conference_date=self.CONFERENCE) == D(2026, 5, 8)

    def test_coordination_fifteen_days_after_the_conference(self):
        assert due_date(DeadlineRule.AFTER_CONFERENCE_COORDINATION, conference_date=self.CONFERENCE) \
            == D(2026, 5, 20)

    def test_report_seven_days_after_the_conference(self):
        assert due_date(DeadlineRule.REPORT, conference_date=self.CONFERENCE) == D(2026, 5, 8)

    def test_no_conference_rules_count_from_the_receipt_day(self):
        receipt = D(2026, 8, 20)  # Thursday; Sat 22/8 is worked, 31/8, 1/9, 2/9 are off
        assert due_date(DeadlineRule.OUTSIDE_COMPETENCE, receipt_day=receipt) == D(2026, 8, 26)
        assert due_date(DeadlineRule.NO_CONFERENCE, receipt_day=receipt) == D(2026, 8, 28)
        assert due_date(DeadlineRule.NO_CONFERENCE_COORDINATION, receipt_day=receipt) == D(2026, 9, 11)

    def test_written_answer_after_an_oral_answer_counts_from_the_request(self):
        assert due_date(DeadlineRule.WRITTEN_AFTER_ORAL, requested_on=D(2026, 12, 28)) == D(2027, 1, 7)

    def test_body_setting_for_no_conference(self):
        assert due_date(DeadlineRule.NO_CONFERENCE, receipt_day=D(2026, 8, 20),
                        settings=RuleSettings(no_conference_days=10)) == D(2026, 9, 7)

    def test_every_rule_has_a_due_date(self):
        for rule in DeadlineRule:
            result = due_date(rule, conference_date=D(2026, 6, 10), receipt_day=D(2026, 6, 1),
                              requested_on=D(2026, 6, 11))
            assert isinstance(result, date)

    @pytest.mark.parametrize(
        "rule,kwargs",
        [
            (DeadlineRule.AFTER_CONFERENCE, {"receipt_day": D(2026, 6, 1)}),
            (DeadlineRule.NO_CONFERENCE, {"conference_date": D(2026, 6, 1)}),
            (DeadlineRule.WRITTEN_AFTER_ORAL, {"conference_date": D(2026, 6, 1)}),
            ("made_up_rule", {"conference_date": D(2026, 6, 1)}),
        ],
    )
    def test_missing_start_or_unknown_rule_is_refused(self, rule, kwargs):
        with pytest.raises(ValueError):
            due_date(rule, **kwargs)

    def test_a_holiday_added_by_an_administrator_shifts_an_open_deadline(self, admin_user):
        receipt = D(2027, 3, 1)
        assert due_date(DeadlineRule.NO_CONFERENCE, receipt_day=receipt) == D(2027, 3, 10)
        services.calendar_entry_save(
            entry=CalendarEntry(date=D(2027, 3, 5), kind=CalendarEntry.Kind.DAY_OFF, name="Nghỉ bổ sung",
                                legal_basis="Thông báo thử"),
            user=admin_user,
        )
        assert due_date(DeadlineRule.NO_CONFERENCE, receipt_day=receipt) == D(2027, 3, 11)


class TestSettingsAndDisplay:
    @pytest.mark.parametrize("bad", [{"report_days": -1}, {"no_conference_days": 1.5},
                                     {"office_hours_end": "17:00"}])
    def test_bad_settings_are_refused(self, bad):
        with pytest.raises(ValueError):
            RuleSettings(**bad)

    def test_defaults(self):
        assert [DEFAULT_SETTINGS.days_for(rule) for rule in DeadlineRule] == [15, 7, 15, 7, 14, 5, 7, 7]
        assert DEFAULT_SETTINGS.office_hours_end == time(17, 0)

    def test_describe_gives_the_vietnamese_name(self):
        assert describe(DeadlineRule.NO_CONFERENCE_COORDINATION) == (
            "Không tổ chức hội nghị hoặc nhận sau hạn: trả lời bằng văn bản, cần phối hợp"
        )
        assert describe("outside_competence", DEFAULT_SETTINGS).endswith(
            "5 ngày làm việc kể từ ngày tiếp nhận kiến nghị"
        )
        assert "15 ngày làm việc trước ngày hội nghị" in describe(DeadlineRule.TIMELY_CUTOFF, DEFAULT_SETTINGS)


class TestRecompute:
    def test_a_due_date_already_past_is_not_extended(self):
        assert recomputed_due_date(previous_due=D(2026, 3, 2), computed_due=D(2026, 3, 9),
                                   today=D(2026, 3, 5)) == D(2026, 3, 2)

    def test_a_future_due_date_follows_the_calendar(self):
        assert recomputed_due_date(previous_due=D(2026, 3, 9), computed_due=D(2026, 3, 10),
                                   today=D(2026, 3, 5)) == D(2026, 3, 10)

    def test_an_earlier_date_is_taken_even_when_past(self):
        assert recomputed_due_date(previous_due=D(2026, 3, 4), computed_due=D(2026, 3, 3),
                                   today=D(2026, 3, 5)) == D(2026, 3, 3)
