"""The admin's yes / no / unknown icons say "Có", "Không", "Không rõ" to a screen reader (Django writes the Python
value, "True", "False" or "None")."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from conferences.common.admin_icons import boolean_icon
from conferences.models import Registration
from tests.factories import ScopingWorld

pytestmark = pytest.mark.django_db


def test_each_value_has_its_vietnamese_alt_text():
    with translation.override("vi"):
        assert [re.search(r'alt="([^"]*)"', boolean_icon(v)).group(1) for v in (True, False, None)] == [
            "Có", "Không", "Không rõ"]
        assert "icon-unknown.svg" in boolean_icon(None)
    with translation.override("en"):
        assert re.search(r'alt="([^"]*)"', boolean_icon(None)).group(1) == "Unknown"


def test_the_registration_list_reads_co_and_khong(client):
    world = ScopingWorld()
    Registration.objects.filter(pk=world.hh_reg.pk).update(attending=False)
    client.force_login(world.economic)
    html = client.get(reverse("admin:conferences_registration_changelist")).content.decode()
    alts = re.findall(r'<img src="[^"]*/admin/img/icon-(yes|no|unknown)\.svg" alt="([^"]*)"', html)
    # Not attending (no), not withdrawn (no): both read "Không"; no English value is left.
    assert alts and {alt for _, alt in alts} == {"Không"}
    assert not re.search(r'alt="(True|False|None)"', html)


def test_a_read_only_yes_reads_co(client):
    world = ScopingWorld()
    client.force_login(world.leader)  # Lãnh đạo reads the registration without changing it
    html = client.get(reverse("admin:conferences_registration_change", args=[world.hh_reg.pk])).content.decode()
    assert re.search(r'icon-yes\.svg" alt="Có"', html)
    assert not re.search(r'alt="(True|False|None)"', html)
