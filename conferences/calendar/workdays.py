"""Working-day arithmetic on the national calendar: the `holidays` VN baseline overlaid by CalendarEntry rows.

Counting follows the Civil Code 2015 Art. 147-148: the day of the event is not counted, day 1 is the first
working day after it. Every function takes `datetime.date` values only (a `datetime` is refused, so a time of
day can never silently shift a deadline) and raises `ValueError` on bad input.

Speed: each calendar year is computed once per process (its non-working days with their names and a sorted
array of its working-day ordinals) so that `add_working_days` is a bisect plus an index. The per-process cache
is dropped when any CalendarEntry is saved or deleted in this process, and other processes notice through a
version key in Django's cache, checked at most every `CALENDAR_CACHE_RECHECK_SECONDS` (default 2 s), so the
lookups themselves never wait on Redis.
"""

from __future__ import annotations

import calendar as _pycalendar
import logging
import re
import threading
import time
import uuid
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

VERSION_CACHE_KEY = "conferences:workdays:version"
MIN_YEAR = 1996  # the package's Vietnamese observed-day rules start in 1995
MAX_YEAR = 2200

# Kinds of day shown in the year view and the calculator.
WORKING = "working"
WEEKEND = "weekend"
HOLIDAY = "holiday"
DAY_OFF = "day_off"  # a weekday given off in a swap, or an extra day off decided by the government
MAKEUP = "makeup"  # a Saturday (or Sunday) worked in exchange for a day off

KIND_LABELS = {
    WORKING: _("Ngày làm việc"),
    WEEKEND: _("Nghỉ cuối tuần"),
    HOLIDAY: _("Ngày lễ, Tết"),
    DAY_OFF: _("Ngày nghỉ hoán đổi / nghỉ bổ sung"),
    MAKEUP: _("Ngày làm việc bù"),
}

WEEKDAY_NAMES = [_("Thứ Hai"), _("Thứ Ba"), _("Thứ Tư"), _("Thứ Năm"), _("Thứ Sáu"), _("Thứ Bảy"), _("Chủ nhật")]

_CULTURE_DAY_NAME = "Ngày Văn hóa Việt Nam"
_SUBSTITUTED_RE = re.compile(r"thay cho ngày (\d{2})/(\d{2})/(\d{4})")


@dataclass(frozen=True)
class DayInfo:
    """What one date is on the calendar, and why."""

    day: date
    working: bool
    kind: str
    name: str = ""
    legal_basis: str = ""
    from_entry: bool = False  # True when a CalendarEntry decided it (not the package baseline)
    baseline_name: str = ""  # the package's holiday name on this date, when there is one

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def weekday_name(self) -> str:
        return str(WEEKDAY_NAMES[self.day.weekday()])

    @property
    def label(self) -> str:
        """The name to show a person: the holiday's name, or the kind ("Nghỉ cuối tuần")."""
        return self.name or self.kind_label


@dataclass
class YearCalendar:
    """One year, precomputed: the special days and the sorted ordinals of its working days."""

    year: int
    special: dict[int, DayInfo]  # ordinal → info, for every non-working day and every worked weekend day
    ordinals: list[int]  # working days, ascending
    working: frozenset[int]
    has_entries: bool  # whether an administrator entered the year's official notice
    first_ordinal: int = field(init=False)

    def __post_init__(self):
        self.first_ordinal = date(self.year, 1, 1).toordinal()


class _State:
    def __init__(self):
        self.lock = threading.Lock()
        self.years: dict[int, YearCalendar] = {}
        self.version: object = None
        self.checked_at = float("-inf")
        self.generation = 0  # bumped on every invalidation, so a year built meanwhile is not kept


_state = _State()


# ----------------------------------------------------------------------------------------------------------
# Validation
# ----------------------------------------------------------------------------------------------------------
def _check_date(value, what: str = "ngày") -> date:
    if isinstance(value, datetime):
        raise ValueError(f"Cần một ngày (date), không phải thời điểm (datetime): {what} = {value!r}.")
    if not isinstance(value, date):
        raise ValueError(f"Cần một ngày (datetime.date): {what} = {value!r}.")
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"Ngày {value.isoformat()} nằm ngoài khoảng lịch hỗ trợ ({MIN_YEAR}-{MAX_YEAR}).")
    return value


def _check_count(n) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(f"Số ngày làm việc phải là số nguyên, nhận được {n!r}.")
    if n < 0:
        raise ValueError(f"Số ngày làm việc không được âm, nhận được {n}.")
    return n


# ----------------------------------------------------------------------------------------------------------
# Cache
# ----------------------------------------------------------------------------------------------------------
def _recheck_seconds() -> float:
    return float(getattr(settings, "CALENDAR_CACHE_RECHECK_SECONDS", 2.0))


