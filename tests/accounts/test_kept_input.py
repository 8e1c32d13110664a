"""A form sent after the staff session ended (idle or absolute limit) is not lost: what was typed is kept in the new
session and shown once to the same person after they log in again (and give the second factor when required),
with a link back to the page. Passwords are never kept; a colleague logging in on the same browser sees nothing."""

import datetime as dt
import html
import re
import time
from urllib.parse import quote

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from dialogue_portal.accounts.kept_input import KEPT_INPUT_KEY, KEPT_INPUT_MAX_BYTES
from dialogue_portal.accounts.sessions import LOGIN_AT_KEY, SEEN_AT_KEY
from tests.conftest import LoginRequestClient
from tests.factories import PetitionFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
KEPT = reverse("staff_session:kept_input")
KEEPALIVE = reverse("staff_session:keepalive")
PASSWORD = "matkhau-thu-nghiem"
ADDRESS = "203.0.113.7"
ANSWER = ("Kính gửi Công ty TNHH Hải Hưng,\n\nVề kiến nghị thời gian cấp phép xây dựng <kéo dài> & chi phí: "
          + "UBND xã đã chỉ đạo rút ngắn thời gian giải quyết hồ sơ còn 10 ngày làm việc. " * 120
          + "\n  Trân trọng.")
MARK = "rút ngắn thời gian giải quyết hồ sơ"  # a piece of ANSWER looked for in pages and sessions
IDLE = {"login_ago": 3600, "seen_ago": 31 * 60}
ABSOLUTE = {"login_ago": 10 * 3600 + 60, "seen_ago": 10}


@pytest.fixture
def officer():
    return UserFactory(username="kinhte", is_superuser=True)


@pytest.fixture
def petition():
    return PetitionFactory()


def end_session(client, *, login_ago: float, seen_ago: float):
    session = client.session
    now = time.time()
    session[LOGIN_AT_KEY] = int(now - login_ago)
    session[SEEN_AT_KEY] = int(now - seen_ago)
    session.save()


