"""Test run: the embedded default unless DATABASE_URL / REDIS_URL point at real services (CI sets both)."""

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
