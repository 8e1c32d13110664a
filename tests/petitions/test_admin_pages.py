"""Every admin page each demo role can reach renders (no 500), with the demo data loaded."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from reports.demo import DEMO_LOGINS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db

OUR_APPS = {"auth", "conferences", "petitions", "reports"}


@pytest.fixture
def demo(db):
    call_command("load_demo", "--quiet-logins")


@pytest.mark.parametrize("username", [login.username for login in DEMO_LOGINS])
def test_every_reachable_admin_page_renders(client, demo, username):
    assert client.login(username=username, password=DEMO_PASSWORD)
    assert client.get(reverse("admin:index")).status_code == 200
    for model in admin.site._registry:
        opts = model._meta
        if opts.app_label not in OUR_APPS:
            continue
        base = f"admin:{opts.app_label}_{opts.model_name}"
        response = client.get(reverse(f"{base}_changelist"))
        assert response.status_code in (200, 403), (username, opts.label, response.status_code)
        if response.status_code == 403:
            continue
        first = response.context["cl"].queryset.first()
        if first is not None:
            change = client.get(reverse(f"{base}_change", args=[first.pk]))
            assert change.status_code == 200, (username, opts.label)
        add = client.get(reverse(f"{base}_add"))
        assert add.status_code in (200, 403), (username, opts.label, add.status_code)