def _shared_version():
    """The version token in Django's cache; falls back to a database fingerprint when the cache is down."""
    try:
        token = cache.get(VERSION_CACHE_KEY)
        if token is None:
            cache.add(VERSION_CACHE_KEY, uuid.uuid4().hex, timeout=None)
            token = cache.get(VERSION_CACHE_KEY)
        if token is not None:
            return token
    except Exception:  # a cache outage must not stop deadline computation
        logger.warning("Calendar version check: cache unavailable, using the database", exc_info=True)
    from django.db.models import Count, Max

    from conferences.models import CalendarEntry

    fingerprint = CalendarEntry.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return ("db", fingerprint["n"], fingerprint["last"])


def _ensure_fresh(force: bool = False) -> None:
    now = time.monotonic()
    if not force and now - _state.checked_at < _recheck_seconds():
        return
    version = _shared_version()
    with _state.lock:
        if version != _state.version:
            _state.years = {}
            _state.version = version
            _state.generation += 1
        _state.checked_at = now


def refresh() -> None:
    """Check the shared version now (a long-running task calls this before recomputing deadlines)."""
    _ensure_fresh(force=True)


def invalidate_local() -> None:
    """Drop this process's precomputed years; the next call rebuilds them and re-reads the version."""
    with _state.lock:
        _state.years = {}
        _state.version = None
        _state.checked_at = float("-inf")
        _state.generation += 1


def bump_version() -> None:
    """Tell every process that the calendar changed (new token in Django's cache) and drop the local years."""
    invalidate_local()
    try:
        cache.set(VERSION_CACHE_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # other processes then notice through the database fingerprint after their own outage
        logger.warning("Calendar version bump: cache unavailable", exc_info=True)


def _year(year: int) -> YearCalendar:
    _ensure_fresh()
    calendar_year = _state.years.get(year)
    if calendar_year is None:
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"Kết quả vượt ra ngoài khoảng lịch hỗ trợ ({MIN_YEAR}-{MAX_YEAR}).")
        generation = _state.generation
        calendar_year = _build_year(year)
        with _state.lock:
            # Only keep it if no invalidation happened while it was being built.
            if _state.generation == generation:
                _state.years[year] = calendar_year
    return calendar_year


# ----------------------------------------------------------------------------------------------------------
# Building a year
# ----------------------------------------------------------------------------------------------------------
def culture_day_is_holiday() -> bool:
    """The 24/11 switch (setting CALENDAR_CULTURE_DAY_IS_HOLIDAY, default True as the 2026 policy has it)."""
    return bool(getattr(settings, "CALENDAR_CULTURE_DAY_IS_HOLIDAY", True))


def baseline(year: int):
    """The `holidays` package's VN calendar for `year` (Vietnamese names), with the 24/11 switch applied."""
    import holidays

    vn = holidays.country_holidays("VN", years=year, language="vi")
    if not culture_day_is_holiday():
        for day in [d for d, name in vn.items() if _CULTURE_DAY_NAME in name]:
            names = [n for n in vn.get_list(day) if _CULTURE_DAY_NAME not in n]
            vn.pop(day)
            for name in names:
                vn[day] = name
    return vn


def _build_year(year: int) -> YearCalendar:
    from conferences.models import CalendarEntry

    vn = baseline(year)
    entries = {e.date: e for e in CalendarEntry.objects.filter(date__year=year)}
    # The package names the swapped day off "Ngày nghỉ (thay cho ngày 22/08/2026)": name the worked day too.
    makeup_names = {}
    swapped_off = set()
    for day, name in vn.items():
        match = _SUBSTITUTED_RE.search(name)
        if match:
            swapped_off.add(day)
            worked = date(int(match[3]), int(match[2]), int(match[1]))
            makeup_names[worked] = str(_("Ngày làm việc bù cho ngày nghỉ %(day)s")) % {
                "day": day.strftime("%d/%m/%Y")
            }

    special: dict[int, DayInfo] = {}
    ordinals: list[int] = []
    day = date(year, 1, 1)
    one = timedelta(days=1)
    while day.year == year:
        weekend = day.weekday() >= 5
        baseline_name = "; ".join(vn.get_list(day)) if day in vn else ""
        entry = entries.get(day)
        info = None
        if entry is not None and entry.kind == CalendarEntry.Kind.DAY_OFF:
            info = DayInfo(day, False, DAY_OFF, entry.name, entry.legal_basis, True, baseline_name)
        elif entry is not None and entry.kind == CalendarEntry.Kind.WORKING_DAY:
            if weekend or baseline_name:
                info = DayInfo(day, True, MAKEUP, entry.name, entry.legal_basis, True, baseline_name)
        elif entry is not None and entry.kind == CalendarEntry.Kind.HOLIDAY_REMOVED:
            if weekend and day not in vn.weekend_workdays:
                info = DayInfo(day, False, WEEKEND, "", entry.legal_basis, True, baseline_name)
            else:
                info = DayInfo(day, True, WORKING, entry.name, entry.legal_basis, True, baseline_name)
        elif baseline_name:
            kind = DAY_OFF if day in swapped_off else HOLIDAY
            info = DayInfo(day, False, kind, baseline_name, "", False, baseline_name)
        elif weekend:
            if vn.is_working_day(day):
                info = DayInfo(day, True, MAKEUP, makeup_names.get(day, str(KIND_LABELS[MAKEUP])))
            else:
                info = DayInfo(day, False, WEEKEND)
        if info is None or info.working:
            ordinals.append(day.toordinal())
        if info is not None:
            special[day.toordinal()] = info
        day += one
    return YearCalendar(year, special, ordinals, frozenset(ordinals), bool(entries))


