"""Working-day arithmetic against the official 2026 schedule, the package baseline and administrators' entries."""

from datetime import date, datetime, timedelta

import pytest
from django.core.cache import cache
from hypothesis import given, settings
from hypothesis import strategies as st

from conferences.calendar import services, workdays
from conferences.calendar.signals import calendar_changed
from conferences.calendar.workdays import (
    add_working_days,
    is_working_day,
    subtract_working_days,
    working_days_between,
)
from conferences.models import CalendarEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_2026")]

D = date


def weekdays_off(year):
    """Monday-Friday dates that are not working days in `year`."""
    day, found = D(year, 1, 1), []
    while day.year == year:
        if day.weekday() < 5 and not is_working_day(day):
            found.append(day)
        day += timedelta(days=1)
    return found


def weekend_days_worked(year):
    day, found = D(year, 1, 1), []
    while day.year == year:
        if day.weekday() >= 5 and is_working_day(day):
            found.append(day)
        day += timedelta(days=1)
    return found


class TestOfficial2026Schedule:
    def test_weekdays_off_are_exactly_the_official_2026_schedule(self):
        assert weekdays_off(2026) == [
            D(2026, 1, 1), D(2026, 1, 2),  # Tết Dương lịch + swapped Friday (12729/VPCP-KGVX)
            D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20),  # Tết
            D(2026, 4, 27),  # Hùng Vương falls on Sunday 26/4: Monday off
            D(2026, 4, 30), D(2026, 5, 1),
            D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2),  # swapped Monday + Quốc khánh
            D(2026, 11, 24),  # Ngày Văn hóa Việt Nam (default switch)
        ]

    def test_the_two_make_up_saturdays_are_the_only_weekend_working_days(self):
        assert weekend_days_worked(2026) == [D(2026, 1, 10), D(2026, 8, 22)]

    def test_tet_2026_break_is_skipped(self):
        # Friday 13/2 → the break runs Sat 14/2 to Sun 22/2 → day 1 is Monday 23/2.
        assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
        assert working_days_between(D(2026, 2, 13), D(2026, 2, 23)) == 1

    def test_hung_vuong_on_sunday_gives_monday_off(self):
        assert not is_working_day(D(2026, 4, 26))
        assert not is_working_day(D(2026, 4, 27))
        assert add_working_days(D(2026, 4, 24), 1) == D(2026, 4, 28)

    def test_30_4_and_1_5(self):
        # Wed 29/4 → Thu 30/4, Fri 1/5 off, weekend → Monday 4/5.
        assert add_working_days(D(2026, 4, 29), 1) == D(2026, 5, 4)
        assert subtract_working_days(D(2026, 5, 4), 1) == D(2026, 4, 29)

    def test_national_day_with_its_adjacent_day_and_the_swap(self):
        # Fri 28/8: Sat 29, Sun 30, Mon 31 (swapped), Tue 1/9, Wed 2/9 off → Thursday 3/9.
        assert add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 3)
        assert working_days_between(D(2026, 8, 28), D(2026, 9, 3)) == 1

    def test_new_year_swap_make_up_saturday_counts_swapped_friday_does_not(self):
        assert not is_working_day(D(2026, 1, 2))
        assert is_working_day(D(2026, 1, 10))
        assert add_working_days(D(2026, 1, 9), 1) == D(2026, 1, 10)
        assert add_working_days(D(2026, 1, 9), 2) == D(2026, 1, 12)

    def test_national_day_swap_make_up_saturday_counts(self):
        assert is_working_day(D(2026, 8, 22))
        assert add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 22)
        assert add_working_days(D(2026, 8, 20), 3) == D(2026, 8, 24)


class TestYearsAround2026:
    def test_2025_swap_known_to_the_package(self):
        assert not is_working_day(D(2025, 5, 2))
        assert is_working_day(D(2025, 4, 26))

    def test_2025_national_day(self):
        assert not is_working_day(D(2025, 9, 1))
        assert not is_working_day(D(2025, 9, 2))
        assert add_working_days(D(2025, 8, 29), 1) == D(2025, 9, 3)

    def test_year_boundary_2025_to_2026(self):
        # Wed 31/12/2025 → 1/1 holiday, 2/1 swapped, weekend → Monday 5/1/2026.
        assert add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 5)
        assert subtract_working_days(D(2026, 1, 5), 1) == D(2025, 12, 31)
        assert working_days_between(D(2025, 12, 30), D(2026, 1, 5)) == 2
        assert working_days_between(D(2026, 1, 5), D(2025, 12, 30)) == -2

    def test_year_boundary_2026_to_2027(self):
        # Thu 31/12/2026 → Fri 1/1/2027 holiday, weekend → Monday 4/1/2027.
        assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
        assert subtract_working_days(D(2027, 1, 4), 2) == D(2026, 12, 30)

    def test_long_spans_cross_several_years(self):
        end = add_working_days(D(2025, 6, 2), 600)
        assert end.year == 2027
        assert working_days_between(D(2025, 6, 2), end) == 600
        assert subtract_working_days(end, 600) == D(2025, 6, 2)

    def test_zero_days(self):
        assert add_working_days(D(2026, 2, 17), 0) == D(2026, 2, 17)  # even on a holiday
        assert subtract_working_days(D(2026, 2, 17), 0) == D(2026, 2, 17)
        assert working_days_between(D(2026, 3, 2), D(2026, 3, 2)) == 0

    def test_subtract_from_a_non_working_end(self):
        # Sunday 8/3/2026: one working day in (Thu 5/3, Sun 8/3] is Friday 6/3.
        assert subtract_working_days(D(2026, 3, 8), 1) == D(2026, 3, 5)


