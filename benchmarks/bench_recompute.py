"""Benchmark of the deadline recompute over 100,000 open petitions; writes its figures to docs/performance.md.

Run standalone (`make bench`, or `DATABASE_URL=postgres://… python benchmarks/bench_recompute.py`) on a migrated
database. It works in a fresh body of its own ("Cơ quan đo hiệu năng (xóa được)", unit code 99990, prefix ZQ)
created for the run and deleted afterwards, together with everything it created; the body's existence at
start (a previous run killed half-way) is cleaned up first.
"""

import os
import platform
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.report import cpu_model, write_section  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogue_portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from conferences.calendar import workdays  # noqa: E402
from conferences.models import Body, CalendarEntry, Conference  # noqa: E402
from petitions.deadlines.due_dates import DeadlineBasis, petition_fill_deadline  # noqa: E402
from petitions.deadlines.recompute import (  # noqa: E402
    calendar_reason,
    conference_reason,
    open_petitions_affected_by_dates,
    petitions_recompute_due_dates,
)
from petitions.models import Category, Petition, PetitionEvent, Status  # noqa: E402

N = int(os.environ.get("BENCH_RECOMPUTE_N", 100_000))
LIMIT_SECONDS = 10.0
SECTION = f"bench_recompute_{connection.vendor}"  # one section per database engine
BODY_CODE = "99990"
PREFIX = "ZQ"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
# A weekday inside every no-conference petition's counting window below, not a holiday in the baseline.
DAY_OFF = date(2031, 3, 20)
OPEN = [Status.RECEIVED, Status.ASSIGNED, Status.DRAFTED, Status.APPROVED, Status.ANSWERED_PENDING]


def cleanup() -> None:
    body = Body.objects.filter(admin_unit_code=BODY_CODE).first()
    if body is not None:
        delete_body(body)
    # After the petitions are gone: deleting the entry announces a calendar change, which recomputes (nothing).
    CalendarEntry.objects.filter(date=DAY_OFF, legal_basis="bench_recompute").delete()


def delete_body(body: Body) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics, or the cascading deletes pick nested loops
            cursor.execute("ANALYZE petitions_petition; ANALYZE petitions_petitionevent")
    with transaction.atomic():
        PetitionEvent.objects.filter(petition__body=body).delete()
        Petition.objects.filter(body=body).delete()
        Conference.objects.filter(body=body).delete()  # cascades to its events and agenda
        body.delete()


