"""Benchmark of the public registration POST under gunicorn on PostgreSQL, beside a bare WSGI hello-world.

20 concurrent keep-alive clients post complete Phụ lục II forms (2 petitions each, a fresh form token each
time, rate limit off) for a fixed time; the same clients then GET a hello-world app under the same gunicorn
settings. Target: ≥ 200 registrations/s with p95 ≤ 100 ms. Writes its figures to docs/performance.md.

Needs PostgreSQL: BENCH_DATABASE_URL (or a postgres DATABASE_URL); without it the benchmark is skipped.
Run: `BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/dp_bench .venv/bin/python benchmarks/bench_registration.py`
(the database is created if missing and migrated; rows are left in it).
"""

import http.client
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
PERFORMANCE_MD = ROOT / "docs" / "performance.md"
SECTION = "bench_registration"
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "20"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "15"))
WARMUP = 2.0
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
TARGET_RATE, TARGET_P95_MS = 200, 100
BIN = Path(sys.executable).parent


def database_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else ""


def free_port() -> int:
    # The project keeps 8100-8199 for ad-hoc servers.
    for port in range(8150, 8200):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 8150-8199")


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def seed(env: dict) -> tuple[str, int]:
    """Migrate and create (once) the benchmark's body and an open conference 120 days ahead."""
    subprocess.run([str(BIN / "python"), "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                   check=True)
    script = """
import datetime
from django.utils import timezone
from conferences.models import Body, Conference
from conferences.services import conference_create
body, _ = Body.objects.get_or_create(slug="xa-bench", defaults=dict(
    name="xã Đo Tải", admin_unit_code="99999", code_prefix="BEN", place_name="Đo Tải"))
starts = timezone.localtime() + datetime.timedelta(days=120)
conference = Conference.objects.filter(body=body, year=starts.year).first() or conference_create(
    body=body, year=starts.year, title="Hội nghị đối thoại doanh nghiệp (đo tải)",
    starts_at=starts.replace(hour=8, minute=0, second=0, microsecond=0), venue="Hội trường",
    status="registration_open")
print(body.slug, conference.year)
"""
    out = subprocess.run([str(BIN / "python"), "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    slug, year = out.split()
    return slug, int(year)


def start_gunicorn(app: str, port: int, env: dict, probe_path: str) -> subprocess.Popen:
    """Start gunicorn (app preloaded, then forked) and return once every worker has answered a request."""
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), app, "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
         "--worker-class", "sync", "--preload", "--log-level", "warning", "--chdir", str(ROOT)],
        cwd=ROOT, env=env)
    deadline = time.time() + 60
    answered = 0
    while time.time() < deadline and answered < 4 * WORKERS:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", probe_path)
            answered += conn.getresponse().status == 200
            conn.close()
        except OSError:
            time.sleep(0.2)
    if answered < 4 * WORKERS:
        proc.kill()
        raise RuntimeError(f"gunicorn {app} did not start")
    return proc


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


class Client(threading.Thread):
    """One keep-alive client sending requests back to back and recording each latency."""

    def __init__(self, port, make_request, stop_at, start_measuring):
        super().__init__(daemon=True)
        self.port, self.make_request = port, make_request
        self.stop_at, self.start_measuring = stop_at, start_measuring
        self.latencies, self.errors = [], 0

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        state = {}
        while time.perf_counter() < self.stop_at:
            began = time.perf_counter()
            try:
                ok = self.make_request(conn, state)
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            took = time.perf_counter() - began
            if began >= self.start_measuring:
                if ok:
                    self.latencies.append(took)
                else:
                    self.errors += 1
        conn.close()


def run_load(port, make_request) -> dict:
    now = time.perf_counter()
    start_measuring, stop_at = now + WARMUP, now + WARMUP + SECONDS
    clients = [Client(port, make_request, stop_at, start_measuring) for _ in range(CLIENTS)]
    for c in clients:
        c.start()
    for c in clients:
        c.join()
    latencies = sorted(x for c in clients for x in c.latencies)
    errors = sum(c.errors for c in clients)
    if not latencies:
        return {"count": 0, "errors": errors, "rate": 0.0, "p50": 0.0, "p95": 0.0, "p99": 0.0}
    q = statistics.quantiles(latencies, n=100)
    return {"count": len(latencies), "errors": errors, "rate": len(latencies) / SECONDS,
            "p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000}


def registration_request(path):
    def request(conn, state):
        if "token" not in state:
            conn.request("GET", path)
            response = conn.getresponse()
            html = response.read().decode()
            cookie = response.getheader("Set-Cookie", "")
            state["cookie"] = "csrftoken=" + re.search(r"csrftoken=([^;]+)", cookie).group(1)
            state["token"] = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        body = urlencode({
            "csrfmiddlewaretoken": state["token"], "form_token": uuid.uuid4().hex,
            "full_name": "Nguyễn Văn Đo", "organisation_name": "Công ty TNHH Đo Tải", "organisation_kind": "DN",
            "tax_code": "0312687878", "phone": "0912 345 678", "address": "Thôn Đông", "attending": "yes",
            "notify_sms": "on", "consent": "on", "petitions-TOTAL_FORMS": "2", "petitions-INITIAL_FORMS": "0",
            "petitions-0-category": "1", "petitions-0-content": "Khó tiếp cận vốn vay.",
            "petitions-1-category": "6", "petitions-1-content": "Chậm giao đất.",
        })
        conn.request("POST", path, body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": state["cookie"],
            "Referer": f"http://127.0.0.1:{conn.port}{path}"})
        response = conn.getresponse()
        response.read()
        return response.status == 302
    return request


def hello_request(conn, state):
    conn.request("GET", "/")
    response = conn.getresponse()
    response.read()
    return response.status == 200


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def write_section(text: str) -> None:
    start, end = f"<!-- {SECTION}:start -->", f"<!-- {SECTION}:end -->"
    current = PERFORMANCE_MD.read_text() if PERFORMANCE_MD.exists() else "# Performance\n"
    block = f"{start}\n{text.rstrip()}\n{end}"
    if start in current:
        current = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _m: block, current, flags=re.S)
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    PERFORMANCE_MD.write_text(current)


