"""Shared test set-up: which real services are here, and a loud account of what was skipped without them.

In CI (CI=true) a missing service is a failure, never a skip: the suite must have run against the real
PostgreSQL, Redis and Chromium. Locally, without them, the tests that need them skip and the run ends with a
banner listing what did not run.
"""

import os
import shutil

import pytest
from django.http import HttpRequest
from django.test import Client

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
_skipped_for_services: list[str] = []


def _redis_ping(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except Exception:
        return False


def require_service(name: str, available: bool, detail: str) -> None:
    """Fail in CI, skip loudly elsewhere, when a service a test needs is missing."""
    if available:
        return
    message = f"{name} không có / not available: {detail}"
    if IN_CI:
        pytest.fail(f"CI requires {name}: {detail}", pytrace=False)
    _skipped_for_services.append(message)
    pytest.skip(message)


@pytest.fixture
def redis_url(settings):
    """The Redis URL the deployment is configured with; the test fails in CI / skips locally without it."""
    url = settings.REDIS_URL
    require_service("Redis", bool(url) and _redis_ping(url), url or "REDIS_URL is not set")
    return url


@pytest.fixture(scope="session")
def chromium_path():
    """Debian's Chromium binary for Playwright; the test fails in CI / skips locally without it."""
    path = next((p for p in CHROMIUM_CANDIDATES if os.path.exists(p)), shutil.which("chromium"))
    require_service("Chromium", bool(path), "apt-get install chromium")
    return path


# Headless, and nothing that would try the (closed) network: updates, sync, QUIC, first-run pages.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture
def chromium(chromium_path, monkeypatch):
    """Debian's Chromium launched through Playwright's sync API; each test opens its own context (size, locale)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's database use from it is still
    # synchronous and safe, so lift Django's async guard for this test only.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        yield browser
        # Queries made while Playwright's loop runs use their own connection (asgiref's context-local storage);
        # close it so PostgreSQL can drop the test database.
        from django.db import connections

        connections.close_all()
        browser.close()


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    return [
        f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or db.get('NAME')}",
        f"redis: {settings.REDIS_URL or 'not configured (locmem cache, eager Celery)'}",
        f"CI mode: {IN_CI}",
    ]


def pytest_sessionstart(session):
    if IN_CI:
        from django.conf import settings

        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            raise pytest.UsageError(f"CI must run on PostgreSQL (DATABASE_URL), got {engine}")
        if not settings.REDIS_URL:
            raise pytest.UsageError("CI must run with REDIS_URL set to the machine's Redis")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _skipped_for_services:
        bar = "!" * 78
        terminalreporter.write_line(bar, red=True, bold=True)
        terminalreporter.write_line(
            f"{len(_skipped_for_services)} test(s) SKIPPED for lack of real services:", red=True, bold=True
        )
        for line in sorted(set(_skipped_for_services)):
            terminalreporter.write_line(f"  - {line}", red=True)
        terminalreporter.write_line("CI (CI=true) fails instead of skipping these.", red=True, bold=True)
        terminalreporter.write_line(bar, red=True, bold=True)


class LoginRequestClient(Client):
    """Django's test client whose `login()` passes a request to `authenticate()`, as django-axes (first of
    AUTHENTICATION_BACKENDS) requires; `force_login()` needs nothing. Lockout is on in tests, as in production."""

    def login(self, **credentials):
        if "request" not in credentials:
            request = HttpRequest()
            request.META["REMOTE_ADDR"] = "127.0.0.1"
            credentials["request"] = request
        return super().login(**credentials)


@pytest.fixture
def client():
    """pytest-django's `client`, able to `login()` with django-axes installed."""
    return LoginRequestClient()


@pytest.fixture(autouse=True)
def _fresh_working_day_calendar():
    """Each test starts with an empty per-process calendar cache: a rolled-back CalendarEntry of an earlier
    test must not linger in the precomputed years."""
    from conferences.calendar import workdays

    workdays.invalidate_local()
    yield
    workdays.invalidate_local()


@pytest.fixture(autouse=True)
def _broker_not_marked_down():
    """Each test starts with the outbox's "broker down" memory cleared: an outage simulated by an earlier test
    must not keep this one's messages from the broker."""
    from conferences.outbox import services as outbox

    outbox._broker_down_until = 0.0
    yield
    outbox._broker_down_until = 0.0


@pytest.fixture
def calendar_2026(db):
    """The official 2026 calendar entries of migration 0051, reloaded if a transactional test (which
    truncates every table at its end) removed them earlier in the run."""
    import importlib

    from conferences.calendar import workdays
    from conferences.models import CalendarEntry

    migration = importlib.import_module("conferences.migrations.0051_calendar_2026")
    for day, kind, name, legal_basis in migration.ENTRIES_2026:
        CalendarEntry.objects.get_or_create(date=day, defaults={"kind": kind, "name": name,
                                                                "legal_basis": legal_basis})
    workdays.invalidate_local()


@pytest.fixture
def role_groups(db):
    """The role groups of migration 0003_roles by name, recreated if a transactional test truncated them (their
    permissions are not restored: for tests that only need the groups to exist, such as load_demo)."""
    from django.contrib.auth.models import Group

    from conferences.organisation import roles

    return [Group.objects.get_or_create(name=name)[0] for name in roles.ALL_ROLES]


@pytest.fixture(scope="session", autouse=True)
def _cryptography_sees_the_real_clock_first():
    """cryptography's Rust core remembers the `datetime` class it first converts: were that freezegun's (a
    certificate made under a frozen test clock), every certificate made later with the real clock would be refused.
    Make one throwaway certificate with the real clock before any test runs."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "warm-up")])
    now = datetime.datetime.now(datetime.UTC)
    (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
     .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
     .sign(key, hashes.SHA256()))
