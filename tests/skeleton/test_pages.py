"""The public skeleton: home page in Vietnamese, language switch, error pages, admin login and password reset."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_is_vietnamese_with_bootstrap_from_local_static(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "Hội nghị đối thoại với doanh nghiệp, hợp tác xã, hộ kinh doanh" in html
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in html
    # Commune networks are often offline: nothing may be loaded from another host at run time.
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_browser_language_does_not_switch_the_portal_to_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in response.content.decode()


def test_language_switch_turns_the_portal_to_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Business dialogue conference with enterprises, cooperatives and household businesses" in html
    response = client.post(reverse("set_language"), {"language": "vi", "next": "/"}, follow=True)
    assert '<html lang="vi">' in response.content.decode()


def test_unknown_page_answers_vietnamese_404_inside_the_layout(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert "Về trang chủ" in html


def test_server_error_page_is_vietnamese_and_needs_no_database():
    from django.test import RequestFactory

    from conferences.ops.views import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


def test_server_error_handler_is_wired(client, settings):
    from django.urls import get_resolver

    assert get_resolver().resolve_error_handler(500).__name__ == "server_error"


def test_staff_logs_into_admin(client, django_user_model):
    django_user_model.objects.create_user("canbo", "canbo@example.vn", "mat-khau-dai-123", is_staff=True)
    response = client.post(
        reverse("admin:login"),
        {"username": "canbo", "password": "mat-khau-dai-123", "next": "/admin/"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.wsgi_request.user.is_authenticated
    assert "Quản trị hệ thống" in response.content.decode()


def test_wrong_password_is_refused_in_vietnamese(client, django_user_model):
    django_user_model.objects.create_user("canbo", "canbo@example.vn", "mat-khau-dai-123", is_staff=True)
    response = client.post(reverse("admin:login"), {"username": "canbo", "password": "sai"})
    assert not response.wsgi_request.user.is_authenticated
    assert "Bạn hãy nhập đúng" in response.content.decode()


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_password_reset_by_email_lets_staff_set_a_new_password(client, django_user_model):
    user = django_user_model.objects.create_user("canbo", "canbo@example.vn", "mat-khau-cu-123", is_staff=True)
    login_page = client.get(reverse("admin:login")).content.decode()
    assert reverse("admin_password_reset") in login_page

    client.post(reverse("admin_password_reset"), {"email": "canbo@example.vn"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "mat-khau-moi-456", "new_password2": "mat-khau-moi-456"},
        follow=True,
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password("mat-khau-moi-456")