def main() -> int:
    url = database_url()
    if not url:
        print("bench_registration: skipped (set BENCH_DATABASE_URL to a PostgreSQL database)")
        return 0
    ensure_database(url)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "dialogue_portal.settings.dev",
           "DEBUG": "false", "REGISTRATION_RATE_LIMIT": "", "REDIS_URL": "", "LOG_LEVEL": "WARNING",
           "CONN_MAX_AGE": "60",
           # As in production, the confirmation SMS is queued (outbox row + broker hand-off) and delivered by a
           # worker, not inside the request: an in-memory broker that nothing consumes.
           "CELERY_TASK_ALWAYS_EAGER": "false", "CELERY_BROKER_URL": "memory://"}
    slug, year = seed(env)
    load_before = os.getloadavg()[0]
    path = f"/{slug}/hoi-nghi/{year}/dang-ky/"
    results = {}
    for name, app, make_request, probe in (
        ("registration POST", "dialogue_portal.wsgi", registration_request(path), path),
        ("hello-world GET", "benchmarks.hello_wsgi", hello_request, "/"),
    ):
        port = free_port()
        proc = start_gunicorn(app, port, env, probe)
        try:
            results[name] = run_load(port, make_request)
        finally:
            stop(proc)
    reg = results["registration POST"]
    met = reg["rate"] >= TARGET_RATE and reg["p95"] <= TARGET_P95_MS and reg["errors"] == 0
    rows = "\n".join(
        f"| {name} | {r['count']} | {r['errors']} | {r['rate']:.0f}/s | {r['p50']:.1f} ms | {r['p95']:.1f} ms | "
        f"{r['p99']:.1f} ms |" for name, r in results.items())
    text = f"""## Registration POST under gunicorn (`benchmarks/bench_registration.py`)

Machine: {os.cpu_count()} CPU, {cpu_model()}; Python {platform.python_version()}; PostgreSQL; gunicorn
{WORKERS} sync workers (app preloaded); {CLIENTS} keep-alive clients in one Python process on the same machine; {SECONDS:.0f} s
measured after {WARMUP:.0f} s warm-up; rate limit off. Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; 1-minute
load average before the run {load_before:.1f} (other processes on the machine share its {os.cpu_count()} CPUs).
Each POST is a complete Phụ lục II form with 2 petitions, SMS notification and a fresh form token (one
registration, two petitions, their events, one outbox message handed to an in-memory broker that no worker
consumes; redirect to the confirmation). Target: ≥ {TARGET_RATE} registrations/s with p95 ≤
{TARGET_P95_MS} ms ({"met" if met else "NOT met"}).

| run | requests | errors | throughput | p50 | p95 | p99 |
|---|---|---|---|---|---|---|
{rows}
"""
    write_section(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
