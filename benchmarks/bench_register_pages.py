"""Benchmark of the register's document page: a 2-page draft's page with its two page images, as a reviewer opens
it (the page, then the browser fetches both images), the first time after the text changed (cold) and again (warm).
Writes its figures to docs/performance.md.

Run standalone (`make bench`, or `python benchmarks/bench_register_pages.py`) against a PostgreSQL database of its
own: DATABASE_URL when it names PostgreSQL, else postgres://postgres@127.0.0.1:5432/dp_register_pages_bench
(created when missing). Counts the draft renderings (WeasyPrint) and the rasterisations (pdftoppm) of each load.
"""

import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.report import cpu_model, write_section  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogue_portal.settings.dev")
from benchmarks.pg import database_url  # noqa: E402

os.environ["DATABASE_URL"] = database_url(os.environ, "dp_register_pages_bench")
os.environ["DEBUG"] = "False"
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from reports.register import views  # noqa: E402

RUNS = 5
SECTION = "bench_register_pages"
TEXT = ("Ủy ban nhân dân xã thông báo tổ chức Hội nghị đối thoại với doanh nghiệp, hợp tác xã, hộ kinh doanh trên "
        "địa bàn; đề nghị các đơn vị chuẩn bị nội dung kiến nghị và cử đại diện tham dự đúng thời gian. ") * 3


def seed():
    from django.contrib.auth import get_user_model

    from conferences.models import Body, Unit
    from reports.register.models import OutgoingDocument, OutgoingKind

    body, _ = Body.objects.get_or_create(slug="bench-register-pages", defaults={
        "name": "xã Hải Hưng", "code_prefix": "BR", "place_name": "Hải Hưng"})
    Unit.objects.get_or_create(body=body, code="KT", defaults={"name": "Phòng Kinh tế", "kind": Unit.Kind.ECONOMIC})
    user, created = get_user_model().objects.get_or_create(username="bench-register", defaults={
        "is_staff": True, "is_superuser": True})
    if created:
        user.set_password("x")
        user.save()
    document = OutgoingDocument.objects.filter(body=body, kind=OutgoingKind.NOTICE).first() or (
        OutgoingDocument.objects.create(body=body, kind=OutgoingKind.NOTICE, title="Thông báo tổ chức Hội nghị",
                                        recipients="Sở Tài chính\nLưu: VT, KT"))
    return user, document


class Counter:
    """Counts calls of a function it wraps (the draft renderer, the pdftoppm runs)."""

    def __init__(self):
        self.renders = 0
        self.rasterisations = 0

    def install(self):
        render = views.render_pdf
        run = subprocess.run

        def counted_render(*args, **kwargs):
            self.renders += 1
            return render(*args, **kwargs)

        def counted_run(command, *args, **kwargs):
            if command and str(command[0]).endswith("pdftoppm"):
                self.rasterisations += 1
            return run(command, *args, **kwargs)

        views.render_pdf = counted_render
        subprocess.run = counted_run


def load(client, document) -> float:
    """The document's page, then its page images as the browser fetches them; returns the wall time in ms."""
    start = time.perf_counter()
    page = client.get(reverse("reports:outgoing_document", args=[document.pk]))
    assert page.status_code == 200, page.status_code
    pages = page.content.decode().count(f"/van-ban-di/{document.pk}/trang-")
    assert pages == 2, f"the benchmark document has {pages} pages, not 2"
    for number in range(1, pages + 1):
        image = client.get(reverse("reports:outgoing_document_page", args=[document.pk, number]))
        assert image.status_code == 200 and image["Content-Type"] == "image/png"
    return (time.perf_counter() - start) * 1000


def main() -> int:
    call_command("migrate", verbosity=0)
    user, document = seed()
    client = Client()
    client.force_login(user)
    counter = Counter()
    counter.install()
    times = {"cold": [], "warm": []}
    counts = {"cold": set(), "warm": set()}
    for run in range(-1, RUNS):
        document.text = "\n".join(f"{TEXT} (lần {run}, đoạn {i})" for i in range(6))
        document.save(update_fields=["text"])
        if run < 0:
            load(client, document)  # warm-up: imports, fonts
            continue
        for kind in ("cold", "warm"):
            before = (counter.renders, counter.rasterisations)
            times[kind].append(load(client, document))
            counts[kind].add(f"{counter.renders - before[0]} / {counter.rasterisations - before[1]}")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0].split()[0]
    load1, load5, load15 = os.getloadavg()
    now = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    rows = [("first load after the text changed (page + 2 images)", times["cold"], ", ".join(sorted(counts["cold"]))),
            ("same page again", times["warm"], ", ".join(sorted(counts["warm"])))]
    table = "\n".join(f"| {name} | {statistics.median(ms):.0f} ms | {min(ms):.0f} ms | {max(ms):.0f} ms | {count} |"
                      for name, ms, count in rows)
    block = f"""<!-- {SECTION}:start -->
## Register document page with page images (`benchmarks/bench_register_pages.py`)

Machine: {os.cpu_count()} CPU (nproc), {cpu_model()}; Python {platform.python_version()}; PostgreSQL {server}; load \
average after the run {load1:.1f}, {load5:.1f}, {load15:.1f} (a shared machine: other jobs ran alongside). Run {now}.

A 2-page draft notice of the register opened by a logged-in user through the Django test client: the document's \
page, then its two page images (80 dpi PNG) as the browser fetches them; {RUNS} loads after a change of the text \
(cold) and {RUNS} reloads (warm), after one warm-up. The last column counts, per load, the draft renderings \
(WeasyPrint) and the pdftoppm runs.

| load | median | min | max | renderings / rasterisations |
|---|---|---|---|---|
{table}
<!-- {SECTION}:end -->
"""
    print(block)
    write_section(SECTION, block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
