"""Browser helpers for the staff pages' tests: one Chromium per test module, logging in, reading "Việc cần làm"
and checking that a page fits its screen."""

import pytest
from django.urls import reverse

from tests.conftest import CHROMIUM_FLAGS

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
PASSWORD = "matkhau-thu-nghiem"

# Elements that scroll sideways inside their own box (a list's table on a phone may; nothing at 1366 should).
SIDEWAYS_SCROLLERS = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '')
         + ' ' + e.scrollWidth + '/' + e.clientWidth)"""


@pytest.fixture(scope="module")
def browser(chromium_path):
    """One Debian Chromium for the whole module (each test opens its own contexts)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread while the module runs; Django's database use
    # from the tests stays synchronous and safe (as in tests/conftest.py's `chromium`).
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
            yield launched
            from django.db import connections

            connections.close_all()
            launched.close()


def restore_role_permissions() -> None:
    """The role groups with the permissions their migrations grant, as on a fresh database: a transactional test
    earlier in the run truncated them. Each role migration's `create_roles` / `grant` runs again on the migrated
    state (its historical models, as when it ran)."""
    import importlib
    import pkgutil

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    apps = MigrationLoader(connection).project_state().apps
    for app in ("conferences", "petitions", "reports"):
        package = importlib.import_module(f"{app}.migrations")
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            module = importlib.import_module(f"{app}.migrations.{info.name}")
            for name in ("create_roles", "grant"):
                if callable(getattr(module, name, None)):
                    getattr(module, name)(apps, None)


def log_in(browser, base_url: str, username: str, viewport=LAPTOP, password: str = PASSWORD, bypass_csp=False):
    """A fresh context (Vietnamese, Vietnam's time zone, side menu as Django opens it) logged in as `username`."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=viewport,
                                  bypass_csp=bypass_csp)
    page = context.new_page()
    page.goto(base_url + reverse("admin:login"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("load")
    return context, page


def page_overflow(page) -> int:
    """How many pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate("Math.max(0, document.documentElement.scrollWidth - window.innerWidth)")


def assert_fits(page, screenshot, *, boxes_may_scroll: bool = False) -> None:
    """The page has no sideways scroll, nor (unless `boxes_may_scroll`) any box in it; a screenshot is kept."""
    page.screenshot(path=str(screenshot), full_page=True)
    assert page_overflow(page) == 0, f"{page.url} is {page_overflow(page)} px too wide"
    if not boxes_may_scroll:
        assert page.evaluate(SIDEWAYS_SCROLLERS) == [], page.url


def work_items(page) -> list[tuple[int, str]]:
    """(count, label) of each line of "Việc cần làm", in the order shown."""
    region = page.get_by_role("region", name="Việc cần làm")
    lines = [link.inner_text().split(None, 1) for link in region.get_by_role("listitem").get_by_role("link").all()]
    return [(int(count), " ".join(label.split())) for count, label in lines]


def count_of(page, label: str) -> int:
    return dict((text, n) for n, text in work_items(page))[label]


def open_most_urgent(page) -> tuple[str, int]:
    """Click the first line of "Việc cần làm" with something waiting; returns its label and count."""
    n, label = next((n, label) for n, label in work_items(page) if n)
    page.get_by_role("region", name="Việc cần làm").get_by_role("link", name=f"{n} {label}").click()
    page.wait_for_load_state("load")
    return label, n


def go_home(page) -> None:
    page.get_by_role("link", name="Quản trị Cổng đối thoại doanh nghiệp").click()
    page.wait_for_load_state("load")
