"""Benchmark of the petition admin list: 100,000 petitions on PostgreSQL; writes its figures to docs/performance.md.

Run standalone (`make bench`, or `python benchmarks/bench_admin_list.py`) against a PostgreSQL database of its
own: DATABASE_URL when it names PostgreSQL, else postgres://postgres@127.0.0.1:5432/dp_triage_bench
(created when missing). The script migrates it, loads 100,000 petitions once (kept for later
runs) and times the changelist as Phòng Kinh tế opens it: plain, filtered (late, unit) and searched.
"""

import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.report import cpu_model, write_section  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogue_portal.settings.dev")
from benchmarks.pg import database_url  # noqa: E402

os.environ["DATABASE_URL"] = database_url(os.environ, "dp_triage_bench")
os.environ["DEBUG"] = "False"  # no query log, as in production
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from petitions.triage.admin import PetitionAdmin  # noqa: E402

N = 100_000
RUNS = 15
LIMIT_MS = 150
SECTION = "bench_admin_list"
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
WORDS = ("Thủ tục cấp giấy chứng nhận quyền sử dụng đất kéo dài; đề nghị rút ngắn thời gian giải quyết hồ sơ. "
         "Vốn vay ưu đãi, lãi suất, tín dụng cho hộ kinh doanh; mặt bằng sản xuất; đường giao thông nội đồng.").split()


