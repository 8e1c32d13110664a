"""Login lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user name from one address the
admin login answers a Vietnamese page (HTTP 429), even to the right password; other addresses, other users and
a password reset by e-mail are not held back; behind the trusted proxy the real client address counts."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = "matkhau-thu-nghiem"
LOCKED = "tạm thời không đăng nhập được"


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = 3


@pytest.fixture
def staff():
    return UserFactory(username="kinhte", email="kinhte@example.vn")


def attempt(client, password, username="kinhte", **meta):
    meta.setdefault("REMOTE_ADDR", "203.0.113.7")
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, **meta)


def test_locked_after_the_limit_with_a_vietnamese_page(client, staff):
    for _ in range(2):
        response = attempt(client, "sai-mat-khau")
        assert response.status_code == 200  # the admin's own "wrong password" form
    locked = attempt(client, "sai-mat-khau")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert LOCKED in html and "Vui lòng thử lại sau 30 phút." in html
    assert reverse("admin_password_reset") in html
    # Even the right password is refused now, from this address.
    assert attempt(client, PASSWORD).status_code == 429
    # The same user from another address, and another user from this one, still log in.
    assert attempt(client, PASSWORD, REMOTE_ADDR="198.51.100.9").status_code == 302
    client.logout()
    UserFactory(username="vanphong")
    assert attempt(client, PASSWORD, username="vanphong").status_code == 302


def test_a_successful_login_clears_the_count(client, staff):
    attempt(client, "sai-mat-khau")
    attempt(client, "sai-mat-khau")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()
    attempt(client, "sai-mat-khau")
    assert attempt(client, "sai-mat-khau").status_code == 200  # two failures since the success: not locked


def test_behind_the_proxy_the_forwarded_client_counts_and_cannot_be_forged(client, staff):
    proxy = {"REMOTE_ADDR": "127.0.0.1"}  # nginx on the same host (RATE_LIMIT_TRUSTED_PROXIES)
    for _ in range(3):
        last = attempt(client, "sai-mat-khau", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert last.status_code == 429
    # Another client behind the same proxy is not locked out.
    assert attempt(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy).status_code == 302
    client.logout()
    # A client reaching the server directly cannot pick an address with the header.
    for _ in range(3):
        last = attempt(client, "sai-mat-khau", REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert last.status_code == 429
    assert attempt(client, PASSWORD, REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR="10.9.9.10").status_code == 429


def test_a_malformed_forwarded_address_is_not_an_error(client, staff):
    """axes stores the address in an IP column (checked by PostgreSQL): garbage from the proxy must not be a 500."""
    response = attempt(client, "sai-mat-khau", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address")
    assert response.status_code == 200
    assert attempt(client, PASSWORD, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address").status_code == 302


def test_a_password_reset_by_e_mail_lifts_the_lockout(client, staff):
    for _ in range(3):
        attempt(client, "sai-mat-khau")
    assert attempt(client, PASSWORD).status_code == 429
    uid = urlsafe_base64_encode(force_bytes(staff.pk))
    token = default_token_generator.make_token(staff)
    form_url = client.get(reverse("password_reset_confirm", args=[uid, token])).url
    done = client.post(form_url, {"new_password1": "Mat-khau-moi-2026!", "new_password2": "Mat-khau-moi-2026!"})
    assert done.status_code == 302 and done.url == reverse("password_reset_complete")
    assert attempt(client, "Mat-khau-moi-2026!").status_code == 302


def test_test_client_login_still_works(client, staff):
    """Tests log in with client.login(); django-axes needs the request, which the suite's client passes."""
    assert client.login(username="kinhte", password=PASSWORD)
    assert client.get("/admin/").status_code == 200
