"""Two-factor authentication with the production flag on: enrolment (QR code, secret, confirmation, recovery
codes shown once), verification by TOTP or a recovery code before every staff page, reset by an administrator."""

import re
from base64 import b32decode
from urllib.parse import quote

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from conferences.models import Conference
from dialogue_portal.accounts.two_factor import recovery_codes_replace
from tests.factories import ScopingWorld

pytestmark = pytest.mark.django_db

ENROL = reverse("two_factor:enrol")
VERIFY = reverse("two_factor:verify")
WRONG_CODE = "Mã không đúng hoặc đã được dùng"


@pytest.fixture(autouse=True)
def _two_factor_required(settings):
    settings.ADMIN_REQUIRE_2FA = True


@pytest.fixture
def world():
    return ScopingWorld()


def code_for(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def enrolled(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return device


def test_without_a_device_the_admin_leads_to_enrolment_and_then_works(client, world):
    client.force_login(world.economic)
    response = client.get("/admin/petitions/petition/")
    assert response.status_code == 302
    assert response.url == f"{ENROL}?next={quote('/admin/petitions/petition/', safe='')}"

    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Bật xác thực hai bước" in html and "<svg" in html  # the QR code, drawn inline
    device = TOTPDevice.objects.get(user=world.economic, confirmed=False)
    secret = re.search(r'class="two-factor-secret">([A-Z2-7 ]+)<', html).group(1)
    assert b32decode(secret.replace(" ", "")) == device.bin_key  # the secret typed by hand is the QR's
    assert "no-store" in page.headers["Cache-Control"]

    wrong = client.post(response.url, {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "Mã xác thực không đúng" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=world.economic, confirmed=True).exists()

    confirmed = client.post(response.url, {"code": code_for(device)})
    assert confirmed.status_code == 302
    assert confirmed.url.startswith(reverse("two_factor:recovery_codes"))
    codes_page = client.get(confirmed.url).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", codes_page)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert 'href="/admin/petitions/petition/"' in codes_page  # "continue" goes where the user was going
    # Shown once: a reload shows them no more.
    assert client.get(confirmed.url).status_code == 302
    assert StaticDevice.objects.get(user=world.economic).token_set.count() == 10
    assert client.get("/admin/petitions/petition/").status_code == 200


def test_with_a_device_every_staff_page_asks_for_the_code_first(client, world):
    device = enrolled(world.economic)
    client.force_login(world.economic)
    for url in ("/admin/", "/admin/petitions/petition/", reverse("reports:report_index"),
                reverse("admin:conferences_calendarentry_year", args=[2026])):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == f"{VERIFY}?next={quote(url, safe='')}", url
    # Public pages do not ask.
    assert client.get("/").status_code == 200

    page = client.get(f"{VERIFY}?next=/admin/petitions/petition/")
    assert "Nhập mã 6 chữ số" in page.content.decode()
    wrong = client.post(VERIFY, {"code": "12345", "next": "/admin/petitions/petition/"})
    assert wrong.status_code == 200
    assert WRONG_CODE in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    device.throttle_reset()  # the wrong code made django-otp wait 1 s before the next try
    right = client.post(VERIFY, {"code": code_for(device), "next": "/admin/petitions/petition/"})
    assert right.status_code == 302 and right.url == "/admin/petitions/petition/"
    assert client.get("/admin/petitions/petition/").status_code == 200


def test_the_admins_own_pages_work_behind_the_second_factor(client, world):
    Conference.objects.filter(pk=world.hh_conf.pk).update(status=Conference.Status.HELD)
    enrolled(world.superuser)
    client.force_login(world.superuser)
    device = TOTPDevice.objects.get(user=world.superuser)
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
    for url in (reverse("admin:conferences_calendarentry_year", args=[2026]),
                reverse("admin:conferences_conference_dashboard"),
                reverse("admin:conferences_conference_transition", args=[world.hh_conf.pk]),
                reverse("admin:conferences_conference_check_in", args=[world.hh_conf.pk]),
                reverse("admin:petitions_registration_import"),
                reverse("reports:dashboard")):
        assert client.get(url).status_code == 200, url


def test_a_recovery_code_works_once(client, world):
    enrolled(world.economic)
    codes = recovery_codes_replace(user=world.economic)
    client.force_login(world.economic)
    response = client.post(VERIFY, {"code": codes[0].upper().replace("-", " "), "next": "/admin/"}, follow=True)
    # The own page first (a new set of codes is one button away), then on to where the user was going.
    assert response.redirect_chain == [(f"{reverse('two_factor:overview')}?next=%2Fadmin%2F", 302)]
    html = response.content.decode()
    assert "Bạn vừa dùng một mã dự phòng; còn 9 mã." in html and "Còn 9 mã dự phòng chưa dùng." in html
    assert 'href="/admin/"' in html

    client.logout()
    client.force_login(world.economic)
    StaticDevice.objects.filter(user=world.economic).update(throttling_failure_count=0)
    again = client.post(VERIFY, {"code": codes[0], "next": "/admin/"})
    assert again.status_code == 200
    assert WRONG_CODE in again.content.decode()
    StaticDevice.objects.filter(user=world.economic).update(throttling_failure_count=0)  # django-otp's 1 s wait
    assert client.post(VERIFY, {"code": codes[1], "next": "/admin/"}).status_code == 302


def test_repeated_wrong_codes_make_the_user_wait(client, world):
    device = enrolled(world.economic)
    client.force_login(world.economic)
    client.post(VERIFY, {"code": "000001"})
    response = client.post(VERIFY, {"code": code_for(device)})  # right, but within the wait
    assert response.status_code == 200
    assert "Đã nhập sai nhiều lần" in response.content.decode()


def test_an_administrator_resets_a_lost_device(client, world):
    enrolled(world.economic)
    recovery_codes_replace(user=world.economic)
    admin_device = enrolled(world.superuser)
    client.force_login(world.superuser)
    client.post(VERIFY, {"code": code_for(admin_device)})
    changelist = reverse("admin:accounts_stafftwofactor_changelist")
    listing = client.get(changelist)
    assert listing.status_code == 200
    response = client.post(changelist, {"action": "reset_two_factor", "_selected_action": [world.economic.pk]},
                           follow=True)
    assert "Đã đặt lại xác thực hai bước cho 1 tài khoản" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.economic).exists()
    assert not StaticDevice.objects.filter(user=world.economic).exists()

    # At the next login the user enrols again.
    client.force_login(world.economic)
    assert client.get("/admin/").url.startswith(ENROL)


def test_only_system_administrators_see_the_reset_page(client, world):
    enrolled(world.economic)
    client.force_login(world.economic)
    client.post(VERIFY, {"code": code_for(TOTPDevice.objects.get(user=world.economic))})
    assert client.get(reverse("admin:accounts_stafftwofactor_changelist")).status_code == 403


def test_own_page_makes_a_new_set_of_recovery_codes(client, world):
    device = enrolled(world.economic)
    old = recovery_codes_replace(user=world.economic)
    client.force_login(world.economic)
    client.post(VERIFY, {"code": code_for(device)})
    assert "Còn 10 mã dự phòng" in client.get(reverse("two_factor:overview")).content.decode()
    response = client.post(reverse("two_factor:recovery_codes_new"), {"next": "/admin/"}, follow=True)
    new = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)


def test_flag_off_no_second_factor_is_asked(client, world, settings):
    settings.ADMIN_REQUIRE_2FA = False
    enrolled(world.economic)
    client.force_login(world.economic)
    assert client.get("/admin/").status_code == 200