def log_in(client, username="kinhte", next_url=KEPT):
    response = client.post(LOGIN, {"username": username, "password": PASSWORD, "next": next_url},
                           REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def shown_fields(page_html: str) -> dict[str, str]:
    """{label: text} of the read-only boxes of the kept-text page."""
    found = re.findall(r'<label for="(kept-input-[\d-]+)">(.*?)</label>\s*<textarea id="\1"([^>]*)>\n(.*?)</textarea>',
                       page_html, re.DOTALL)
    for _id, _label, attributes, _text in found:
        assert "readonly" in attributes
    return {html.unescape(label): html.unescape(text) for _id, label, _attributes, text in found}


def everything_in_sessions() -> str:
    return "\n".join(str(session.get_decoded()) for session in Session.objects.all())


@pytest.mark.parametrize("limit", [IDLE, ABSOLUTE], ids=["idle", "absolute"])
def test_an_answer_sent_after_the_session_ended_is_shown_once_after_the_new_login(client, officer, petition, limit):
    client.force_login(officer)
    end_session(client, **limit)
    change = reverse("admin:petitions_petition_change", args=[petition.pk])
    response = client.post(change, {
        "csrfmiddlewaretoken": "x" * 64, "answer_draft": ANSWER, "proposed_solution": "  ", "lead_unit": "7",
        "status": "drafted", "notes-TOTAL_FORMS": "1", "notes-0-id": "", "notes-0-text": "Cần hỏi Phòng Xây dựng.",
        "received_at_0": "04/05/2026", "_save": "Lưu"})
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={quote(KEPT, safe='/')}"
    login_page = client.get(response.url).content.decode()
    assert "Phiên làm việc đã kết thúc" in login_page
    assert "Nội dung bạn vừa gửi chưa được lưu nhưng không bị mất" in login_page
    assert MARK not in login_page  # nothing of it before the login

    assert log_in(client).url == KEPT
    page = client.get(KEPT)
    assert page.status_code == 200
    assert "no-store" in page.headers["Cache-Control"]
    text = page.content.decode()
    assert "Nội dung bạn nhập trước khi hết phiên đăng nhập" in text
    assert shown_fields(text) == {
        "Dự thảo trả lời": ANSWER,  # exactly as typed: line breaks, spaces, "<", "&"
        "Ghi chú nội bộ, dòng 1: Ghi chú nội bộ": "Cần hỏi Phòng Xây dựng.",
        "Tiếp nhận lúc": "04/05/2026",
    }  # not the chosen unit or status, the blank proposal, the buttons, the token or the formset's counters
    assert f'<a href="{change}" target="_blank" rel="noopener">' in text
    assert "<h2" in text and "Kiến nghị" in text

    # Once: a reload shows it no more, and the session no longer holds it.
    again = client.get(KEPT)
    assert again.status_code == 302
    assert again.url == reverse("admin:index")
    assert MARK not in client.get(again.url).content.decode()
    assert MARK not in everything_in_sessions()


def test_passwords_are_never_kept(client, officer):
    client.force_login(officer)
    end_session(client, **IDLE)
    secret = "MatKhauMoi#2026-rat-dai"
    response = client.post(reverse("admin:auth_user_add"), {
        "username": "canbo.moi", "password1": secret, "password2": secret,
        "csrfmiddlewaretoken": "y" * 64})
    assert response.url == f"{LOGIN}?next={quote(KEPT, safe='/')}"
    assert secret not in everything_in_sessions()
    assert "y" * 64 not in everything_in_sessions()
    log_in(client)
    text = client.get(KEPT).content.decode()
    assert shown_fields(text) == {"Tên đăng nhập": "canbo.moi"}
    assert secret not in text

    # A form of passwords only keeps nothing: the login leads to the admin's home page, as before.
    end_session(client, **IDLE)
    response = client.post(reverse("admin:password_change"), {
        "old_password": PASSWORD, "new_password1": secret, "new_password2": secret})
    assert response.url == f"{LOGIN}?next={quote(reverse('admin:index'), safe='/')}"
    assert secret not in everything_in_sessions() and PASSWORD not in everything_in_sessions()


def test_a_form_sent_after_a_ping_ended_the_session_is_kept_too(client, officer, petition):
    """Another tab's request (or the keep-alive) reached the server first and logged the session out: the form
    posted next from the page is the same person's, and is kept."""
    client.force_login(officer)
    end_session(client, **IDLE)
    assert client.post(KEEPALIVE).status_code == 302  # the session ends here
    change = reverse("admin:petitions_petition_change", args=[petition.pk])
    response = client.post(change, {"answer_draft": ANSWER})
    assert response.url == f"{LOGIN}?next={quote(KEPT, safe='/')}"
    log_in(client)
    assert shown_fields(client.get(KEPT).content.decode()) == {"Dự thảo trả lời": ANSWER}


def test_a_visitor_who_was_never_logged_in_keeps_nothing(client, petition):
    change = reverse("admin:petitions_petition_change", args=[petition.pk])
    response = client.post(change, {"answer_draft": ANSWER})
    assert response.status_code == 302
    assert response.url.startswith(LOGIN) and "phien" not in response.url
    assert MARK not in everything_in_sessions()


def test_a_colleague_logging_in_on_the_same_browser_sees_nothing(client, officer, petition):
    UserFactory(username="vanphong", is_superuser=True)
    client.force_login(officer)
    end_session(client, **IDLE)
    client.post(reverse("admin:petitions_petition_change", args=[petition.pk]), {"answer_draft": ANSWER})
    log_in(client, "vanphong", next_url=reverse("admin:index"))
    assert client.get(KEPT).url == reverse("admin:index")
    assert MARK not in client.get(reverse("admin:index")).content.decode()
    assert MARK not in everything_in_sessions()


def test_the_first_staff_page_after_the_login_leads_to_the_kept_text(client, officer, petition):
    client.force_login(officer)
    end_session(client, **IDLE)
    client.post(reverse("admin:petitions_petition_change", args=[petition.pk]), {"answer_draft": ANSWER})
    log_in(client, next_url=reverse("admin:index"))  # a login page opened without the link
    assert client.get(reverse("admin:petitions_petition_changelist")).url == KEPT
    assert client.get(KEPT).status_code == 200
    assert client.get(reverse("admin:petitions_petition_changelist")).status_code == 200  # once


def test_the_kept_text_waits_for_the_second_factor(client, officer, petition, settings):
    settings.ADMIN_REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    client.force_login(officer)
    end_session(client, **IDLE)
    client.post(reverse("admin:petitions_petition_change", args=[petition.pk]), {"answer_draft": ANSWER})
    log_in(client)
    before = client.get(KEPT)
    assert before.status_code == 302
    assert before.url == f"{reverse('two_factor:verify')}?next={quote(KEPT, safe='')}"
    device.refresh_from_db()
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    verified = client.post(before.url, {"code": code})
    assert verified.url == KEPT
    assert shown_fields(client.get(KEPT).content.decode()) == {"Dự thảo trả lời": ANSWER}


def test_the_kept_text_is_capped_and_files_are_named(client, officer, petition):
    client.force_login(officer)
    end_session(client, **IDLE)
    huge = "ă" * KEPT_INPUT_MAX_BYTES  # two bytes each in UTF-8
    client.post(reverse("admin:petitions_petition_change", args=[petition.pk]), {
        "answer_draft": huge, "attachments-0-file": SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4 ...")})
    stored = client.session[KEPT_INPUT_KEY]["entries"][0]
    assert len(stored["fields"][0]["value"].encode()) <= KEPT_INPUT_MAX_BYTES
    log_in(client)
    text = client.get(KEPT).content.decode()
    assert shown_fields(text)["Dự thảo trả lời"] == "ă" * (KEPT_INPUT_MAX_BYTES // 2)
    assert "phần vượt quá 100 KB không được giữ lại" in text
    assert "1 tệp bạn đã chọn không được giữ lại" in text


def test_expired_sessions_with_kept_text_are_deleted_every_hour(client, officer, petition):
    from django_celery_beat.models import PeriodicTask
    from freezegun import freeze_time

    from dialogue_portal.accounts.tasks import clear_expired_sessions

    task = PeriodicTask.objects.get(task="accounts.tasks.clear_expired_sessions")
    assert task.enabled and task.crontab.hour == "*"
    client.force_login(officer)
    end_session(client, **IDLE)
    client.post(reverse("admin:petitions_petition_change", args=[petition.pk]), {"answer_draft": ANSWER})
    clear_expired_sessions()
    assert MARK in everything_in_sessions()  # kept while the session lives
    with freeze_time(Session.objects.get().expire_date + dt.timedelta(seconds=1)):
        clear_expired_sessions()
    assert not Session.objects.exists()


def form_token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def test_a_form_from_a_page_older_than_a_new_login_is_kept(officer, petition):
    """The person logged in again in another tab (which renews the CSRF token), then saved the old page."""
    client = LoginRequestClient(enforce_csrf_checks=True)
    client.force_login(officer)
    change = reverse("admin:petitions_petition_change", args=[petition.pk])
    old_token = form_token(client.get(change))
    client.post(reverse("admin:logout"), {"csrfmiddlewaretoken": old_token})
    client.post(LOGIN, {"username": "kinhte", "password": PASSWORD, "next": "/admin/",
                        "csrfmiddlewaretoken": form_token(client.get(LOGIN))}, REMOTE_ADDR=ADDRESS)
    response = client.post(change, {"csrfmiddlewaretoken": old_token, "answer_draft": ANSWER})
    assert response.status_code == 302
    assert response.url == KEPT
    page = client.get(KEPT).content.decode()
    assert "Trang bạn vừa gửi đã cũ" in page
    assert shown_fields(page) == {"Dự thảo trả lời": ANSWER}


def test_a_post_from_another_site_is_refused_and_keeps_nothing(officer, petition):
    client = LoginRequestClient(enforce_csrf_checks=True)
    client.force_login(officer)
    change = reverse("admin:petitions_petition_change", args=[petition.pk])
    token = form_token(client.get(change))
    response = client.post(change, {"csrfmiddlewaretoken": token[::-1], "answer_draft": ANSWER},
                           HTTP_ORIGIN="https://ke-gian.example")
    assert response.status_code == 403
    assert MARK not in everything_in_sessions()
    # Without another origin, a token that matches no cookie (forged) is refused too: nothing is stored for a
    # visitor who was never logged in.
    anonymous = LoginRequestClient(enforce_csrf_checks=True)
    anonymous.get(LOGIN)
    assert anonymous.post(change, {"csrfmiddlewaretoken": token, "answer_draft": ANSWER}).status_code == 403
    assert MARK not in everything_in_sessions()
