"""Benchmark of the working-day calendar: 100,000 deadline computations; writes its figures to docs/performance.md.

Run standalone (`make bench`, or `DJANGO_SETTINGS_MODULE=dialogue_portal.settings.dev python
benchmarks/bench_workdays.py`); needs a migrated database (the calendar entries are read from it).
"""

import os
import platform
import random
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.report import cpu_model, write_section  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogue_portal.settings.dev")

import django  # noqa: E402

django.setup()

from conferences.calendar import workdays  # noqa: E402
from petitions.deadlines.rules import DeadlineRule, due_date  # noqa: E402

N = 100_000
LIMIT_SECONDS = 1.0
SECTION = "bench_workdays"


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    rng = random.Random(20260101)
    lo, hi = date(2025, 1, 1).toordinal(), date(2028, 12, 31).toordinal()
    starts = [date.fromordinal(rng.randint(lo, hi)) for _ in range(N)]
    counts = [rng.randint(1, 20) for _ in range(N)]
    rules = [rng.choice(list(DeadlineRule)) for _ in range(N)]

    workdays.invalidate_local()
    cold = timed(lambda: [workdays.is_working_day(date(y, 6, 1)) for y in range(2025, 2030)])

    add = workdays.add_working_days
    sub = workdays.subtract_working_days
    figures = {
        "cold build of 5 years (2025-2029)": cold,
        "100,000 add_working_days": timed(lambda: [add(s, n) for s, n in zip(starts, counts, strict=True)]),
        "100,000 subtract_working_days": timed(lambda: [sub(s, n) for s, n in zip(starts, counts, strict=True)]),
        "100,000 is_working_day": timed(lambda: [workdays.is_working_day(s) for s in starts]),
        "100,000 working_days_between": timed(
            lambda: [workdays.working_days_between(s, e) for s, e in zip(starts, reversed(starts), strict=True)]
        ),
        "100,000 due_date (mixed rules)": timed(
            lambda: [due_date(r, conference_date=s, receipt_day=s, requested_on=s)
                     for r, s in zip(rules, starts, strict=True)]
        ),
    }
    key = "100,000 add_working_days"
    ok = figures[key] < LIMIT_SECONDS

    lines = [f"  {name:<38} {seconds * 1000:9.1f} ms" for name, seconds in figures.items()]
    print("Working-day calendar benchmark")
    print("\n".join(lines))
    print(f"  target: {key} < {LIMIT_SECONDS:.0f} s -> {'OK' if ok else 'TOO SLOW'}")

    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    table = "\n".join(f"| {name} | {seconds * 1000:.1f} ms |" for name, seconds in figures.items())
    section = (
        f"<!-- {SECTION}:start -->\n"
        "## Working-day calendar (`benchmarks/bench_workdays.py`)\n\n"
        f"Machine: {os.cpu_count()} CPU (nproc), {cpu_model()}; Python {platform.python_version()}; "
        f"database {django.db.connection.vendor}. Run {now}.\n\n"
        f"Random start dates 2025-2028 (seed 20260101), 1-20 working days; years precomputed once per process "
        f"(the cold build is timed separately). Target: {key} under {LIMIT_SECONDS:.0f} s "
        f"({'met' if ok else 'NOT met'}).\n\n"
        "| measurement | time |\n|---|---|\n"
        f"{table}\n"
        f"<!-- {SECTION}:end -->\n"
    )
    write_section(SECTION, section)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
