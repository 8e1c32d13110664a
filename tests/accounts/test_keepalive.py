"""The keep-alive ping of staff pages (static/js/staff-session.js): it restarts the idle clock and answers 204,
it never moves the absolute limit, and without it an unattended session still ends after the idle limit. Staff
pages carry the limits for the script; the login and two-factor pages do not."""

import datetime as dt
import re
import time

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from dialogue_portal.accounts.sessions import LOGIN_AT_KEY, SEEN_AT_KEY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/admin/petitions/petition/"
KEEPALIVE = reverse("staff_session:keepalive")
LOGIN = reverse("admin:login")
START = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)  # 8:00 in Hải Phòng


def minutes(n):
    return dt.timedelta(minutes=n)


def data_attributes(html: str) -> dict:
    element = re.search(r'<div id="staff-session"[^>]*>', html)
    assert element, "no keep-alive element on the page"
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', element.group(0)))


def test_the_ping_restarts_the_idle_clock_and_answers_204(client):
    with freeze_time(START) as clock:
        client.force_login(UserFactory(is_superuser=True))
        clock.tick(minutes(29))
        response = client.post(KEEPALIVE)
        assert response.status_code == 204
        assert response.content == b""
        assert client.session[SEEN_AT_KEY] == int(time.time())
        # Even right after another request (which writes the last-seen time at most once a minute).
        clock.tick(dt.timedelta(seconds=30))
        assert client.post(KEEPALIVE).status_code == 204
        assert client.session[SEEN_AT_KEY] == int(time.time())
        assert "no-store" in response.headers["Cache-Control"]
        clock.tick(minutes(29))  # 58 minutes after the login, 29 after the ping: the session goes on
        assert client.get(PAGE).status_code == 200


def test_without_a_ping_an_unattended_session_still_ends(client):
    with freeze_time(START) as clock:
        client.force_login(UserFactory(is_superuser=True))
        assert client.get(PAGE).status_code == 200
        clock.tick(minutes(30) + dt.timedelta(seconds=1))
        response = client.get(PAGE)
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)
        # A ping now (a page left open) finds the session over: it is not revived.
        assert client.post(KEEPALIVE).status_code == 302
        assert client.get(PAGE).status_code == 302


def test_pings_do_not_move_the_absolute_limit(client, settings):
    settings.STAFF_SESSION_MAX_HOURS = 1
    with freeze_time(START) as clock:
        client.force_login(UserFactory(is_superuser=True))
        login_at = client.session[LOGIN_AT_KEY]
        for _ in range(12):  # a ping every 5 minutes for the whole hour
            clock.tick(minutes(5))
            assert client.post(KEEPALIVE).status_code == 204
        assert client.session[LOGIN_AT_KEY] == login_at
        clock.tick(minutes(1))
        response = client.post(KEEPALIVE)
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)
        login_page = client.get(response.url).content.decode()
        assert "đã quá 1 giờ kể từ khi đăng nhập" in login_page


def test_anonymous_pings_are_sent_to_the_login(client):
    response = client.post(KEEPALIVE)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_a_ping_needs_the_second_factor_when_it_is_required(client, settings):
    settings.ADMIN_REQUIRE_2FA = True
    user = UserFactory(is_superuser=True)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(user)  # the password, not yet the code
    response = client.post(KEEPALIVE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor:verify"))


def test_a_ping_is_a_post(client):
    client.force_login(UserFactory(is_superuser=True))
    assert client.get(KEEPALIVE).status_code == 405


def test_staff_pages_carry_the_limits_for_the_script(client, settings):
    settings.STAFF_SESSION_MAX_HOURS = 10
    with freeze_time(START) as clock:
        client.force_login(UserFactory(is_superuser=True))
        clock.tick(minutes(10))
        html = client.get(PAGE).content.decode()
        reports_html = client.get(reverse("reports:report_index")).content.decode()
    data = data_attributes(html)
    assert data["keepalive-url"] == KEEPALIVE
    assert len(data["csrf-token"]) == 64  # a masked token (the CSRF cookie is HttpOnly)
    assert data["idle-seconds"] == "1800"
    assert data["idle-left"] == "1800"  # the page itself restarted the idle clock
    assert data["absolute-left"] == str(10 * 3600 - 600)
    assert data["ping-seconds"] == "300"
    assert data["warn-seconds"] == "120"
    assert '<script src="/static/js/staff-session.js" defer></script>' in html
    assert 'role="alert"' in html
    assert "Phiên làm việc sắp hết hạn" in html and "Tiếp tục làm việc" in html
    assert "Phiên làm việc sẽ kết thúc lúc 18:00 (10 giờ sau khi đăng nhập)" in html
    assert data_attributes(reports_html)["keepalive-url"] == KEEPALIVE  # /reports/ pages too


def test_no_keepalive_before_the_login_or_the_second_factor(client, settings):
    assert "staff-session.js" not in client.get(LOGIN).content.decode()
    settings.ADMIN_REQUIRE_2FA = True
    client.force_login(UserFactory(is_superuser=True))
    enrol = client.get(reverse("two_factor:enrol"))
    assert enrol.status_code == 200
    assert "staff-session.js" not in enrol.content.decode()
