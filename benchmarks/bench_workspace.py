"""Benchmark of the admin home's "Việc cần làm" at 100,000 petitions on PostgreSQL; writes docs/performance.md.

Run standalone (`make bench`, or `python benchmarks/bench_workspace.py`) against a PostgreSQL database of its
own: DATABASE_URL when it names PostgreSQL, else postgres://postgres@127.0.0.1:5432/dp_workspace_bench
(created when missing). The world is the petition list benchmark's (bench_admin_list.seed: one body, 5 units,
100,000 petitions over three years, those of the last 90 days open), plus a leader, a handler of one unit, an
office clerk and a few register documents; the home is timed as each of them opens it.
"""

import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.pg import database_url  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogue_portal.settings.dev")
os.environ["DATABASE_URL"] = database_url(os.environ, "dp_workspace_bench")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from benchmarks.bench_admin_list import RUNS, N, seed, timed  # noqa: E402  (sets up Django on that database)
from benchmarks.report import cpu_model, write_section  # noqa: E402

LIMIT_MS = 150
SECTION = "bench_workspace"


def role_users(economic, units):
    """The leader, a handler of the third unit and an office clerk of the benchmark's body, and 30 documents."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from conferences.models import StaffProfile
    from conferences.organisation import roles
    from reports.models import OutgoingDocument, OutgoingKind
    from reports.register import services

    body = units[0].body
    units[2].handles_petitions = True
    units[2].save(update_fields=["handles_petitions"])
    users = {}
    for username, role, unit in (("bench_lanhdao", roles.LEADERSHIP, None), ("bench_donvi", roles.HANDLER, units[2]),
                                 ("bench_vanphong", roles.OFFICE, units[1])):
        user, created = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
        if created:
            user.groups.add(Group.objects.get(name=role))
            StaffProfile.objects.create(user=user, body=body, unit=unit)
        users[role] = user
    if not OutgoingDocument.objects.filter(body=body).exists():
        for i in range(30):
            document = services.outgoing_document_create(
                body=body, kind=OutgoingKind.NOTICE, title=f"Thông báo số {i}", actor=economic)
            if i % 3:
                services.outgoing_document_submit(document=document, actor=economic)
    users[roles.FINANCE] = finance_user(body.parent)
    return {roles.ECONOMIC: economic, **users}


def finance_user(city):
    """A Sở Tài chính user of the city, and 30 communes of the city whose conference of the year was held, a
    third of them reported (ReportSnapshot status "reported"), for the line of the reports due."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from conferences.models import Body, Conference, StaffProfile
    from conferences.organisation import roles

    user, created = get_user_model().objects.get_or_create(username="bench_sotaichinh", defaults={"is_staff": True})
    if created:
        user.groups.add(Group.objects.get(name=roles.FINANCE))
        StaffProfile.objects.create(user=user, body=city)
    today = timezone.localdate()
    for i in range(30):
        body, made = Body.objects.get_or_create(admin_unit_code=f"98{i:03d}", defaults={
            "name": f"xã Báo Cáo {i}", "parent": city, "slug": f"xa-bao-cao-{i}", "code_prefix": f"BC{chr(65 + i % 26)}"
            if i < 26 else f"BD{chr(65 + i % 26)}"})
        if made:
            held = today - datetime.timedelta(days=3 + i)
            Conference.objects.create(
                body=body, year=today.year, title=f"Hội nghị {body.name}", venue="Hội trường",
                starts_at=timezone.make_aware(datetime.datetime.combine(held, datetime.time(8))),
                status=Conference.Status.REPORTED if i % 3 == 0 else Conference.Status.HELD)
    return user


def main() -> int:
    if connection.vendor != "postgresql":
        print("bench_workspace: needs PostgreSQL (DATABASE_URL=postgres://…)")
        return 1
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    economic, units = seed()
    users = role_users(economic, units)
    seeded = time.perf_counter() - started
    url = reverse("admin:index")
    figures = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        times, cpu = timed(client, url, {})
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        figures[role] = (statistics.median(times), min(times), max(times), statistics.median(cpu), len(queries))
    ok = all(f[0] < LIMIT_MS for f in figures.values())

    print(f"Admin home ('Việc cần làm') benchmark ({N:,} petitions, PostgreSQL; seeding {seeded:.1f} s)")
    for role, (median, best, worst, cpu, nq) in figures.items():
        print(f"  {role:<15} median {median:7.1f} ms   min {best:7.1f} ms   max {worst:7.1f} ms   "
              f"(Django CPU {cpu:6.1f} ms, {nq} queries)")
    print(f"  target: every role's median < {LIMIT_MS} ms -> {'OK' if ok else 'TOO SLOW'}")

    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    version = connection.cursor().connection.info.server_version
    table = "\n".join(f"| {role} | {median:.1f} ms | {best:.1f} ms | {worst:.1f} ms | {cpu:.1f} ms | {nq} |"
                      for role, (median, best, worst, cpu, nq) in figures.items())
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    section = (
        f"<!-- {SECTION}:start -->\n"
        "## Admin home, \"Việc cần làm\" (`benchmarks/bench_workspace.py`)\n\n"
        f"Machine: {os.cpu_count()} CPU (nproc), {cpu_model()}; Python {platform.python_version()}; "
        f"PostgreSQL {version // 10000}.{version % 10000}; load average after the run {load} (a shared machine: "
        f"other jobs ran alongside). Run {now}.\n\n"
        f"The petition list benchmark's world ({N:,} petitions of one body over three years, 5 units, a tenth "
        f"coordinated, those of the last 90 days open) plus 30 register documents, and 30 communes of the city whose conference was held (a third reported) for Sở Tài chính; the admin home through the "
        f"Django test client with a logged-in session, DEBUG off, {RUNS} requests per role after one warm-up. "
        f"Target: median under {LIMIT_MS} ms for every role ({'met' if ok else 'NOT met'}). What keeps it flat: "
        f"one aggregate over the body's open petitions for all petition counts (the partial index on open "
        f"petitions), two grouped queries for the late petitions by unit (lead, coordinating), one GROUP BY "
        f"status over the register, one query for the body's conference of the year with its issued invitation and "
        f"minutes and its recorded report (next step, state, report due, documents to prepare), one for a unit's "
        f"returned drafts (a window count), one for today's paper registrations, one for the city's held and "
        f"unreported conferences; the number of queries does not depend on the rows "
        f"(tests/reports/test_workspace.py asserts it).\n\n"
        "| role | median | min | max | Django process CPU (median) | queries |\n|---|---|---|---|---|---|\n"
        f"{table}\n"
        f"<!-- {SECTION}:end -->\n"
    )
    write_section(SECTION, section)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