class TestCultureDaySwitch:
    def test_24_11_is_a_day_off_by_default(self):
        assert not is_working_day(D(2026, 11, 24))
        assert add_working_days(D(2026, 11, 23), 1) == D(2026, 11, 25)

    def test_switch_off_makes_24_11_a_working_day(self, settings):
        settings.CALENDAR_CULTURE_DAY_IS_HOLIDAY = False
        assert is_working_day(D(2026, 11, 24))
        assert add_working_days(D(2026, 11, 23), 1) == D(2026, 11, 24)
        # Its compensatory day goes too: 24/11/2029 is a Saturday, Monday 26/11 would be off.
        assert is_working_day(D(2029, 11, 26))

    def test_switch_on_keeps_the_compensatory_day(self, settings):
        settings.CALENDAR_CULTURE_DAY_IS_HOLIDAY = True
        assert not is_working_day(D(2029, 11, 26))


class TestAdministratorEntries:
    def test_a_day_off_added_by_an_administrator_shifts_the_result(self, admin_user):
        before = add_working_days(D(2027, 3, 1), 5)  # warms the cache for 2027
        assert before == D(2027, 3, 8)
        services.calendar_entry_save(
            entry=CalendarEntry(date=D(2027, 3, 3), kind=CalendarEntry.Kind.DAY_OFF, name="Nghỉ bổ sung",
                                legal_basis="Thông báo thử"),
            user=admin_user,
        )
        assert not is_working_day(D(2027, 3, 3))
        assert add_working_days(D(2027, 3, 1), 5) == D(2027, 3, 9)

    def test_deleting_the_entry_restores_the_baseline(self, admin_user):
        entry = services.calendar_entry_save(
            entry=CalendarEntry(date=D(2027, 3, 3), kind=CalendarEntry.Kind.DAY_OFF, name="Nghỉ",
                                legal_basis="TB"),
            user=admin_user,
        )
        assert add_working_days(D(2027, 3, 1), 5) == D(2027, 3, 9)
        services.calendar_entry_delete(entry=entry, user=admin_user)
        assert add_working_days(D(2027, 3, 1), 5) == D(2027, 3, 8)

    def test_make_up_saturday_and_removed_holiday(self, admin_user):
        services.calendar_entry_save(
            entry=CalendarEntry(date=D(2027, 2, 20), kind=CalendarEntry.Kind.WORKING_DAY,
                                name="Làm bù", legal_basis="TB"),
            user=admin_user,
        )
        services.calendar_entry_save(
            entry=CalendarEntry(date=D(2027, 2, 10), kind=CalendarEntry.Kind.HOLIDAY_REMOVED,
                                name="Không nghỉ mùng năm", legal_basis="TB"),
            user=admin_user,
        )
        assert is_working_day(D(2027, 2, 20))
        assert is_working_day(D(2027, 2, 10))  # the package's estimated 7-day Tết 2027, shortened
        assert workdays.day_info(D(2027, 2, 20)).kind == workdays.MAKEUP

    def test_another_process_sees_the_change_through_the_shared_version(self, settings):
        settings.CALENDAR_CACHE_RECHECK_SECONDS = 0
        assert add_working_days(D(2027, 3, 1), 5) == D(2027, 3, 8)
        # Written by "another process": no signal reaches this one, only the shared version key moves.
        CalendarEntry.objects.bulk_create(
            [CalendarEntry(date=D(2027, 3, 3), kind=CalendarEntry.Kind.DAY_OFF, name="X", legal_basis="Y")]
        )
        assert add_working_days(D(2027, 3, 1), 5) == D(2027, 3, 8)  # still the cached year
        cache.set(workdays.VERSION_CACHE_KEY, "bumped-by-another-process", timeout=None)
        assert add_working_days(D(2027, 3, 1), 5) == D(2027, 3, 9)

    def test_calendar_changed_is_sent_on_commit_with_old_and_new_dates(
        self, admin_user, django_capture_on_commit_callbacks
    ):
        received = []

        def listener(sender, dates, years, **kwargs):
            received.append((dates, years))

        calendar_changed.connect(listener)
        try:
            with django_capture_on_commit_callbacks(execute=True):
                entry = services.calendar_entry_save(
                    entry=CalendarEntry(date=D(2027, 3, 3), kind=CalendarEntry.Kind.DAY_OFF, name="A",
                                        legal_basis="B"),
                    user=admin_user,
                )
            with django_capture_on_commit_callbacks(execute=True):
                entry.date = D(2028, 1, 4)
                services.calendar_entry_save(entry=entry, user=admin_user)
        finally:
            calendar_changed.disconnect(listener)
        assert received == [([D(2027, 3, 3)], [2027]), ([D(2027, 3, 3), D(2028, 1, 4)], [2027, 2028])]

    def test_only_superusers_may_edit(self, django_user_model):
        staff = django_user_model.objects.create_user("canbo", password="x", is_staff=True)
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            services.calendar_entry_save(
                entry=CalendarEntry(date=D(2027, 3, 3), kind="day_off", name="A", legal_basis="B"), user=staff
            )
        assert not CalendarEntry.objects.filter(date=D(2027, 3, 3)).exists()

    def test_names_are_stored_in_nfc(self, admin_user):
        decomposed = "Nghi\u0309 bô\u0309 sung"  # "Nghỉ bổ sung" typed with combining marks
        entry = services.calendar_entry_save(
            entry=CalendarEntry(date=D(2027, 3, 3), kind="day_off", name=decomposed, legal_basis="TB"),
            user=admin_user,
        )
        entry.refresh_from_db()
        assert entry.name == "Nghỉ bổ sung"