# ----------------------------------------------------------------------------------------------------------
# Public API
# ----------------------------------------------------------------------------------------------------------
def is_working_day(day: date) -> bool:
    """Whether state agencies work on `day` (baseline, swaps and administrators' entries applied)."""
    _check_date(day)
    return day.toordinal() in _year(day.year).working


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (start itself not counted); `n = 0` returns `start`.

    Raises ValueError on a datetime, a non-date, a negative or non-integer n, or a result outside the
    supported years.
    """
    _check_date(start, "start")
    _check_count(n)
    if n == 0:
        return start
    year = _year(start.year)
    k = bisect_right(year.ordinals, start.toordinal()) + n - 1
    while k >= len(year.ordinals):
        k -= len(year.ordinals)
        year = _year(year.year + 1)
    return date.fromordinal(year.ordinals[k])


def subtract_working_days(end: date, n: int) -> date:
    """The cut-off before `end`: the latest working day d with n working days in (d, end]; `n = 0` → `end`.

    For a working `end`, `add_working_days(result, n) == end`, and the result is the latest *working* day
    with that property (calendar days between it and the next working day give the same answer, but a
    cut-off on a Sunday would tell nobody anything). Raises ValueError like `add_working_days`.
    """
    _check_date(end, "end")
    _check_count(n)
    if n == 0:
        return end
    year = _year(end.year)
    # Index of the last working day on or before `end`, then n steps back.
    k = bisect_right(year.ordinals, end.toordinal()) - 1 - n
    while k < 0:
        year = _year(year.year - 1)
        k += len(year.ordinals)
    return date.fromordinal(year.ordinals[k])


def _rank(day: date, base_year: int) -> int:
    """Number of working days from 1/1 of base_year up to and including `day` (day.year >= base_year)."""
    total = 0
    for y in range(base_year, day.year):
        total += len(_year(y).ordinals)
    return total + bisect_right(_year(day.year).ordinals, day.toordinal())


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]; negative (minus the working days in (end, start]) when end < start."""
    _check_date(start, "start")
    _check_date(end, "end")
    if end < start:
        return -working_days_between(end, start)
    return _rank(end, start.year) - _rank(start, start.year)


def day_info(day: date) -> DayInfo:
    """What `day` is (working day, weekend, holiday with its name, swapped day off, make-up day)."""
    _check_date(day)
    return _year(day.year).special.get(day.toordinal()) or DayInfo(day, True, WORKING)


def special_days(start: date, end: date) -> list[DayInfo]:
    """Every non-working day and every worked weekend day in [start, end], in date order."""
    _check_date(start, "start")
    _check_date(end, "end")
    found = []
    for y in range(start.year, end.year + 1):
        year = _year(y)
        lo, hi = start.toordinal(), end.toordinal()
        found.extend(info for o, info in sorted(year.special.items()) if lo <= o <= hi)
    return found


def year_has_official_entries(year: int) -> bool:
    """Whether administrators entered any CalendarEntry for `year` (its official notice is in the system)."""
    return _year(year).has_entries


@dataclass(frozen=True)
class Month:
    """A month grid for display: weeks of DayInfo (None outside the month), Monday first."""

    year: int
    month: int
    weeks: list[list[DayInfo | None]]


def year_months(year: int) -> list[Month]:
    """The twelve month grids of `year` for the admin year view."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"Năm {year} nằm ngoài khoảng lịch hỗ trợ ({MIN_YEAR}-{MAX_YEAR}).")
    cal = _pycalendar.Calendar(firstweekday=0)
    months = []
    for m in range(1, 13):
        weeks = [
            [day_info(d) if d.month == m else None for d in week] for week in cal.monthdatescalendar(year, m)
        ]
        months.append(Month(year, m, weeks))
    return months
