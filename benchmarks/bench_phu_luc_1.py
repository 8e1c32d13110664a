"""Benchmark of Phụ lục I and the detail export with 100,000 petitions on PostgreSQL; figures to docs/performance.md.

Run: `make bench`, or `python benchmarks/bench_phu_luc_1.py`, on DATABASE_URL when it names PostgreSQL, else
postgres://postgres@127.0.0.1:5432/dp_reports_bench (created when missing); it migrates the database and loads
its data once (later runs reuse them). The targets are stated for PostgreSQL.
"""

import os
import platform
import random
import resource
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.report import cpu_model, write_section  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogue_portal.settings.dev")
from benchmarks.pg import database_url  # noqa: E402

os.environ["DATABASE_URL"] = database_url(os.environ, "dp_reports_bench")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

N = 100_000
SECTION = "bench_phu_luc_1"
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TARGETS = {  # measurement -> seconds
    "Phụ lục I xlsx (conference, 100,000 petitions)": 0.5,
    "Phụ lục I PDF (conference, 100,000 petitions)": 1.0,
    "detail export xlsx (100,000 rows)": 10.0,
}
MEMORY_TARGET_MB = 150


def code(i: int) -> str:
    chars = []
    for _ in range(5):
        i, r = divmod(i, len(ALPHABET))
        chars.append(ALPHABET[r])
    return "BM26-" + "".join(reversed(chars))


def load_data():
    """The benchmark body, its held 2026 conference and N petitions with two events each (created once)."""
    from conferences.models import Body, Conference, Unit
    from petitions.models import Petition, PetitionEvent, Status

    city, _ = Body.objects.get_or_create(
        admin_unit_code="31", defaults={"name": "thành phố Hải Phòng", "kind": Body.Kind.CITY,
                                        "slug": "thanh-pho-hai-phong", "code_prefix": "HP"})
    body, _ = Body.objects.get_or_create(
        admin_unit_code="99001", defaults={"name": "xã Thử Tải", "kind": Body.Kind.COMMUNE, "parent": city,
                                           "slug": "xa-thu-tai", "code_prefix": "BM", "place_name": "Thử Tải",
                                           "chair_name": "Nguyễn Văn An", "chair_title": "Chủ tịch"})
    conference = Conference.objects.filter(body=body, year=2026).first()
    if conference is None:
        conference = Conference(body=body, year=2026, title="Hội nghị đối thoại năm 2026 (thử tải)",
                                starts_at=timezone.make_aware(datetime(2026, 6, 18, 8)), venue="Hội trường",
                                status=Conference.Status.HELD)
        conference.copy_rules_from(body)
        conference.save()
    if Petition.objects.filter(conference=conference).count() >= N:
        return conference, False
    Petition.objects.filter(body=body).delete()
    units = [Unit.objects.get_or_create(body=body, code=c, defaults={"name": f"Phòng {c}"})[0]
             for c in ("KT", "VHXH", "PVHCC")]
    rng = random.Random(20260618)
    statuses = ([Status.RESOLVED] * 40 + [Status.ASSIGNED] * 15 + [Status.RECEIVED] * 5 + [Status.DRAFTED] * 5
                + [Status.ANSWERED_PENDING] * 5 + [Status.TRANSFERRED] * 10 + [Status.GUIDED] * 5
                + [Status.NOT_ACCEPTED] * 3 + [Status.ESCALATED] * 10 + [Status.WITHDRAWN] * 2)
    start = timezone.make_aware(datetime(2026, 3, 1, 8))
    with transaction.atomic():
        first = Petition.objects.create(
            body=body, conference=conference, code=code(0), organisation_name="Công ty Gốc", category=1,
            content="Kiến nghị gốc.", received_at=start, status=Status.RESOLVED)
        batch = []
        for i in range(1, N):
            status = rng.choice(statuses)
            received = start + timedelta(minutes=rng.randint(0, 150 * 24 * 60))
            merged = i % 400 == 0
            batch.append(Petition(
                body=body, conference=conference, code=code(i), organisation_name=f"Công ty TNHH Số {i}",
                category=rng.randint(1, 7), content="Thời gian giải quyết hồ sơ còn kéo dài.",
                received_at=received, receipt_day=received.date(), lead_unit=rng.choice(units),
                deadline_rule="after_conference", due_date=received.date() + timedelta(days=20),
                status=Status.MERGED if merged else status, merged_into=first if merged else None,
                withdrawn_at=received + timedelta(days=3) if status == Status.WITHDRAWN and not merged else None,
                answered_at=received + timedelta(days=rng.randint(5, 30)) if status == Status.RESOLVED else None))
            if len(batch) == 5000:
                Petition.objects.bulk_create(batch)
                batch = []
        Petition.objects.bulk_create(batch)
        events = []
        for pk, status in Petition.objects.filter(conference=conference).values_list(
                "pk", "status").iterator(chunk_size=5000):
            events.append(PetitionEvent(petition_id=pk, from_status="", to_status=Status.RECEIVED))
            if status != Status.RECEIVED:
                events.append(PetitionEvent(petition_id=pk, from_status=Status.RECEIVED, to_status=status))
            if len(events) >= 10000:
                PetitionEvent.objects.bulk_create(events)
                events = []
        PetitionEvent.objects.bulk_create(events)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return conference, True


