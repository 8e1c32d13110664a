"""In Chromium, under the real Content-Security-Policy, with the page's clock driven by Playwright: a staff member
typing a petition's draft answer keeps the session alive (one ping after five minutes), and when nothing happens the
notice "Phiên làm việc sắp hết hạn" comes two minutes before the idle limit; its button pings and the notice goes;
past the limit, no ping, and a notice that the text is not lost. No console error, no policy violation."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import PetitionFactory, UserFactory
from tests.security.test_csp_browser import Visitor, browser_page  # noqa: F401 (a fixture)

KEEPALIVE = reverse("staff_session:keepalive")


def is_ping(request):
    return request.method == "POST" and request.url.endswith(KEEPALIVE)


@pytest.mark.browser
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_admin_pings_while_the_person_types_and_warns_before_the_idle_limit(live_server, browser_page):  # noqa: F811
    page = browser_page
    UserFactory(username="kinhte", is_superuser=True)
    petition = PetitionFactory()
    page.clock.install()
    visitor = Visitor(page, live_server.url)
    visitor.log_in("kinhte")
    visitor.open(reverse("admin:petitions_petition_change", args=[petition.pk]))
    assert page.locator('script[src$="/static/js/staff-session.js"]').count() == 1

    # Typing, then five minutes later one ping.
    page.get_by_label("Dự thảo trả lời").fill("Kính gửi doanh nghiệp, UBND xã trả lời như sau: …")
    with page.expect_request(is_ping) as ping:
        page.clock.fast_forward("05:00")
    assert ping.value.response().status == 204

    # Then nothing: two minutes before the idle limit, the notice and its button.
    notice = page.locator("#staff-session").get_by_role("alert")
    expect(notice).to_be_empty()
    page.clock.fast_forward("28:00")
    expect(notice).to_contain_text("Phiên làm việc sắp hết hạn")
    with page.expect_request(is_ping) as ping:
        notice.get_by_role("button", name="Tiếp tục làm việc").click()
    assert ping.value.response().status == 204
    expect(notice).to_be_empty()

    # Left alone past the idle limit: no ping (it would only log out), the notice says the text is not lost.
    pings = []
    page.on("request", lambda request: pings.append(request) if is_ping(request) else None)
    page.clock.fast_forward("31:00")
    expect(notice).to_contain_text("Phiên làm việc đã kết thúc. Nội dung bạn đang nhập không bị mất")
    page.get_by_label("Dự thảo trả lời").press_sequentially(" Trân trọng.")
    assert pings == []

    visitor.check()
    assert visitor.problems == [], "\n".join(visitor.problems)
