"""Every admin page a staff role opens reads in Vietnamese: a crawl as each demo login that fails on interface
text whose Vietnamese translation is missing (English msgids of Django's and django-import-export's catalogues
found on the page)."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from conferences.models import Conference
from reports.demo import DEMO_LOGINS
from tests.reports.english_leftovers import english_leftovers

pytestmark = pytest.mark.django_db
EXTRA_PAGES = ["reports:report_index", "reports:dashboard", "reports:outgoing_register", "admin:password_change",
               "two_factor:overview", "two_factor:enrol", "two_factor:verify", "two_factor:recovery_codes"]


def admin_pages(user):
    """The admin home, each model's list, add page, first object's page and its history that `user` may open."""
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if not model_admin.has_view_permission(request):
            continue
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        urls.append(reverse(f"{prefix}_changelist"))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{prefix}_add"))
        for page in ("import", "export"):  # django-import-export's pages, where the admin has them
            try:
                urls.append(reverse(f"{prefix}_{page}"))
            except NoReverseMatch:
                pass
        first = model_admin.get_queryset(request).order_by("-pk").first()
        if first is not None:
            urls += [reverse(f"{prefix}_change", args=[first.pk]), reverse(f"{prefix}_history", args=[first.pk])]
    for name in EXTRA_PAGES:
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            pass
    return urls


def test_login_and_password_reset_pages_are_in_vietnamese(client):
    found = {}
    for url in (reverse("admin:login"), reverse("admin_password_reset")):
        page = client.get(url).content.decode()
        if leftovers := english_leftovers(page):
            found[url] = sorted(leftovers)
    assert not found, found


@pytest.mark.parametrize("username", [login.username for login in DEMO_LOGINS
                                      if not login.username.endswith(".hadong")])
def test_every_admin_page_of_each_role_is_in_vietnamese(client, username):
    call_command("load_demo", verbosity=0, quiet_logins=True)
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    found = {}
    for url in admin_pages(user):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        if leftovers := english_leftovers(response.content.decode()):
            found[url] = sorted(leftovers)
    assert not found, "\n".join(f"{url}: {words}" for url, words in found.items())


def test_greeting_uses_the_given_name_and_history_reads_lich_su(client):
    call_command("load_demo", verbosity=0, quiet_logins=True)
    user = get_user_model().objects.get(username="kinhte.haihung")
    assert (user.last_name, user.first_name, user.get_full_name()) == ("Nguyễn Thị", "Thu Hà", "Nguyễn Thị Thu Hà")
    client.force_login(user)
    home = client.get(reverse("admin:index")).content.decode()
    assert "<strong>Thu Hà</strong>" in home and "Chào mừng bạn," in home
    conference = Conference.objects.filter(body__slug="xa-hai-hung").first()
    page = client.get(reverse("admin:conferences_conference_change", args=[conference.pk])).content.decode()
    assert "Lịch sử" in page and "Bản ghi nhớ" not in page


def test_user_admin_names_the_vietnamese_name_fields(admin_client):
    page = admin_client.get(reverse("admin:auth_user_change", args=[
        get_user_model().objects.get(username="admin").pk])).content.decode()
    assert "Họ và tên đệm" in page and "Ví dụ: Thu Hà" in page
    assert page.index('name="last_name"') < page.index('name="first_name"')