def seed():
    """The world once: a body with 5 units, one conference, an Phòng Kinh tế user and 100,000 petitions."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from conferences.common.text import fold_for_search
    from conferences.models import Body, Conference, StaffProfile, Unit
    from conferences.organisation import roles
    from petitions.models import OPEN_STATUSES, Category, Channel, Competence, DeadlineRule, Petition, Status

    city, _ = Body.objects.get_or_create(admin_unit_code="31", defaults={
        "name": "thành phố Hải Phòng", "kind": Body.Kind.CITY, "slug": "tp-bench", "code_prefix": "HPB"})
    body, _ = Body.objects.get_or_create(admin_unit_code="99001", defaults={
        "name": "xã Thử Nghiệm", "parent": city, "slug": "xa-bench", "code_prefix": "BN"})
    units = [Unit.objects.get_or_create(body=body, code=code, defaults={"name": name})[0]
             for code, name in (("KT", "Phòng Kinh tế"), ("VP", "Văn phòng HĐND và UBND"),
                                ("VHXH", "Phòng Văn hóa - Xã hội"), ("PVHCC", "Trung tâm Phục vụ hành chính công"),
                                ("DVSNC", "Trung tâm Dịch vụ sự nghiệp công"))]
    conference = Conference.objects.filter(body=body, year=2026).first()
    if conference is None:
        conference = Conference(body=body, year=2026, title="Hội nghị đối thoại 2026", venue="Hội trường",
                                starts_at=timezone.make_aware(datetime(2026, 6, 18, 8, 0)), status="held")
        conference.copy_rules_from(body)
        conference.save()
    user, created = get_user_model().objects.get_or_create(username="bench_kinhte", defaults={"is_staff": True})
    if created:
        user.set_password("bench")
        user.save()
        user.groups.add(Group.objects.get(name=roles.ECONOMIC))
        StaffProfile.objects.create(user=user, body=body, unit=units[0])
    have = Petition.objects.filter(body=body).count()
    if have >= N:
        return user, units
    rng = random.Random(20260618)
    # As in a body after some years: petitions of the last three months are still open, older ones closed.
    closed_statuses = [Status.RESOLVED] * 6 + [Status.TRANSFERRED, Status.GUIDED, Status.NOT_ACCEPTED,
                                               Status.ESCALATED]
    open_statuses = list(OPEN_STATUSES)
    now = timezone.now()
    start = now - timedelta(days=3 * 365)
    batch = []
    for i in range(have, N):
        code = "BN26-" + "".join(ALPHABET[(i // len(ALPHABET) ** k) % len(ALPHABET)] for k in range(5))
        name = f"Công ty TNHH {rng.choice(WORDS).capitalize()} {i}"
        content = " ".join(rng.choice(WORDS) for _ in range(20))
        tax = f"02{i:08d}"
        received = start + timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
        status = rng.choice(open_statuses if now - received < timedelta(days=90) else closed_statuses)
        batch.append(Petition(
            body=body, conference=conference if rng.random() < 0.5 else None, code=code, organisation_name=name,
            tax_code=tax, phone=f"09{rng.randint(10_000_000, 99_999_999)}", category=rng.choice(Category.values),
            content=content, channel=rng.choice(Channel.values), received_at=received,
            receipt_day=received.date(), competence=rng.choice(Competence.values), lead_unit=rng.choice(units),
            deadline_rule=DeadlineRule.NO_CONFERENCE, due_date=received.date() + timedelta(days=rng.randint(5, 30)),
            status=status, search_text=fold_for_search(f"{code} {name} {tax} {content}")))
        if len(batch) == 5000:
            Petition.objects.bulk_create(batch)
            batch = []
    if batch:
        Petition.objects.bulk_create(batch)
    # Coordination on a tenth of them.
    through = Petition.coordinating_units.through
    ids = list(Petition.objects.filter(body=body).values_list("pk", flat=True)[: N // 10])
    through.objects.bulk_create([through(petition_id=pk, unit_id=units[3].pk) for pk in ids], ignore_conflicts=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE petitions_petition")
    return user, units


def timed(client, url, params) -> tuple[list[float], list[float]]:
    """Wall-clock and this process's CPU times (ms) of RUNS requests; the CPU time does not count waiting
    for the database or for other jobs on a shared machine."""
    client.get(url, params)  # warm
    times, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, response.status_code
    return times, cpu


def main() -> int:
    if connection.vendor != "postgresql":
        print("bench_admin_list: needs PostgreSQL (DATABASE_URL=postgres://…)")
        return 1
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    user, units = seed()
    seeded = time.perf_counter() - started
    client = Client()
    client.force_login(user)
    url = reverse("admin:petitions_petition_changelist")
    cases = {
        f"list, first page ({PetitionAdmin.list_per_page} rows)": {},
        "filter: late": {"han": "late"},
        "filter: due within 3 working days": {"han": "soon"},
        "filter: unit PVHCC (lead or coordinating)": {"don_vi": str(units[3].pk)},
        "search: 'thu tuc dat' (accents ignored)": {"q": "thu tuc dat"},
        "search: a code": {"q": "BN26-ZZZZ3"},
        "page 50": {"p": "50"},
    }
    figures = {}
    for name, params in cases.items():
        times, cpu = timed(client, url, params)
        figures[name] = (statistics.median(times), min(times), max(times), statistics.median(cpu))
    key = f"list, first page ({PetitionAdmin.list_per_page} rows)"
    ok = figures[key][0] < LIMIT_MS

    print(f"Petition admin list benchmark ({N:,} petitions, PostgreSQL; seeding {seeded:.1f} s)")
    for name, (median, best, worst, cpu) in figures.items():
        print(f"  {name:<45} median {median:7.1f} ms   min {best:7.1f} ms   max {worst:7.1f} ms   "
              f"(Django CPU {cpu:6.1f} ms)")
    print(f"  target: {key} median < {LIMIT_MS} ms -> {'OK' if ok else 'TOO SLOW'}")

    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    version = connection.cursor().connection.info.server_version
    table = "\n".join(f"| {name} | {median:.1f} ms | {best:.1f} ms | {worst:.1f} ms | {cpu:.1f} ms |"
                      for name, (median, best, worst, cpu) in figures.items())
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    section = (
        f"<!-- {SECTION}:start -->\n"
        "## Petition admin list (`benchmarks/bench_admin_list.py`)\n\n"
        f"Machine: {os.cpu_count()} CPU (nproc), {cpu_model()}; Python {platform.python_version()}; "
        f"PostgreSQL {version // 10000}.{version % 10000}; load average after the run {load} (a shared machine: other jobs ran alongside). Run {now}.\n\n"
        f"{N:,} petitions of one body over three years (5 units, a tenth coordinated; those of the last 90 "
        f"days open, older ones closed), Phòng Kinh tế's changelist through the Django test client with a "
        f"logged-in session (middleware, scoping, filters, date hierarchy, template), DEBUG off; {RUNS} requests "
        f"per case after one warm-up. Target: first page median under {LIMIT_MS} ms "
        f"({'met' if ok else 'NOT met'}). The wall clock counts waiting for the CPU when other jobs run; the "
        f"Django process CPU time does not (it excludes the database, ~20-30 ms for these pages). What keeps "
        f"it flat: the own body by id, indexes (body, received_at) and (body, due_date) on open petitions, a "
        f"trigram index on the folded search text, date hierarchy by index probes, no DISTINCT-based filters, "
        f"`show_full_result_count = False`, {PetitionAdmin.list_per_page} rows a page.\n\n"
        "| request | median | min | max | Django process CPU (median) |\n|---|---|---|---|---|\n"
        f"{table}\n"
        f"<!-- {SECTION}:end -->\n"
    )
    write_section(SECTION, section)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