class TestValidation:
    @pytest.mark.parametrize("bad", [datetime(2026, 3, 2, 9, 0), "2026-03-02", None, 20260302])
    def test_non_dates_are_refused(self, bad):
        with pytest.raises(ValueError):
            add_working_days(bad, 1)
        with pytest.raises(ValueError):
            subtract_working_days(bad, 1)
        with pytest.raises(ValueError):
            is_working_day(bad)
        with pytest.raises(ValueError):
            working_days_between(bad, D(2026, 3, 2))
        with pytest.raises(ValueError):
            working_days_between(D(2026, 3, 2), bad)

    @pytest.mark.parametrize("bad", [-1, 1.5, "3", True, None])
    def test_bad_counts_are_refused(self, bad):
        with pytest.raises(ValueError):
            add_working_days(D(2026, 3, 2), bad)
        with pytest.raises(ValueError):
            subtract_working_days(D(2026, 3, 2), bad)

    def test_datetime_message_is_clear(self):
        with pytest.raises(ValueError, match="datetime"):
            add_working_days(datetime(2026, 3, 2, 9, 0), 1)


# Property tests over 2025-2028 (the official 2026 schedule plus the package baseline).
dates = st.dates(min_value=D(2025, 1, 1), max_value=D(2028, 12, 31))
counts = st.integers(min_value=1, max_value=60)
PROPERTY_SETTINGS = settings(max_examples=60, deadline=None)


def last_working_day_on_or_before(day):
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


@PROPERTY_SETTINGS
@given(start=dates, n=counts)
def test_result_is_always_a_working_day(start, n):
    assert is_working_day(add_working_days(start, n))
    assert is_working_day(subtract_working_days(start, n))


@PROPERTY_SETTINGS
@given(start=dates, n=counts)
def test_subtract_undoes_add_to_the_last_working_day_on_or_before_start(start, n):
    assert subtract_working_days(add_working_days(start, n), n) == last_working_day_on_or_before(start)


@PROPERTY_SETTINGS
@given(start=dates, n=counts, more=st.integers(min_value=0, max_value=30))
def test_more_days_never_give_an_earlier_date(start, n, more):
    assert add_working_days(start, n + more) >= add_working_days(start, n)
    if more:
        assert add_working_days(start, n + more) > add_working_days(start, n)


@PROPERTY_SETTINGS
@given(start=dates, n=st.integers(min_value=0, max_value=60))
def test_between_counts_what_add_added(start, n):
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    assert working_days_between(end, start) == -n


@PROPERTY_SETTINGS
@given(end=dates, n=counts)
def test_cut_off_is_the_latest_working_day_leaving_n_days(end, n):
    cutoff = subtract_working_days(end, n)
    assert working_days_between(cutoff, end) == n
    next_working = add_working_days(cutoff, 1)
    assert working_days_between(next_working, end) == n - 1
    if is_working_day(end):
        assert add_working_days(cutoff, n) == end
