"""Every kind of staff page, as the role that works on it, in Debian's Chromium with the demo data: no serious or
critical WCAG 2.1 A/AA violation found by axe-core at 1366 × 768, and nothing wider than the screen at 1366 (no box
scrolling sideways either, with the side menu open as Django opens it), at 1920 and at 390 px (where a table may
scroll inside its own box). The pages are the admin home, every list the role's home links to with its add page
and its first change page, the outgoing-documents register and a document, the report page, the dashboard, Sở Tài
chính's Phụ lục I of the city, a conference's documents, dashboard and check-in pages."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from conferences.models import Conference
from reports.register.models import OutgoingDocument, OutgoingStatus
from tests.reports.staff_browser import (
    PHONE,
    SIDEWAYS_SCROLLERS,
    browser,
    log_in,
    page_overflow,
    restore_role_permissions,
)
from tests.signing import outside_event_loop

__all__ = ["browser"]  # the module-scoped Chromium fixture

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "DoiThoai@2026"  # the demo's
WIDE = {"width": 1920, "height": 1080}
CHANGE_PAGE = re.compile(r"^/admin/\w+/\w+/\d+/change/$")
AXE_RUN = ("axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},"
           " resultTypes: ['violations']})")


def _hrefs(page) -> list[str]:
    return page.eval_on_selector_all("#content a[href^='/']", "links => links.map(a => a.getAttribute('href'))")


def _admin_pages(page, base: str, models: tuple[str, ...] | None) -> list[str]:
    """The lists (and add pages) the role's home links to, and the first change page of each list; only those of
    `models` ("app/model") unless it is None."""
    page.goto(base + reverse("admin:index"))
    lists = [h for h in dict.fromkeys(_hrefs(page)) if re.fullmatch(r"/admin/\w+/\w+/(add/)?", h)
             and (models is None or h.split("/")[2] + "/" + h.split("/")[3] in models)]
    pages = list(lists)
    for url in [h for h in lists if not h.endswith("/add/")]:
        page.goto(base + url)
        first = next((h for h in _hrefs(page) if CHANGE_PAGE.match(h)), None)
        if first:
            pages.append(first)
    return pages


def _role_pages() -> dict[str, tuple[tuple[str, ...] | None, list[str]]]:
    """For each role: the admin models whose pages it is checked on (None: every one its home links to; Phòng Kinh
    tế sees the most) and the pages outside the admin it works on."""
    held = Conference.objects.get(body__slug="xa-hai-hung", year=2026, status=Conference.Status.REPORTED)
    documents = OutgoingDocument.objects.filter(body__slug="xa-hai-hung")
    to_sign = documents.filter(status=OutgoingStatus.AWAITING_SIGNATURE).first() or documents.first()
    issued = documents.filter(status=OutgoingStatus.ISSUED).first() or documents.first()
    register = reverse("reports:outgoing_register")
    return {
        "kinhte.haihung": (None, [register, reverse("reports:outgoing_document", args=[issued.pk]),
                                  reverse("reports:report_index"), reverse("reports:dashboard"),
                                  reverse("reports:conference_documents", args=[held.pk]),
                                  reverse("admin:conferences_conference_dashboard"),
                                  reverse("admin:conferences_conference_check_in", args=[held.pk])]),
        "xuly.haihung": (("petitions/petition",), [register]),
        "vanphong.haihung": (("conferences/registration", "conferences/invitee"),
                             [register, reverse("reports:outgoing_document", args=[issued.pk])]),
        "lanhdao.haihung": (("petitions/petition", "conferences/conference"),
                            [reverse("reports:outgoing_document", args=[to_sign.pk]), reverse("reports:dashboard")]),
        "taichinh.haiphong": (("conferences/conference",),
                              [reverse("reports:report_index"), reverse("reports:city_year", args=[2026])]),
    }


@pytest.mark.browser
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_staff_pages_are_accessible_and_fit_every_screen(live_server, browser, role_groups, calendar_2026, settings,
                                                         tmp_path):
    assert AXE.exists(), "npm ci installs axe-core"
    settings.ADMIN_REQUIRE_2FA = False
    # One test: a transactional test flushes the demo when it ends. The demo signs its issued documents (pyHanko
    # runs its own event loop): outside Playwright's.
    outside_event_loop(call_command, "load_demo", verbosity=0)
    restore_role_permissions()
    base = live_server.url
    violations, too_wide, checked = {}, {}, set()
    for username, (models, extra) in _role_pages().items():
        # axe-core is injected as an inline script, which the portal's Content-Security-Policy refuses: the
        # checker's own script bypasses it (tests/security/test_csp_browser.py checks the pages under the policy).
        context, page = log_in(browser, base, username, password=PASSWORD, bypass_csp=True)
        pages = ["/admin/", *_admin_pages(page, base, models), *extra]
        for path in pages:
            response = page.goto(base + path)
            assert response.status == 200, f"{username} {path}: {response.status}"
            page.wait_for_load_state("load")
            where = f"{username} {path}"
            kind = re.sub(r"/\d+/", "/<pk>/", path)
            if f"{username} {kind}" not in checked:  # one axe run per kind of page and role
                page.add_script_tag(path=str(AXE))
                result = page.evaluate(AXE_RUN)
                bad = [f"{v['id']}: {v['nodes'][0]['target']} {v['nodes'][0].get('failureSummary', '')[:160]}"
                       for v in result["violations"] if v["impact"] in ("serious", "critical")]
                if bad:
                    violations[where] = bad
                checked.add(f"{username} {kind}")
            for size, viewport in (("1366", None), ("1920", WIDE), ("390", PHONE)):
                if viewport:
                    page.set_viewport_size(viewport)
                scrollers = [] if size == "390" else page.evaluate(SIDEWAYS_SCROLLERS)
                if page_overflow(page) or scrollers:
                    too_wide[f"{where} at {size}"] = [f"{page_overflow(page)} px", *scrollers]
                    page.screenshot(path=str(tmp_path / (re.sub(r"\W+", "-", where) + f"-{size}.png")))
            page.set_viewport_size({"width": 1366, "height": 768})
        context.close()
    assert violations == {}
    assert too_wide == {}
