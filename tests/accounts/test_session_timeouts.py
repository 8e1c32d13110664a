"""Staff sessions end after STAFF_SESSION_IDLE_MINUTES without a request and STAFF_SESSION_MAX_HOURS after the
login: the next staff page logs the user out and shows the login page with a Vietnamese message."""

import time
from urllib.parse import quote

import pytest
from django.urls import reverse

from dialogue_portal.accounts.sessions import LOGIN_AT_KEY, SEEN_AT_KEY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/admin/petitions/petition/"


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def age_session(client, *, login_ago: float, seen_ago: float):
    session = client.session
    now = time.time()
    session[LOGIN_AT_KEY] = int(now - login_ago)
    session[SEEN_AT_KEY] = int(now - seen_ago)
    session.save()


def test_within_the_limits_the_session_goes_on(staff_client):
    age_session(staff_client, login_ago=9.5 * 3600, seen_ago=29 * 60)
    assert staff_client.get(PAGE).status_code == 200
    # The request counted as activity: the idle clock restarted.
    assert time.time() - staff_client.session[SEEN_AT_KEY] < 60


def test_idle_too_long_logs_out_to_the_login_page_with_a_message(staff_client):
    age_session(staff_client, login_ago=3600, seen_ago=31 * 60)
    response = staff_client.get(PAGE)
    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={quote(PAGE, safe='/')}"
    login_page = staff_client.get(response.url).content.decode()
    assert "Phiên làm việc đã kết thúc vì không có thao tác trong 30 phút. Vui lòng đăng nhập lại." in login_page
    assert staff_client.get(PAGE).status_code == 302  # logged out for good


def test_past_the_absolute_limit_logs_out_even_when_active(staff_client, settings):
    settings.STAFF_SESSION_MAX_HOURS = 10
    age_session(staff_client, login_ago=10 * 3600 + 60, seen_ago=10)
    response = staff_client.get(PAGE, follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("admin:login"))
    assert "đã quá 10 giờ kể từ khi đăng nhập" in response.content.decode()


def test_a_public_page_after_the_limit_is_served_logged_out(staff_client):
    age_session(staff_client, login_ago=3600, seen_ago=31 * 60)
    response = staff_client.get("/")
    assert response.status_code == 200
    assert "_auth_user_id" not in staff_client.session


def test_a_fresh_login_starts_both_clocks(client):
    UserFactory(username="kinhte")
    response = client.post(reverse("admin:login"), {"username": "kinhte", "password": "matkhau-thu-nghiem",
                                                    "next": "/admin/"}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    assert abs(client.session[LOGIN_AT_KEY] - time.time()) < 60
    assert abs(client.session[SEEN_AT_KEY] - time.time()) < 60
