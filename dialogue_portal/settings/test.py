"""Test run: the embedded default unless DATABASE_URL / REDIS_URL point at real services (CI sets both)."""

import os
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-media"
# Tests call tasks directly unless a test starts a real worker; the eager flag keeps .delay() synchronous.
CELERY_TASK_ALWAYS_EAGER = True
# Tests change conferences with QuerySet.update() too; the cache has its own tests (override_settings).
PUBLIC_CONFERENCE_CACHE_SECONDS = 0.0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so that a real Celery worker process started by a test sees the same data.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
# The limit on posts refused by validation has its own tests (test_registration_abuse.py); elsewhere many tests
# post refused forms from one address, and the counters live in Redis across tests.
REGISTRATION_INVALID_RATE_LIMIT = ""
# The API's answer cache has its own test (override_settings); others see changes at once.
API_CACHE_SECONDS = 0
# The tests' own demo CA and SoftHSM2 token (made once by tests/conftest.py's signing fixture).
SIGNING_DIR = VAR_DIR / "test-signing"

# Parallel runs (pytest-xdist; `make test` uses two workers): each worker process gets its own files, its own Redis
# database (cache, rate-limit counters) and, through pytest-django, its own test database. Worker gwN uses the Redis
# database N above the configured one. The shifted URL is exported, so that a process a test starts (a real Celery
# worker, given REDIS_URL explicitly) keeps the URL it is given instead of shifting it once more.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST_WORKER:
    MEDIA_ROOT = VAR_DIR / f"test-media-{_XDIST_WORKER}"
    SIGNING_DIR = VAR_DIR / f"test-signing-{_XDIST_WORKER}"
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{_XDIST_WORKER}.sqlite3")}
    if REDIS_URL and not os.environ.get("TEST_REDIS_URL_SHIFTED"):  # noqa: F405
        _redis = urlsplit(REDIS_URL)  # noqa: F405
        _redis_db = (int(_redis.path.strip("/") or 0) + int(_XDIST_WORKER.removeprefix("gw") or 0)) % 16
        REDIS_URL = urlunsplit(_redis._replace(path=f"/{_redis_db}"))
        os.environ["REDIS_URL"] = os.environ["TEST_REDIS_URL_SHIFTED"] = REDIS_URL
        CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
        if "CELERY_BROKER_URL" not in os.environ:
            CELERY_BROKER_URL = REDIS_URL
