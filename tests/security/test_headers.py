"""Security headers on public and staff pages; the CSP admits no inline script and only the library styles whose
hashes it lists; our own templates carry no inline script or style."""

import base64
import hashlib
import re
from pathlib import Path

import django
import import_export
import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.mark.parametrize("staff", [False, True], ids=["public home", "staff admin index"])
def test_policy_and_headers_on_public_and_staff_pages(client, staff):
    if staff:
        client.force_login(UserFactory(is_superuser=True))
    response = client.get(reverse("admin:index") if staff else "/")
    assert response.status_code == 200
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no host
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert csp["object-src"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response.headers["Permissions-Policy"]
    assert "camera=()" in permissions and "geolocation=()" in permissions and "microphone=()" in permissions


def test_the_style_hashes_are_those_of_the_installed_libraries():
    """Django admin's change list without action bars has one inline <style>, django-import-export's export form two
    style attributes and one event handler; after an upgrade that changes them, this fails instead of the page
    silently breaking."""
    changelist = (Path(django.__file__).parent / "contrib/admin/templates/admin/change_list.html").read_text()
    inline = re.search(r"<style>(.*?)</style>", changelist, re.S).group(1)
    assert sha256(inline) == settings.DJANGO_ADMIN_CHANGELIST_STYLE_HASH
    export = (Path(import_export.__file__).parent / "templates/admin/import_export/export.html").read_text()
    attributes = sorted(set(re.findall(r'style="([^"]*)"', export)))
    assert sorted(sha256(a) for a in attributes) == sorted(settings.IMPORT_EXPORT_STYLE_ATTRIBUTE_HASHES)
    handlers = sorted(set(re.findall(r'\son[a-z]+="([^"]*)"', export)))
    assert sorted(sha256(h) for h in handlers) == sorted(settings.IMPORT_EXPORT_HANDLER_HASHES)


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=\"|javascript:", re.I)


def test_our_pages_carry_no_inline_script_or_style():
    """Templates for the browser (not the PDF and e-mail templates, which no browser runs under the CSP) and the
    HTML our Python code writes into admin pages."""
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        relative = path.relative_to(ROOT / "templates").as_posix()
        if relative.startswith(("reports/pdf/", "messages/")):
            continue
        if relative == "petitions/privacy/copy.html":
            continue  # a self-contained file sent as an attachment (read offline), never shown under the CSP
        text = path.read_text()
        # A JSON data block is not a script the browser runs.
        text = re.sub(r'<script type="application/json"', "", text)
        offenders += [f"{relative}: {m.group(0)}" for m in INLINE.finditer(text)]
    for app in ("conferences", "petitions", "reports", "dialogue_portal"):  # dialogue_portal/accounts too
        for path in (ROOT / app).rglob("*.py"):
            if {"documents", "migrations", "settings"} & set(path.parts):
                continue  # PDF / DOCX rendering; the settings' comments
            offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in INLINE.finditer(path.read_text())
                          if "<" in m.group(0) or "style=" in m.group(0)]
    assert offenders == []
