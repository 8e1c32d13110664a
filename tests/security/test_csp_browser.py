"""In Chromium, under the real Content-Security-Policy: a staff member logs in, enrols the authenticator app
(QR page, code, recovery codes) and opens the admin's pages, including the portal's own views; a view-only
officer and a member of the public open theirs. No page breaks the policy or logs an error."""

import re
from base64 import b32decode

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_otp.oath import totp

from conferences.models import Conference
from petitions.registration.views import status_url
from tests.factories import ScopingWorld, UpcomingConferenceFactory

# Every policy violation is also recorded from the page itself (the console message may be worded differently).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ""}`);
});
"""


@pytest.fixture
def browser_page(chromium):
    context = chromium.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    yield context.new_page()
    context.close()


class Visitor:
    """Opens pages and collects console errors, uncaught exceptions and CSP violations per page."""

    def __init__(self, page, base_url):
        self.page, self.base_url, self.problems = page, base_url, []
        page.on("console", lambda msg: self.problems.append(f"{page.url}: {msg.text}")
                if msg.type == "error" else None)
        page.on("pageerror", lambda exc: self.problems.append(f"{page.url}: {exc}"))

    def open(self, path):
        response = self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("load")
        self.check()
        return response

    def check(self):
        for violation in self.page.evaluate("window.__cspViolations"):
            self.problems.append(f"{self.page.url}: CSP {violation}")

    def log_in(self, username, password="matkhau-thu-nghiem"):
        self.open(reverse("admin:login"))
        self.page.get_by_label("Tên đăng nhập").fill(username)
        self.page.get_by_label("Mật khẩu").fill(password)
        self.page.get_by_role("button", name="Đăng nhập").click()
        self.page.wait_for_load_state("load")
        self.check()


@pytest.mark.browser
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_admin_and_public_pages_work_under_the_policy(live_server, browser_page, settings):
    settings.ADMIN_REQUIRE_2FA = True
    world = ScopingWorld()
    Conference.objects.filter(pk=world.hh_conf.pk).update(status=Conference.Status.HELD)
    visitor = Visitor(browser_page, live_server.url)
    page = browser_page

    # Log in, then the enrolment page: QR code drawn, secret in text; the code from the "app" confirms it.
    visitor.log_in("quantri")
    assert "/admin/xac-thuc/dang-ky/" in page.url
    assert page.locator(".two-factor-qr svg").bounding_box()["width"] == 200  # admin-pages.css applied
    secret = page.locator(".two-factor-secret").inner_text().replace(" ", "")
    code = f"{totp(b32decode(secret)):06d}"
    page.get_by_label("Mã xác thực").fill(code)
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state("load")
    visitor.check()
    assert page.locator(".recovery-codes li").count() == 10
    page.get_by_role("link", name="Tôi đã lưu các mã, tiếp tục").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", name="Quản trị hệ thống").is_visible()

    hh_conf, registration = world.hh_conf, world.hh_reg
    for path in (
        reverse("admin:petitions_petition_changelist"),
        reverse("admin:petitions_petition_change", args=[world.p_kt.pk]),
        reverse("admin:petitions_petition_add"),
        reverse("admin:petitions_petition_export"),
        reverse("admin:conferences_registration_changelist"),
        reverse("admin:conferences_registration_add"),
        reverse("admin:conferences_registration_change", args=[registration.pk]),
        reverse("admin:conferences_conference_change", args=[hh_conf.pk]),
        reverse("admin:conferences_conference_dashboard"),
        reverse("admin:conferences_calendarentry_year", args=[2026]),
        reverse("admin:petitions_registration_import"),
        reverse("admin:django_celery_beat_periodictask_add"),
        reverse("admin:accounts_stafftwofactor_changelist"),
        reverse("admin:auth_user_change", args=[world.economic.pk]),
        reverse("reports:report_index"),
        reverse("reports:dashboard"),
    ):
        assert visitor.open(path).status == 200, path
    # The check-in page's own stylesheet applies (it was an inline <style>).
    visitor.open(reverse("admin:conferences_conference_check_in", args=[hh_conf.pk]))
    assert page.evaluate("getComputedStyle(document.querySelector('.checkin input[type=search]')).fontSize") \
        == "20.8px"
    # django-import-export's "select all" checkbox keeps working (its onchange handler is admitted by hash).
    visitor.open(reverse("admin:petitions_petition_export"))
    page.locator("input.select-toggle").uncheck()
    assert page.locator('.selectable-field-export-row input[type="checkbox"]:checked').count() == 0
    # Filter widgets and the date picker run their scripts: the "Today" shortcut fills the date.
    visitor.open(reverse("admin:petitions_petition_add"))
    page.get_by_role("link", name="Hôm nay").first.click()
    assert page.locator("#id_received_at_0").input_value() != ""
    visitor.check()

    # A view-only officer: change lists and change pages without any action or edit button.
    page.context.clear_cookies()
    settings.ADMIN_REQUIRE_2FA = False
    # (Given directly: a transactional test may run after another emptied the role groups of the migrations.)
    world.leader.user_permissions.add(*Permission.objects.filter(
        codename__in=["view_conference", "view_petition", "view_registration"]))
    visitor.log_in("lanhdao")
    for path in (reverse("admin:conferences_conference_changelist"), reverse("admin:petitions_petition_changelist")):
        assert visitor.open(path).status == 200, path

    # The public side: the registration form's script (a file now) and the honeypot hidden by the stylesheet.
    page.context.clear_cookies()
    for path in ("/", reverse("conferences:deadline_calculator"), reverse("reports_public:folder_bodies"),
                 status_url(registration)):
        assert visitor.open(path).status == 200, path
    upcoming = UpcomingConferenceFactory(year=2030)
    visitor.open(reverse("petitions:register", args=[upcoming.body.slug, 2030]))
    honeypot = page.locator(".hp-field")
    assert honeypot.count() == 1 and honeypot.bounding_box()["x"] < -1000

    assert visitor.problems == [], "\n".join(visitor.problems)
    assert re.search(r"frame-ancestors 'none'", visitor.open("/").headers["content-security-policy"])
