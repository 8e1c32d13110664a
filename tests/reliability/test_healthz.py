"""/healthz: database, Redis, outbox backlog, worker heartbeat and the single scheduler, as JSON with 200/503."""

import datetime
import json

import pytest
from django.db import connection
from django.utils import timezone

from conferences.models import WorkerHeartbeat
from conferences.ops.beat import beat_heartbeat_once
from conferences.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


def get_health(client, **params):
    response = client.get("/healthz", params)
    return response, response.json()


def test_healthy_without_a_broker_reports_ok_and_only_counts(client, settings):
    settings.REDIS_URL = ""
    OutboxMessage.objects.create(channel="email", recipient="nguyenvana@example.vn", text="Xin chào")

    response, body = get_health(client)

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"] == {"ok": True, "configured": False}
    assert body["checks"]["outbox"]["overdue"] == 0
    assert "nguyenvana" not in response.content.decode()


def test_health_check_is_cheap(client, settings, django_assert_max_num_queries):
    settings.REDIS_URL = ""
    with django_assert_max_num_queries(3):
        client.get("/healthz")


def test_database_down_gives_503(client, settings, monkeypatch):
    settings.REDIS_URL = ""

    def broken_cursor(*args, **kwargs):
        raise ConnectionError("database is gone")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response, body = get_health(client)

    assert response.status_code == 503
    assert body["status"] == "fail"
    assert body["checks"]["database"] == {"ok": False, "error": "ConnectionError"}


def test_redis_unreachable_gives_503(client, settings):
    # Port 9 (discard) on localhost: nothing listens, the connection is refused at once.
    settings.REDIS_URL = "redis://127.0.0.1:9/0"

    response, body = get_health(client)

    assert response.status_code == 503
    assert body["checks"]["redis"]["ok"] is False


def test_redis_up_is_reported(client, settings, redis_url):
    settings.REDIS_URL = redis_url
    WorkerHeartbeat.objects.create(name="worker", last_seen=timezone.now())
    beat_heartbeat_once()

    response, body = get_health(client, strict=1)

    assert body["checks"]["redis"]["ok"] is True
    assert response.status_code == 200, body


def test_outbox_backlog_and_failures_degrade_and_strict_gives_503(client, settings):
    settings.REDIS_URL = ""
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    OutboxMessage.objects.create(channel="sms", recipient="0912345678", text="a", next_attempt_at=long_ago)
    OutboxMessage.objects.create(channel="sms", recipient="0912345679", text="b")  # due now: not a backlog
    OutboxMessage.objects.create(channel="email", recipient="x@example.vn", text="c", status="failed")

    response, body = get_health(client)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["outbox"]["overdue"] == 1
    assert body["checks"]["outbox"]["failed"] == 1
    assert client.get("/healthz?strict=1").status_code == 503
    assert "0912345678" not in json.dumps(body)


def test_stale_worker_heartbeat_degrades_when_a_broker_is_configured(client, settings, monkeypatch):
    monkeypatch.setattr("conferences.ops.health.check_redis", lambda: {"ok": True, "configured": True})
    settings.REDIS_URL = "redis://example.invalid:6379/0"
    WorkerHeartbeat.objects.create(name="worker", last_seen=timezone.now() - datetime.timedelta(hours=2))
    beat_heartbeat_once()

    _, body = get_health(client)
    assert body["status"] == "degraded"
    assert body["checks"]["heartbeats"]["worker_age_seconds"] >= 7200

    WorkerHeartbeat.objects.filter(name="worker").update(last_seen=timezone.now())
    response, body = get_health(client, strict=1)
    assert body["checks"]["heartbeats"]["ok"] is True
    assert response.status_code == 200


def test_a_second_scheduler_is_detected(client, settings, monkeypatch):
    monkeypatch.setattr("conferences.ops.health.check_redis", lambda: {"ok": True, "configured": True})
    settings.REDIS_URL = "redis://example.invalid:6379/0"
    WorkerHeartbeat.objects.create(name="worker", last_seen=timezone.now())
    beat_heartbeat_once()
    # A beat that died long ago does not count; one on another server a minute ago does.
    WorkerHeartbeat.objects.create(name="beat:old-server:42", last_seen=timezone.now() - datetime.timedelta(days=1))
    _, body = get_health(client)
    assert body["checks"]["heartbeats"]["schedulers_seen"] == 1
    assert body["status"] == "ok"

    WorkerHeartbeat.objects.create(name="beat:other-server:4242", last_seen=timezone.now())
    response, body = get_health(client, strict=1)

    assert body["checks"]["heartbeats"]["schedulers_seen"] == 2
    assert body["status"] == "degraded"
    assert response.status_code == 503


def test_heartbeat_schedule_migration_installs_one_periodic_task():
    import importlib

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    migration = importlib.import_module("conferences.migrations.0080_heartbeat_schedule")
    # A transactional test earlier in the run may have truncated what the migration wrote: write it again.
    PeriodicTask.objects.filter(task="conferences.heartbeat").delete()
    migration.create_schedule(apps, None)
    migration.create_schedule(apps, None)

    task = PeriodicTask.objects.get(task="conferences.heartbeat")
    assert task.enabled
    assert json.loads(task.kwargs) == {"name": "worker"}
    assert task.interval.every == 1 and task.interval.period == "minutes"
