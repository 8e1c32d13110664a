"""Health check for the reverse proxy and monitoring: database, Redis, outbox backlog, worker and beat heartbeats."""

import datetime
import os
import socket
import time

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from conferences.models import WorkerHeartbeat
from conferences.outbox.models import OutboxMessage

# Heartbeat rows written by the beat process itself (see conferences/beat.py) are named "beat:<host>:<pid>".
BEAT_PREFIX = "beat:"
# The periodic heartbeat task of migration 0080 writes this row: beat scheduled it and a worker ran it.
WORKER_BEAT_NAME = "worker"


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def check_database() -> dict:
    """SELECT 1 on the default database; never raises."""
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure is "down", reported by class name only
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def check_redis() -> dict:
    """PING Redis with a 1 s timeout when REDIS_URL is configured; never raises."""
    url = getattr(settings, "REDIS_URL", "")
    if not url:
        return {"ok": True, "configured": False}
    import redis

    started = time.monotonic()
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "configured": True, "error": type(exc).__name__}
    return {"ok": True, "configured": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def check_outbox(now: datetime.datetime) -> dict:
    """Counts only (no recipients): messages due longer than OUTBOX_BACKLOG_MINUTES ago, and failed messages."""
    minutes = _setting("HEALTH_OUTBOX_BACKLOG_MINUTES", 15)
    stale_before = now - datetime.timedelta(minutes=minutes)
    try:
        counts = OutboxMessage.objects.aggregate(
            overdue=Count("pk", filter=Q(status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING],
                                         next_attempt_at__lt=stale_before)),
            failed=Count("pk", filter=Q(status=OutboxMessage.Status.FAILED)),
        )
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": counts["overdue"] == 0 and counts["failed"] == 0, "overdue": counts["overdue"],
            "failed": counts["failed"], "overdue_after_minutes": minutes}


def check_heartbeats(now: datetime.datetime) -> dict:
    """Age of the worker heartbeat, and how many distinct beat processes were seen recently (exactly one is ok)."""
    max_age = _setting("HEALTH_HEARTBEAT_MAX_AGE_SECONDS", 300)
    try:
        rows = list(WorkerHeartbeat.objects.filter(Q(name=WORKER_BEAT_NAME) | Q(name__startswith=BEAT_PREFIX))
                    .values_list("name", "last_seen"))
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": type(exc).__name__}
    worker_seen = next((seen for name, seen in rows if name == WORKER_BEAT_NAME), None)
    recent_beats = [name for name, seen in rows
                    if name.startswith(BEAT_PREFIX) and (now - seen).total_seconds() <= max_age]
    worker_age = round((now - worker_seen).total_seconds()) if worker_seen else None
    # Without a broker tasks run eagerly in the web process: there is no worker or beat to watch.
    expected = bool(getattr(settings, "REDIS_URL", ""))
    worker_ok = not expected or (worker_age is not None and worker_age <= max_age)
    beats_ok = len(recent_beats) <= 1 and (not expected or len(recent_beats) == 1)
    return {"ok": worker_ok and beats_ok, "expected": expected, "worker_age_seconds": worker_age,
            "schedulers_seen": len(recent_beats), "max_age_seconds": max_age}


def health_report() -> tuple[str, dict]:
    """Run every check; returns ("ok" | "degraded" | "fail", details). Fail = database or Redis down."""
    now = timezone.now()
    checks = {"database": check_database(), "redis": check_redis()}
    critical_ok = all(check["ok"] for check in checks.values())
    if checks["database"]["ok"]:
        checks["outbox"] = check_outbox(now)
        checks["heartbeats"] = check_heartbeats(now)
    state = "fail" if not critical_ok else ("ok" if all(c["ok"] for c in checks.values()) else "degraded")
    return state, checks


@never_cache
@require_GET
def healthz(request):
    """JSON health report: 503 when the database or Redis is down; with ?strict=1 also when degraded
    (outbox backlog, stale worker, no or two schedulers). Holds counts only, no personal data."""
    state, checks = health_report()
    strict = request.GET.get("strict") in {"1", "true", "yes"}
    status = 503 if state == "fail" or (strict and state != "ok") else 200
    return JsonResponse({"status": state, "checks": checks}, status=status)


def beat_heartbeat_name() -> str:
    """The heartbeat row name of this beat process: host and pid, so two schedulers show as two rows."""
    return f"{BEAT_PREFIX}{socket.gethostname()}:{os.getpid()}"[:100]
