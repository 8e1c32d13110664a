"""Production settings: __Host- session and CSRF cookies, two-factor on; the cookies really leave the server
with Secure, Path=/ and no Domain (what a browser requires of a __Host- cookie)."""

import json
import os
import subprocess
import sys

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import UserFactory
from tests.skeleton.test_deploy_check import PRODUCTION_ENV, ROOT

PROBE = """
import json
from django.conf import settings
print(json.dumps({name: getattr(settings, name) for name in (
    "SESSION_COOKIE_NAME", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_PATH", "SESSION_COOKIE_DOMAIN",
    "CSRF_COOKIE_NAME", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_PATH", "CSRF_COOKIE_DOMAIN", "ADMIN_REQUIRE_2FA",
    "SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT")}))
"""


def production_settings(**extra_env):
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "ADMIN_REQUIRE_2FA"}
    env.update(PRODUCTION_ENV, **extra_env)
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", PROBE], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_uses_host_prefixed_cookies_and_requires_two_factor():
    values = production_settings()
    assert values == {
        "SESSION_COOKIE_NAME": "__Host-sessionid", "SESSION_COOKIE_SECURE": True, "SESSION_COOKIE_PATH": "/",
        "SESSION_COOKIE_DOMAIN": None, "CSRF_COOKIE_NAME": "__Host-csrftoken", "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_PATH": "/", "CSRF_COOKIE_DOMAIN": None, "ADMIN_REQUIRE_2FA": True,
        "SECURE_HSTS_SECONDS": 31536000, "SECURE_SSL_REDIRECT": True,
    }


PRODUCTION_COOKIES = {
    "SESSION_COOKIE_NAME": "__Host-sessionid", "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_NAME": "__Host-csrftoken", "CSRF_COOKIE_SECURE": True,
}


@pytest.mark.django_db
@override_settings(**PRODUCTION_COOKIES)
def test_admin_login_over_https_sets_host_cookies_the_browser_accepts():
    from django.test import Client

    UserFactory(username="quantri", is_superuser=True)
    client = Client(enforce_csrf_checks=True)
    login_page = client.get(reverse("admin:login"), secure=True)
    csrf = login_page.cookies["__Host-csrftoken"]
    response = client.post(reverse("admin:login"), {
        "username": "quantri", "password": "matkhau-thu-nghiem", "next": "/admin/",
        "csrfmiddlewaretoken": login_page.context["csrf_token"]}, secure=True,
        HTTP_REFERER="https://testserver/admin/login/")
    assert response.status_code == 302 and response.url == "/admin/"
    session = response.cookies["__Host-sessionid"]
    for cookie in (csrf, session):
        assert cookie["secure"] is True
        assert cookie["path"] == "/"
        assert cookie["domain"] == ""
        assert cookie["httponly"] is True
    # The admin works with those cookies: the next request is logged in.
    assert client.get("/admin/", secure=True).status_code == 200
