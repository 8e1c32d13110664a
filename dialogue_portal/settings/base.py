"""Settings shared by every environment, read from the environment through django-environ."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_HASHES
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(str(BASE_DIR / ".env"), overwrite=False)

# Everything the portal writes at run time (SQLite file, uploads, mail files, collected static) lives here.
VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))
NODE_MODULES_DIR = Path(env("NODE_MODULES_DIR", default=str(BASE_DIR / "node_modules")))

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "django_celery_beat",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "conferences",
    "petitions",
    "reports",
    "dialogue_portal.accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dialogue_portal.middleware.PortalLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dialogue_portal.middleware.NoStoreMiddleware",
    "dialogue_portal.accounts.middleware.StaffSessionMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dialogue_portal.urls"
WSGI_APPLICATION = "dialogue_portal.wsgi.application"
ASGI_APPLICATION = "dialogue_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "conferences.organisation.context_processors.portal",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names PostgreSQL (psycopg 3).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the Celery worker and the web process read while the other writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL;")
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and Celery: Redis when REDIS_URL is set, otherwise in-process (locmem cache, eager tasks).
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("CACHE_URL", default=REDIS_URL),
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="dp"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="dialogue_portal")
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# A request must never hang because the broker is down: fail fast, the outbox relay catches up later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2,
                                   "socket_connect_timeout": 2, "socket_timeout": 2}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# E-mail: SMTP from EMAIL_URL (smtp+tls://user:pass@host:587) in production, files under var/mail/ otherwise.
EMAIL_URL = env("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Cổng đối thoại doanh nghiệp <no-reply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
ADMINS = [("Admin", a) for a in env.list("ADMIN_EMAILS", default=[])]

# Outbox: every e-mail / SMS is a row first; attempts with exponential back-off, then "failed" for staff.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=6)
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=60)
OUTBOX_STALE_SENDING_MINUTES = env.int("OUTBOX_STALE_SENDING_MINUTES", default=15)
# After the broker refused a message, requests stop trying it for this long (the relay delivers meanwhile).
OUTBOX_BROKER_DOWN_SECONDS = env.int("OUTBOX_BROKER_DOWN_SECONDS", default=30)
# /healthz: outbox messages due longer than this are a backlog; heartbeats older than this are stale.
HEALTH_OUTBOX_BACKLOG_MINUTES = env.int("HEALTH_OUTBOX_BACKLOG_MINUTES", default=15)
HEALTH_HEARTBEAT_MAX_AGE_SECONDS = env.int("HEALTH_HEARTBEAT_MAX_AGE_SECONDS", default=300)
OUTBOX_MESSAGE_ID_DOMAIN = env("OUTBOX_MESSAGE_ID_DOMAIN", default="dialogue-portal.local")

# Petition alerts (petitions/reminders.py, run every 10 minutes by django-celery-beat): Phòng Kinh tế hears
# of each new petition "immediate"ly or in a daily "digest"; daily digests (new petitions, and each unit's
# petitions due within 3 working days or late) go out on working days from this local hour.
PETITION_NEW_NOTICE = env("PETITION_NEW_NOTICE", default="immediate")
PETITION_DIGEST_HOUR = env.int("PETITION_DIGEST_HOUR", default=7)
# The conference reminder to registrants (petitions/registration/reminders.py, hourly): this many working days
# before the conference (conferences.workdays), from this local hour.
CONFERENCE_REMINDER_WORKING_DAYS = env.int("CONFERENCE_REMINDER_WORKING_DAYS", default=2)
CONFERENCE_REMINDER_HOUR = env.int("CONFERENCE_REMINDER_HOUR", default=8)

# SMS through an HTTP gateway following eSMS.vn's SendMultipleMessage_V4_post_json; with no URL, SMS are
# written as files under var/sms/ (like the file e-mail backend).
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_API_KEY = env("SMS_GATEWAY_API_KEY", default="")
SMS_GATEWAY_SECRET = env("SMS_GATEWAY_SECRET", default="")
SMS_BRANDNAME = env("SMS_BRANDNAME", default="")
# SMS with Vietnamese diacritics (UCS-2, 70 characters a message) or without (GSM-7, 160): one for every SMS.
SMS_UNICODE = env.bool("SMS_UNICODE", default=False)
# The portal's public address, for links in SMS and e-mail (no trailing slash).
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
SMS_GATEWAY_TIMEOUT = env.float("SMS_GATEWAY_TIMEOUT", default=10)
SMS_FILE_PATH = VAR_DIR / "sms"

# Zalo Notification Service (ZNS, conferences/outbox/zns.py): a third channel, on when ZALO_ZNS_URL is set.
# The OA's app id and secret, the first refresh token (from the OA's authorisation; later pairs rotate and are
# stored encrypted with ZALO_TOKEN_KEY, a Fernet key of its own: python -c "from cryptography.fernet import
# Fernet; print(Fernet.generate_key().decode())"), token lifetimes, the template id and parameters of each message
# kind (JSON), and the ZNS error codes of each failure (cannot be checked from here: take them from Zalo's
# documentation for the OA's API version). PORTAL_BASE_URL makes the status links in the templates absolute.
ZALO_ZNS_URL = env("ZALO_ZNS_URL", default="")
ZALO_OAUTH_URL = env("ZALO_OAUTH_URL", default="https://oauth.zaloapp.com")
ZALO_APP_ID = env("ZALO_APP_ID", default="")
ZALO_APP_SECRET = env("ZALO_APP_SECRET", default="")
ZALO_REFRESH_TOKEN = env("ZALO_REFRESH_TOKEN", default="")
ZALO_TOKEN_KEY = env("ZALO_TOKEN_KEY", default="")
ZALO_ACCESS_TOKEN_SECONDS = env.int("ZALO_ACCESS_TOKEN_SECONDS", default=90000)
ZALO_REFRESH_TOKEN_DAYS = env.int("ZALO_REFRESH_TOKEN_DAYS", default=90)
ZALO_RENEW_MARGIN_SECONDS = env.int("ZALO_RENEW_MARGIN_SECONDS", default=600)
ZALO_TIMEOUT = env.float("ZALO_TIMEOUT", default=10)
ZALO_ZNS_TEMPLATES = env.json("ZALO_ZNS_TEMPLATES", default={})
ZALO_ERRORS_TOKEN = env.list("ZALO_ERRORS_TOKEN", default=["-124"])
ZALO_ERRORS_TEMPLATE = env.list("ZALO_ERRORS_TEMPLATE", default=["-109", "-111", "-112", "-131"])
ZALO_ERRORS_NOT_ON_ZALO = env.list("ZALO_ERRORS_NOT_ON_ZALO", default=["-108", "-118", "-119", "-139"])
ZALO_ERRORS_QUOTA = env.list("ZALO_ERRORS_QUOTA", default=["-115", "-144"])
ZALO_ERRORS_TRANSIENT = env.list("ZALO_ERRORS_TRANSIENT", default=["-100", "-123"])
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="")

# Official documents (Decree 30): a serif font with Times New Roman metrics and full Vietnamese coverage,
# embedded in the PDFs. The first directory holding a complete family (Liberation Serif 2.x, then Tinos) wins.
DOCUMENT_FONT_DIRS = env.list("DOCUMENT_FONT_DIRS", default=[
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/croscore",
])

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Staff accounts (accounts app, docs/security.md). django-axes checks every authentication for a lockout
# before Django's own backend; it counts failures per (user name, client address), so one office behind a
# shared address is not locked out by a colleague's typos, and a successful login clears the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "dialogue_portal.accounts.views.lockout"
# The client's address as the rate limits see it: REMOTE_ADDR, or behind a trusted proxy
# (RATE_LIMIT_TRUSTED_PROXIES) the right-most untrusted X-Forwarded-For address; a client cannot pick it.
AXES_CLIENT_IP_CALLABLE = "dialogue_portal.accounts.lockout.client_ip"
# Axes must not record the password typed in a failed attempt (it keeps the POST keys for the log).
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2", "new_password1", "new_password2", "otp_token"]

# Two-factor authentication (TOTP + one-time recovery codes) before any staff page; on in production.
ADMIN_REQUIRE_2FA = env.bool("ADMIN_REQUIRE_2FA", default=False)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Cổng đối thoại DN")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
TWO_FACTOR_RECOVERY_CODES = 10
# Staff sessions end after this long without a request (idle) and this long after the login (absolute).
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)
STAFF_SESSION_MAX_HOURS = env.float("STAFF_SESSION_MAX_HOURS", default=10)
# The cookie cannot outlive the absolute limit (public visitors' sessions hold no login).
SESSION_COOKIE_AGE = int(STAFF_SESSION_MAX_HOURS * 3600)

# Response headers (docs/security.md). The Content-Security-Policy admits no inline script and no inline style
# of ours: scripts and styles are static files. Hashes admit exactly four inline bits of the libraries: Django
# admin's change list when a ModelAdmin turns off actions_on_top and actions_on_bottom (a <style> element; none
# of ours does yet), and on django-import-export's export form two style
# attributes and the "select all" checkbox's onchange handler (script-src-attr only: <script> elements stay
# 'self'); tests/security/test_headers.py recomputes them from the installed templates.
DJANGO_ADMIN_CHANGELIST_STYLE_HASH = "'sha256-blvLUW3UscWqsXGByNOqdBboM+ShWAuugp2mC/wbafU='"
IMPORT_EXPORT_STYLE_ATTRIBUTE_HASHES = [
    "'sha256-mHgUAqxc8GPXM/QhzkHrHujcrQTU9fd6ZjWz+icxKcA='",  # style="padding: 0;"
    "'sha256-+YWRMZ88jMyO7jVlBA52tZADiPobPIUA8LAWee68Fvs='",  # style="font-weight: bold;"
]
IMPORT_EXPORT_HANDLER_HASHES = [
    "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='",  # onchange="onSelectToggleChange(event)"
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "script-src-attr": [UNSAFE_HASHES, *IMPORT_EXPORT_HANDLER_HASHES],
        "style-src": [SELF, DJANGO_ADMIN_CHANGELIST_STYLE_HASH],
        "style-src-attr": [UNSAFE_HASHES, *IMPORT_EXPORT_STYLE_ATTRIBUTE_HASHES],
        # Bootstrap's CSS draws the select arrow, check marks and the menu icon as data: SVG images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Secret links (/tra-cuu/<code>/<secret>/) must never reach another site in a Referer header.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = {feature: [] for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "geolocation", "gyroscope",
    "magnetometer", "microphone", "midi", "payment", "usb", "browsing-topics",
)}
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# A staff form refused only because a newer login renewed the CSRF token is kept for its author (docs/security.md).
CSRF_FAILURE_VIEW = "dialogue_portal.accounts.views.csrf_failure"

# Internationalisation: Vietnamese first, English second; the Vietnamese calendar and clock.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Day-first date input and display for Vietnamese (Django's `vi` locale has no input formats: 04/03/2027 would be
# read as 3 April).
FORMAT_MODULE_PATH = ["dialogue_portal.formats"]
LANGUAGE_COOKIE_NAME = "dp_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Static files: our own under static/, front-end packages straight from node_modules (installed from npm at
# set-up, never committed, never loaded from a CDN), served by whitenoise.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES_DIR / "bootstrap" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The portal's public identity until bodies are configured in the database.
PORTAL_NAME = env("PORTAL_NAME", default="Cổng đối thoại doanh nghiệp, hợp tác xã, hộ kinh doanh")
PORTAL_DEFAULT_BODY_SLUG = env("PORTAL_DEFAULT_BODY_SLUG", default="")

# Working-day calendar. 24/11 (Ngày Văn hóa Việt Nam) is a day off by the 2026 policy and in the `holidays`
# package; set False if the law makes it a working day again. The per-process calendar cache re-reads the
# shared version key at most every CALENDAR_CACHE_RECHECK_SECONDS (other processes see an edit that late).
CALENDAR_CULTURE_DAY_IS_HOLIDAY = env.bool("CALENDAR_CULTURE_DAY_IS_HOLIDAY", default=True)
CALENDAR_CACHE_RECHECK_SECONDS = env.float("CALENDAR_CACHE_RECHECK_SECONDS", default=2.0)

# Public registration (Phụ lục II): per-IP limits on POST ("<count>/<s|m|h|d>"; empty = no limit). Both fail
# open when the cache is down: a registration is never refused because Redis is unreachable.
REGISTRATION_RATE_LIMIT = env("REGISTRATION_RATE_LIMIT", default="20/h")
# Submissions refused by validation count toward their own, higher limit (a person correcting mistakes).
REGISTRATION_INVALID_RATE_LIMIT = env("REGISTRATION_INVALID_RATE_LIMIT", default="60/h")
# Public conference pages and the registration POST keep the conference they looked up for this many seconds
# per process (dropped at once in the process that saves a conference or body; other processes see a change
# at most this late). 0 turns the cache off.
PUBLIC_CONFERENCE_CACHE_SECONDS = env.float("PUBLIC_CONFERENCE_CACHE_SECONDS", default=2.0)
REGISTRATION_LOOKUP_RATE_LIMIT = env("REGISTRATION_LOOKUP_RATE_LIMIT", default="10/h")
# Reverse proxies whose X-Forwarded-For names the real client for these limits (nginx on the same host).
RATE_LIMIT_TRUSTED_PROXIES = env.list("RATE_LIMIT_TRUSTED_PROXIES", default=["127.0.0.1", "::1"])
# Largest attachment accepted with a petition, in bytes (PDF, JPG, PNG, DOCX); and how many per submission.
PETITION_ATTACHMENT_MAX_BYTES = env.int("PETITION_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
PETITION_MAX_ROWS = env.int("PETITION_MAX_ROWS", default=30)
# Most attachments per petition (the admin's uploads too) and per submission (one request of the public form).
PETITION_ATTACHMENT_MAX_PER_PETITION = env.int("PETITION_ATTACHMENT_MAX_PER_PETITION", default=5)
PETITION_ATTACHMENT_MAX_PER_SUBMISSION = env.int("PETITION_ATTACHMENT_MAX_PER_SUBMISSION", default=10)

# Personal data (Law 91/2025/QH15, Decree 356/2025/NĐ-CP; docs/personal-data.md). Registrations and everything
# personal linked to them are anonymised this many years after the end of their conference's year (the privacy
# notice quotes the number; its version changes with it). Data subjects' requests are due this long after receipt:
# Decree 356 gives 15 days to stop processing after a consent withdrawal (72 hours under the former Decree 13,
# kept as the stricter default) and 10-20 days for the other rights (the shorter bound by default).
PERSONAL_DATA_RETENTION_YEARS = env.int("PERSONAL_DATA_RETENTION_YEARS", default=5)
DATA_REQUEST_CONSENT_DUE_HOURS = env.int("DATA_REQUEST_CONSENT_DUE_HOURS", default=72)
DATA_REQUEST_CORRECTION_DUE_DAYS = env.int("DATA_REQUEST_CORRECTION_DUE_DAYS", default=10)
DATA_REQUEST_DELETION_DUE_DAYS = env.int("DATA_REQUEST_DELETION_DUE_DAYS", default=10)
# Per-IP limit on the personal-data pages' POSTs and downloads (same format as the registration limits).
DATA_REQUEST_RATE_LIMIT = env("DATA_REQUEST_RATE_LIMIT", default="10/h")

# The read API (/api/v1/, reports/api/, docs/api.md): JSON only; public endpoints limited per client address, the
# city endpoints per organisation token ("<count>/<second|minute|hour|day>"), counted in Django's cache (failing
# open); public answers cached for API_CACHE_SECONDS (0 = off).
API_PUBLIC_RATE = env("API_PUBLIC_RATE", default="120/minute")
API_TOKEN_RATE = env("API_TOKEN_RATE", default="600/hour")
API_CACHE_SECONDS = env.int("API_CACHE_SECONDS", default=300)
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_RATES": {"api_public": API_PUBLIC_RATE, "api_token": API_TOKEN_RATE},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API dữ liệu mở — Cổng đối thoại doanh nghiệp",
    "DESCRIPTION": ("Dữ liệu công khai về hội nghị đối thoại doanh nghiệp (cơ quan, hội nghị, câu trả lời được "
                    "công khai, số liệu Phụ lục I, chuyên mục Đối thoại doanh nghiệp) và, với mã truy cập của "
                    "Sở Tài chính, số liệu toàn thành phố. Không có dữ liệu cá nhân ở các điểm truy cập công khai."),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
# Digital signatures on issued documents (docs/signatures.md). SIGNING_DIR holds what the set-up makes (the demo
# CA, the SoftHSM2 token, its PIN), never committed. The body's key (its electronic seal): "pkcs11" (an HSM or a
# token through its PKCS#11 module) or "pkcs12" (a file, the fallback).
SIGNING_DIR = Path(env("SIGNING_DIR", default=str(VAR_DIR / "signing")))
SIGNING_BODY_KEY = env("SIGNING_BODY_KEY", default="pkcs11")
SIGNING_PKCS11_MODULE = env("SIGNING_PKCS11_MODULE", default="/usr/lib/softhsm/libsofthsm2.so")
SIGNING_PKCS11_TOKEN_LABEL = env("SIGNING_PKCS11_TOKEN_LABEL", default="dialogue-portal")
SIGNING_PKCS11_KEY_LABEL = env("SIGNING_PKCS11_KEY_LABEL", default="body-seal")
# Empty: the PIN the set-up wrote to SIGNING_DIR/pkcs11-pin (the demo token).
SIGNING_PKCS11_PIN = env("SIGNING_PKCS11_PIN", default="")
SIGNING_PKCS12_FILE = env("SIGNING_PKCS12_FILE", default="")
SIGNING_PKCS12_PASSWORD = env("SIGNING_PKCS12_PASSWORD", default="")
# Trust the demo CA made at set-up (never in production, where the government CA's roots are imported).
SIGNING_TRUST_DEMO_CA = env.bool("SIGNING_TRUST_DEMO_CA", default=True)
# An RFC 3161 timestamp server for the signatures (empty = none).
SIGNING_TIMESTAMP_URL = env("SIGNING_TIMESTAMP_URL", default="")
# Remote signing (the signer confirms on their phone): the service's address for the generic HTTP adapter (empty =
# off; `make run` points it at the local signing double), its API key, seconds per call, minutes before an
# unconfirmed request expires, and the page the demo shows as the signer's phone.
SIGNING_REMOTE_URL = env("SIGNING_REMOTE_URL", default="")
SIGNING_REMOTE_API_KEY = env("SIGNING_REMOTE_API_KEY", default="")
SIGNING_REMOTE_TIMEOUT = env.float("SIGNING_REMOTE_TIMEOUT", default=10.0)
SIGNING_REMOTE_EXPIRY_MINUTES = env.int("SIGNING_REMOTE_EXPIRY_MINUTES", default=5)
SIGNING_REMOTE_CONFIRM_URL = env("SIGNING_REMOTE_CONFIRM_URL", default="")
# Largest signed PDF a signer may upload, in bytes.
SIGNING_UPLOAD_MAX_BYTES = env.int("SIGNING_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
# The public "Kiểm tra văn bản" page parses untrusted files: largest file (bytes), most pages, seconds and memory
# (bytes, beyond what the forked worker maps already) the parsing child process may use, and a per-address
# limit like REGISTRATION_LOOKUP_RATE_LIMIT.
VERIFY_MAX_BYTES = env.int("VERIFY_MAX_BYTES", default=10 * 1024 * 1024)
VERIFY_MAX_PAGES = env.int("VERIFY_MAX_PAGES", default=200)
VERIFY_PARSE_SECONDS = env.float("VERIFY_PARSE_SECONDS", default=10.0)
VERIFY_MAX_MEMORY_BYTES = env.int("VERIFY_MAX_MEMORY_BYTES", default=512 * 1024 * 1024)
VERIFY_RATE_LIMIT = env("VERIFY_RATE_LIMIT", default="30/h")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"},
                # WeasyPrint logs every layout step at INFO; keep its warnings (missing fonts, refused URLs).
                "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"},
                # django-axes logs every login at INFO; failures and lockouts are WARNING.
                "axes": {"level": "WARNING"}},
}
