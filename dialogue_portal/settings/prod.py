"""Production: PostgreSQL, Redis, SMTP, HTTPS behind a reverse proxy; SECRET_KEY and ALLOWED_HOSTS required."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# "__Host-" cookies: the browser accepts them only when Secure, with Path=/ and no Domain, so no sibling
# sub-domain of the commune's site can set or overwrite them.
SESSION_COOKIE_NAME = "__Host-sessionid"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_PATH = "/"
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_PATH = "/"
CSRF_COOKIE_DOMAIN = None
LANGUAGE_COOKIE_SECURE = True
# The admin asks for a TOTP code (or a recovery code) after the password.
ADMIN_REQUIRE_2FA = env.bool("ADMIN_REQUIRE_2FA", default=True)
# The demo CA made by `manage.py signing_setup` is never trusted in production (the government CA's roots are
# imported in the admin).
SIGNING_TRUST_DEMO_CA = env.bool("SIGNING_TRUST_DEMO_CA", default=False)
