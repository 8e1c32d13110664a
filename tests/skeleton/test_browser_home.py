"""The home page in a real browser (Debian's Chromium driven by Playwright): Vietnamese, styled, no errors."""

from urllib.parse import urlparse

import pytest


@pytest.fixture
def browser_page(chromium):
    context = chromium.new_context(locale="en-US", viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_home_page_renders_in_vietnamese_styled_and_without_console_errors(live_server, browser_page):
    page = browser_page
    console_errors, foreign_requests = [], []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: console_errors.append(str(exc)))
    live_host = urlparse(live_server.url).netloc
    page.on("request", lambda req: foreign_requests.append(req.url)
            if urlparse(req.url).netloc not in (live_host, "") else None)

    response = page.goto(live_server.url + "/")
    page.wait_for_load_state("networkidle")

    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "vi"
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Hội nghị đối thoại với doanh nghiệp, hợp tác xã, hộ kinh doanh"
    # Bootstrap applied: .container gets horizontal padding and the navbar collapses on a phone.
    assert page.evaluate("getComputedStyle(document.querySelector('.container')).paddingLeft") == "12px"
    assert page.get_by_role("button", name="Mở menu").is_visible()
    # The portal's own stylesheet applied on top: the red header band.
    assert page.evaluate("getComputedStyle(document.querySelector('.navbar')).backgroundColor") == "rgb(163, 20, 27)"
    # Nothing wider than a phone screen: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert console_errors == []
    assert foreign_requests == []