def timed_get(client, url, params=None, repeat=3) -> tuple[float, int]:
    """Best of `repeat` runs of a GET (seconds) and the response size."""
    best, size = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url, params or {})
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.content)
        best = min(best, elapsed)
    return best, size


def main() -> int:
    if connection.vendor != "postgresql":
        print("bench_phu_luc_1: needs PostgreSQL (DATABASE_URL=postgres://…/dp_reports_bench); skipped.")
        return 0
    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    conference, loaded = load_data()
    load_seconds = time.perf_counter() - t0
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="bench_admin", defaults={"is_superuser": True,
                                                                                        "is_staff": True})
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    body = conference.body
    figures = {}
    figures["Phụ lục I xlsx (conference, 100,000 petitions)"] = timed_get(
        client, reverse("reports:phu_luc_1_xlsx", args=[conference.pk]))
    figures["Phụ lục I PDF (conference, 100,000 petitions)"] = timed_get(
        client, reverse("reports:phu_luc_1_pdf", args=[conference.pk]))
    figures["Phụ lục I xlsx as_of 2026-05-01 (event history)"] = timed_get(
        client, reverse("reports:phu_luc_1_xlsx", args=[conference.pk]), {"as_of": "2026-05-01"})
    figures["Phụ lục I xlsx (body year)"] = timed_get(
        client, reverse("reports:body_phu_luc_1", args=[body.slug, 2026, "xlsx"]))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["detail export xlsx (100,000 rows)"] = timed_get(
        client, reverse("reports:conference_petitions_xlsx", args=[conference.pk]), repeat=1)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    memory_growth = max(0.0, rss_after - rss_before)

    verdicts = {name: figures[name][0] < limit for name, limit in TARGETS.items()}
    memory_ok = memory_growth < MEMORY_TARGET_MB
    ok = all(verdicts.values()) and memory_ok
    print("Phụ lục I benchmark (PostgreSQL)")
    for name, (seconds, size) in figures.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else f"  target < {target:g} s: {'OK' if verdicts[name] else 'TOO SLOW'}"
        print(f"  {name:<50} {seconds * 1000:9.1f} ms  {size / 1024:8.0f} KiB{verdict}")
    print(f"  peak RSS growth during the detail export: {memory_growth:.0f} MB (peak RSS {rss_after:.0f} MB); "
          f"target < {MEMORY_TARGET_MB} MB: {'OK' if memory_ok else 'TOO MUCH'}")

    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    def target_cell(name: str) -> str:
        if name not in TARGETS:
            return ""
        return f"< {TARGETS[name]:g} s: {'met' if verdicts[name] else 'NOT met'}"

    rows = "\n".join(f"| {name} | {seconds * 1000:.1f} ms | {size / 1024:.0f} KiB | {target_cell(name)} |"
                     for name, (seconds, size) in figures.items())
    section = (
        f"<!-- {SECTION}:start -->\n"
        "## Phụ lục I and detail export (`benchmarks/bench_phu_luc_1.py`)\n\n"
        f"Machine: {os.cpu_count()} CPU (nproc), {cpu_model()}; Python {platform.python_version()}; "
        f"PostgreSQL {connection.pg_version // 10000}. Run {now}; load average at the end "
        f"{os.getloadavg()[0]:.1f} (other work shared the machine: figures are upper bounds).\n\n"
        f"One held conference with {N:,} petitions (seed 20260618: every status, 0.25 % merged, ~2 % withdrawn) "
        "and about two events each; timings are the whole view through Django's test client (session, "
        "scoping, query, rendering), best of three (the export: one run). "
        + (f"Data load (bulk inserts, this run): {load_seconds:.1f} s.\n\n" if loaded
           else "Data loaded by an earlier run and reused.\n\n")
        + "| measurement | time | size | target |\n|---|---|---|---|\n"
        f"{rows}\n"
        f"| peak RSS growth during the detail export (process peak {rss_after:.0f} MB, WeasyPrint and "
        f"Django loaded) | {memory_growth:.0f} MB | | < {MEMORY_TARGET_MB} MB: "
        f"{'met' if memory_ok else 'NOT met'} |\n"
        f"<!-- {SECTION}:end -->\n"
    )
    write_section(SECTION, section)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