def create_rows() -> tuple[Body, Conference]:
    body = Body.objects.create(
        name="Cơ quan đo hiệu năng (xóa được)", admin_unit_code=BODY_CODE, slug="do-hieu-nang-xoa-duoc",
        code_prefix=PREFIX, default_agenda=[])
    conference = Conference(body=body, year=2031, title="Hội nghị đo hiệu năng", venue="—",
                            starts_at=datetime(2031, 6, 19, 8, 0, tzinfo=VN),
                            status=Conference.Status.REGISTRATION_OPEN)
    conference.copy_rules_from(body)
    conference.save()
    conference_basis, body_basis = DeadlineBasis.for_conference(conference), DeadlineBasis.for_body(body)
    rows = []
    for i in range(N):
        # Half timely for the conference (received 3/3-1/5/2031), half without conference, received 13-19/3/2031
        # so that DAY_OFF (20/3) falls inside their 7-working-day windows.
        with_conference = i % 2 == 0
        first = datetime(2031, 3, 3 if with_conference else 13, 9, 0, tzinfo=VN)
        received = first + timedelta(days=(i // 2) % (60 if with_conference else 7), minutes=i % 480)
        petition = Petition(
            body=body, conference=conference if with_conference else None, code=f"{PREFIX}31-{i:08d}",
            organisation_name=f"Công ty đo hiệu năng {i}", tax_code="", category=Category.values[i % 7],
            content="Kiến nghị đo hiệu năng", received_at=received, status=OPEN[i % len(OPEN)])
        petition_fill_deadline(petition, conference_basis if with_conference else body_basis)
        rows.append(petition)
    Petition.objects.bulk_create(rows, batch_size=2000)
    return body, conference


def main() -> int:
    load_before = os.getloadavg()[0]
    cleanup()
    workdays.invalidate_local()
    figures = {}
    try:
        started = time.perf_counter()
        body, conference = create_rows()
        figures["set-up: 100,000 open petitions (bulk_create)"] = (time.perf_counter() - started, None)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE petitions_petition; ANALYZE petitions_petitionevent")

        started = time.perf_counter()
        result = petitions_recompute_due_dates(reason="Đo hiệu năng: không thay đổi", queryset=Petition.objects
                                               .filter(body=body))
        figures["recompute 100,000, nothing changed"] = (time.perf_counter() - started, result)

        # A conference rule change: the 50,000 conference petitions move, each with an event.
        old = conference.answer_working_days
        Conference.objects.filter(pk=conference.pk).update(answer_working_days=old + 3)
        conference.refresh_from_db()
        started = time.perf_counter()
        result = petitions_recompute_due_dates(
            reason=conference_reason(conference, {"answer_working_days": (old, old + 3)}),
            queryset=Petition.objects.filter(conference=conference))
        figures["conference rule change: 50,000 changed"] = (time.perf_counter() - started, result)

        # The worst case: a day off inside every petition's window, then a stopped conference; every row moves.
        # bulk_create: no signals, so the recompute that an administrator's edit queues does not run before the
        # measured one.
        CalendarEntry.objects.bulk_create([CalendarEntry(
            date=DAY_OFF, kind=CalendarEntry.Kind.DAY_OFF, name="Ngày nghỉ đo hiệu năng", legal_basis="bench_recompute")])
        Conference.objects.filter(pk=conference.pk).update(status=Conference.Status.STOPPED)
        workdays.bump_version()
        started = time.perf_counter()
        affected = open_petitions_affected_by_dates([DAY_OFF]).filter(body=body, conference__isnull=True).count()
        result = petitions_recompute_due_dates(
            reason=calendar_reason([DAY_OFF]), queryset=Petition.objects.filter(body=body))
        figures["calendar + stopped conference: 100,000 changed"] = (time.perf_counter() - started, result)
        assert affected == N // 2, f"the calendar filter found {affected} of the {N // 2} petitions without conference"
    finally:
        started = time.perf_counter()
        cleanup()
        workdays.bump_version()
        cleanup_seconds = time.perf_counter() - started

    key = "calendar + stopped conference: 100,000 changed"
    ok = figures[key][0] < LIMIT_SECONDS and figures[key][1].changed == N
    print(f"Deadline recompute benchmark (load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after)")
    for name, (seconds, res) in figures.items():
        counts = f"  ({res.examined} examined, {res.changed} changed)" if res else ""
        print(f"  {name:<50} {seconds:7.2f} s{counts}")
    print(f"  clean-up {cleanup_seconds:.1f} s; target: {key} < {LIMIT_SECONDS:.0f} s -> "
          f"{'OK' if ok else 'TOO SLOW / WRONG COUNT'}")

    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    table = "\n".join(
        f"| {name} | {seconds:.2f} s | {'' if res is None else f'{res.examined:,} / {res.changed:,}'} |"
        for name, (seconds, res) in figures.items())
    section = (
        f"<!-- {SECTION}:start -->\n"
        f"## Deadline recompute on {connection.vendor} (`benchmarks/bench_recompute.py`)\n\n"
        f"Machine: {os.cpu_count()} CPU (nproc), {cpu_model()}; Python {platform.python_version()}; "
        f"database {connection.vendor}. Run {now}; load average {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after (other work on the machine slows every figure).\n\n"
        "100,000 open petitions of a throwaway body (half timely for a 2031 conference, half without conference), "
        "recomputed by `petitions_recompute_due_dates` in locked chunks of 2,000 rows (bulk update and one "
        f"event per changed petition). Target: {key} under {LIMIT_SECONDS:.0f} s ({'met' if ok else 'NOT met'}).\n\n"
        "| measurement | time | examined / changed |\n|---|---|---|\n"
        f"{table}\n"
        f"<!-- {SECTION}:end -->\n"
    )
    write_section(SECTION, section)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
