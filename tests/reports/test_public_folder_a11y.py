"""Every public page through axe-core in Debian's Chromium, on a 360 px phone and a desktop: no serious or critical
WCAG 2.1 A/AA violations. axe-core comes from npm (node_modules) and is injected by the test only."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from conferences.models import Conference, Registration
from tests.signing import outside_event_loop

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1366, "height": 900}}


def _public_paths() -> list[str]:
    held = Conference.objects.get(body__slug="xa-hai-hung", year=2026, status=Conference.Status.REPORTED)
    upcoming = Conference.objects.filter(body__slug="xa-hai-hung").exclude(pk=held.pk).first()
    slug = held.body.slug
    folder = f"/{slug}/doi-thoai-doanh-nghiep/"
    paths = ["/", "/cong-cu/tinh-han/", "/doi-thoai-doanh-nghiep/", folder, f"{folder}2026/",
             f"{folder}2026/thong-bao/", f"{folder}2026/noi-dung/", f"{folder}2026/ket-qua/", f"{folder}2026/ket-luan/",
             f"{folder}2026/tra-loi/", f"{folder}2026/tra-loi/?q=dat+dai", f"{folder}2026/so-lieu/",
             f"{folder}?q=dat+dai", f"/{slug}/hoi-nghi/2026/", f"/{slug}/tra-cuu/"]
    if upcoming:
        paths += [f"/{slug}/hoi-nghi/{upcoming.year}/", f"/{slug}/hoi-nghi/{upcoming.year}/dang-ky/"]
        registration = Registration.objects.filter(conference=upcoming).first()
        if registration:
            paths.append(f"/{slug}/tra-cuu/{registration.code}/{registration.secret}/")
    return paths



@pytest.mark.browser
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_public_pages_have_no_serious_accessibility_violations(live_server, chromium, role_groups,
                                                               calendar_2026):
    assert AXE.exists(), "npm ci installs axe-core"
    # One test for both sizes: a transactional test flushes the demo (and the role groups) when it ends.
    # The demo signs its issued documents (pyHanko runs its own event loop): outside Playwright's loop.
    outside_event_loop(call_command, "load_demo", verbosity=0)
    paths = _public_paths()
    found = {}
    for viewport, path in [(v, p) for v in sorted(VIEWPORTS) for p in paths]:
        # axe-core is injected as an inline script, which the portal's Content-Security-Policy refuses: the
        # checker's own script bypasses it (tests/security/test_csp_browser.py checks the pages under the policy).
        context = chromium.new_context(viewport=VIEWPORTS[viewport], bypass_csp=True)
        page = context.new_page()
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
        bad = [f"{v['id']}: {v['nodes'][0]['target']} {v['nodes'][0].get('failureSummary', '')[:200]}"
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
        if bad:
            found[f"{viewport} {path}"] = bad
        # Usable at 360 px: nothing wider than the screen.
        if viewport == "phone":
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        context.close()
    assert found == {}
