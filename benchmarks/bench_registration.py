"""Benchmark of the public registration POST and the conference page under gunicorn on PostgreSQL, beside a
bare WSGI hello-world.

20 concurrent connections post complete Phụ lục II forms (2 petitions each, a fresh form token each time, rate
limit off) for a fixed time; then GET the conference page, then a hello-world app under the same gunicorn
settings. The load comes from wrk when it is installed (`make bench` installs it), else from Python threads
(BENCH_PYTHON_CLIENTS=1 forces them). Target: ≥ 200 registrations/s with p95 ≤ 100 ms. Writes its figures,
with the CPU each request cost the server, PostgreSQL and the load generator, to docs/performance.md.

Needs PostgreSQL: BENCH_DATABASE_URL, else a postgres DATABASE_URL, else postgres://postgres@127.0.0.1:5432/dp_bench
(created if missing and migrated; rows are left in it). Run: `make bench`, or
`.venv/bin/python benchmarks/bench_registration.py`.
"""

import http.client
import os
import platform
import re
import shutil
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
sys.path.insert(0, str(ROOT))
from benchmarks.pg import LOCAL_SERVER, ensure_database  # noqa: E402
from benchmarks.report import cpu_model, write_section  # noqa: E402

SECTION = "bench_registration"
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "20"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "15"))
WARMUP = 2.0
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
TARGET_RATE, TARGET_P95_MS = 200, 100
BIN = Path(sys.executable).parent


DEFAULT_DATABASE_URL = f"{LOCAL_SERVER}/dp_bench"


def database_url() -> str:
    """BENCH_DATABASE_URL, else DATABASE_URL when it names PostgreSQL, else the local server's dp_bench."""
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else DEFAULT_DATABASE_URL


def stored_registrations(url: str, slug: str, year: int) -> int:
    """Registrations stored for the benchmark's conference: every counted redirect must have made one."""
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT count(*) FROM conferences_registration r JOIN conferences_conference c ON c.id = r.conference_id"
            " JOIN conferences_body b ON b.id = c.body_id WHERE b.slug = %s AND c.year = %s", (slug, year),
        ).fetchone()[0]


def free_port() -> int:
    # The project keeps 8100-8199 for ad-hoc servers.
    for port in range(8150, 8200):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 8150-8199")


def seed(env: dict) -> tuple[str, int]:
    """Migrate and create (once) the benchmark's body and an open conference 120 days ahead."""
    subprocess.run([str(BIN / "python"), "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                   check=True)
    script = """
import datetime
from django.utils import timezone
from conferences.models import Body, Conference
from conferences.lifecycle.services import conference_create
body, _ = Body.objects.get_or_create(slug="xa-bench", defaults=dict(
    name="xã Đo Tải", admin_unit_code="99999", code_prefix="BEN", place_name="Đo Tải"))
starts = timezone.localtime() + datetime.timedelta(days=120)
conference = Conference.objects.filter(body=body, year=starts.year).first() or conference_create(
    body=body, year=starts.year, title="Hội nghị đối thoại doanh nghiệp (đo tải)",
    starts_at=starts.replace(hour=8, minute=0, second=0, microsecond=0), venue="Hội trường",
    status="registration_open", day_off_confirmed=True)
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
         "--worker-class", "sync", "--preload", "--log-level", "warning", "--chdir", str(ROOT),
         *(["--config", os.environ["BENCH_GUNICORN_CONFIG"]] if os.environ.get("BENCH_GUNICORN_CONFIG") else [])],
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


def _proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) of one process, 0 when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_snapshot(server_pid: int, database: str) -> dict[str, float]:
    """CPU seconds used so far by the gunicorn master and workers, and by the PostgreSQL backends serving
    `database` (their process title names it); read from /proc, so Linux only."""
    server = db = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        if int(entry.name) == server_pid or ppid == server_pid:
            server += _proc_cpu(int(entry.name))
        elif database and title.startswith("postgres: ") and f" {database} " in title:
            db += _proc_cpu(int(entry.name))
    return {"server": server, "database": db, "client": time.process_time()}


def run_load(port, make_request, server_pid: int = 0, database: str = "") -> dict:
    now = time.perf_counter()
    start_measuring, stop_at = now + WARMUP, now + WARMUP + SECONDS
    clients = [Client(port, make_request, stop_at, start_measuring) for _ in range(CLIENTS)]
    for c in clients:
        c.start()
    time.sleep(max(0.0, start_measuring - time.perf_counter()))
    cpu_before = cpu_snapshot(server_pid, database)
    time.sleep(max(0.0, stop_at - time.perf_counter()))
    cpu_after = cpu_snapshot(server_pid, database)
    for c in clients:
        c.join()
    latencies = sorted(x for c in clients for x in c.latencies)
    errors = sum(c.errors for c in clients)
    if not latencies:
        return {"count": 0, "errors": errors, "rate": 0.0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "cpu": {}}
    q = statistics.quantiles(latencies, n=100)
    # CPU milliseconds per request, by process group: what bounds the rate on a machine with few cores.
    cpu = {k: (cpu_after[k] - cpu_before[k]) * 1000 / len(latencies) for k in cpu_before}
    return {"count": len(latencies), "errors": errors, "rate": len(latencies) / SECONDS,
            "p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000, "cpu": cpu}


WRK_THREADS = 2
WRK_LUA = r"""
local template = [==[__BODY__]==]
counter, id, non_redirect = 0, 0, 0  -- globals: thread:get() reads them in done()
local threads, next_id = {}, 0
function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end
function init(args)
  math.randomseed(id * 7919 + os.time())
  wrk.method = "__METHOD__"
  __HEADERS__
end
function request()
  counter = counter + 1
  if wrk.method == "GET" then return wrk.format() end
  local token = string.format("%02d%014d%016x", id, counter, math.random(0, 2147483646))
  return wrk.format(nil, nil, nil, (template:gsub("__TOKEN__", token)))
end
function response(status, headers, body)
  if status ~= __EXPECT__ then non_redirect = non_redirect + 1 end
end
function done(summary, latency, requests)
  local unexpected = 0
  for _, t in ipairs(threads) do unexpected = unexpected + t:get("non_redirect") end
  local e = summary.errors
  io.write(string.format("WRKRESULT %d %d %d %d %.1f %.1f %.1f\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout + e.status, unexpected,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def wrk_script(*, method: str, body: str = "", headers: dict | None = None, expect: int = 200) -> str:
    lua_headers = "\n  ".join(f'wrk.headers["{k}"] = "{v}"' for k, v in (headers or {}).items())
    return (WRK_LUA.replace("__BODY__", body).replace("__METHOD__", method)
            .replace("__HEADERS__", lua_headers).replace("__EXPECT__", str(expect)))


def run_wrk(port: int, path: str, script: str, server_pid: int, database: str) -> dict:
    """Warm up, then drive `path` with wrk (C, epoll; far lighter on the shared CPUs than Python clients)."""
    import resource
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
        lua = f.name
    url = f"http://127.0.0.1:{port}{path}"
    base = ["wrk", "-t", str(WRK_THREADS), "-c", str(CLIENTS), "--timeout", "30s", "-s", lua]
    try:
        subprocess.run([*base, "-d", f"{WARMUP:.0f}s", url], check=True, capture_output=True)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        before = cpu_snapshot(server_pid, database)
        out = subprocess.run([*base, "-d", f"{SECONDS:.0f}s", url], check=True, capture_output=True,
                             text=True).stdout
        after = cpu_snapshot(server_pid, database)
        children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        os.unlink(lua)
    line = next(x for x in out.splitlines() if x.startswith("WRKRESULT"))
    requests, duration_us, errors, unexpected, p50, p95, p99 = line.split()[1:]
    count = int(requests) - int(errors) - int(unexpected)
    client_cpu = (children_after.ru_utime + children_after.ru_stime) - (children.ru_utime + children.ru_stime)
    cpu = {"server": after["server"] - before["server"], "database": after["database"] - before["database"],
           "client": client_cpu}
    return {"count": count, "errors": int(errors) + int(unexpected), "rate": count / (int(duration_us) / 1e6),
            "p50": float(p50) / 1000, "p95": float(p95) / 1000, "p99": float(p99) / 1000,
            "cpu": {k: v * 1000 / max(count, 1) for k, v in cpu.items()}}


def registration_wrk_script(port: int, path: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    html = response.read().decode()
    cookie = "csrftoken=" + re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    conn.close()
    body = urlencode({**registration_fields(), "csrfmiddlewaretoken": token, "form_token": "__TOKEN__"})
    return wrk_script(method="POST", body=body, expect=302, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
        "Referer": f"http://127.0.0.1:{port}{path}"})


def registration_fields() -> dict:
    """A complete Phụ lục II form: registrant, SMS notification, consent, two petitions."""
    return {
        "full_name": "Nguyễn Văn Đo", "organisation_name": "Công ty TNHH Đo Tải", "organisation_kind": "DN",
        "tax_code": "0312687878", "phone": "0912 345 678", "address": "Thôn Đông", "attending": "yes",
        "notify_sms": "on", "consent": "on", "petitions-TOTAL_FORMS": "2", "petitions-INITIAL_FORMS": "0",
        "petitions-0-category": "1", "petitions-0-content": "Khó tiếp cận vốn vay.",
        "petitions-1-category": "6", "petitions-1-content": "Chậm giao đất.",
    }


def registration_request(path):
    def request(conn, state):
        if "token" not in state:
            conn.request("GET", path)
            response = conn.getresponse()
            html = response.read().decode()
            cookie = response.getheader("Set-Cookie", "")
            state["cookie"] = "csrftoken=" + re.search(r"csrftoken=([^;]+)", cookie).group(1)
            state["token"] = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        body = urlencode({**registration_fields(), "csrfmiddlewaretoken": state["token"],
                          "form_token": uuid.uuid4().hex})
        conn.request("POST", path, body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": state["cookie"],
            "Referer": f"http://127.0.0.1:{conn.port}{path}"})
        response = conn.getresponse()
        response.read()
        return response.status == 302
    return request


def get_request(path):
    def request(conn, state):
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status == 200
    return request


def _cpu_cell(result: dict) -> str:
    cpu = result.get("cpu") or {}
    if not cpu:
        return "–"
    return f"{cpu['server']:.2f} / {cpu['database']:.2f} / {cpu['client']:.2f}"


def main() -> int:
    url = database_url()
    try:
        ensure_database(url)
    except Exception as exc:  # the figures are only meaningful on PostgreSQL: say so instead of skipping
        print(f"bench_registration: PostgreSQL not reachable at {url} ({exc}); set BENCH_DATABASE_URL")
        return 2
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
    database = urlparse(url).path.lstrip("/")
    use_wrk = bool(shutil.which("wrk")) and not os.environ.get("BENCH_PYTHON_CLIENTS")
    stored_before = stored_registrations(url, slug, year)
    detail = f"/{slug}/hoi-nghi/{year}/"
    for name, app, make_request, probe in (
        ("registration POST", "dialogue_portal.wsgi", registration_request(path), path),
        ("conference page GET", "dialogue_portal.wsgi", get_request(detail), detail),
        ("hello-world GET", "benchmarks.hello_wsgi", get_request("/"), "/"),
    ):
        port = free_port()
        proc = start_gunicorn(app, port, env, probe)
        try:
            if use_wrk:
                script = (registration_wrk_script(port, path) if name == "registration POST"
                          else wrk_script(method="GET"))
                results[name] = run_wrk(port, probe, script, proc.pid, database)
            else:
                results[name] = run_load(port, make_request, proc.pid, database)
        finally:
            stop(proc)
    reg = results["registration POST"]
    stored = stored_registrations(url, slug, year) - stored_before
    if stored < reg["count"]:
        raise SystemExit(f"only {stored} registrations stored for {reg['count']} redirects: the benchmark is wrong")
    met = reg["rate"] >= TARGET_RATE and reg["p95"] <= TARGET_P95_MS and reg["errors"] == 0
    rows = "\n".join(
        f"| {name} | {r['count']} | {r['errors']} | {r['rate']:.0f}/s | {r['p50']:.1f} ms | {r['p95']:.1f} ms | "
        f"{r['p99']:.1f} ms | {_cpu_cell(r)} |" for name, r in results.items())
    driver = (f"wrk ({WRK_THREADS} threads, {CLIENTS} connections; a C load generator, so the CPUs stay with "
              "the server)" if use_wrk else f"{CLIENTS} keep-alive clients in one Python process")
    text = f"""## Registration POST and conference page under gunicorn (`benchmarks/bench_registration.py`)

Machine: {os.cpu_count()} CPU, {cpu_model()}; Python {platform.python_version()}; PostgreSQL on the same
machine; gunicorn {WORKERS} sync workers (app preloaded); load from {driver}; {SECONDS:.0f} s measured after
{WARMUP:.0f} s warm-up; rate limit off. Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; 1-minute load average before
the run {load_before:.1f}.
Each POST is a complete Phụ lục II form with 2 petitions, SMS notification and a fresh form token (one
registration, two petitions, their events, one outbox message handed to an in-memory broker that no worker
consumes; redirect to the confirmation); {stored} registrations were stored for the counted redirects and the
warm-up. Target: ≥ {TARGET_RATE} registrations/s with p95 ≤ {TARGET_P95_MS} ms ({"met" if met else "NOT met"}).
The last column is the CPU time each request cost the gunicorn processes, the PostgreSQL backends and the
load generator (from /proc): on 2 CPUs, 200 requests/s leave at most 10 ms for all three.

| run | requests | errors | throughput | p50 | p95 | p99 | CPU ms per request: server / PostgreSQL / client |
|---|---|---|---|---|---|---|---|
{rows}
"""
    write_section(SECTION, f"<!-- {SECTION}:start -->\n{text.rstrip()}\n<!-- {SECTION}:end -->\n")
    print(text)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
