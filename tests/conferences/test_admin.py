"""Permission matrix of the conferences admin: conferences, registrations, units, bodies per role."""

import pytest
from django.urls import reverse

from conferences.models import Conference
from tests.factories import ScopingWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return ScopingWorld()


def visible(client, user, model):
    client.force_login(user)
    response = client.get(reverse(f"admin:conferences_{model}_changelist"))
    if response.status_code != 200:
        return response.status_code
    return set(response.context["cl"].queryset.values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("economic", {"hh_conf"}),
        ("handler", {"hh_conf"}),
        ("office", {"hh_conf"}),
        ("leader", {"hh_conf"}),
        ("finance", {"hh_conf", "hd_conf"}),
        ("hd_economic", {"hd_conf"}),
        ("superuser", {"hh_conf", "hd_conf"}),
        ("no_profile", set()),
    ],
)
def test_conference_changelist_per_role(client, world, who, expected):
    assert visible(client, getattr(world, who), "conference") == {getattr(world, n).pk for n in expected}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("economic", {"hh_reg"}),
        ("office", {"hh_reg"}),
        ("leader", {"hh_reg"}),
        ("hd_economic", {"hd_reg"}),
        ("superuser", {"hh_reg", "hd_reg"}),
    ],
)
def test_registration_changelist_per_role(client, world, who, expected):
    assert visible(client, getattr(world, who), "registration") == {getattr(world, n).pk for n in expected}


@pytest.mark.parametrize("who", ["handler", "finance"])
def test_roles_without_registration_access_get_403(client, world, who):
    assert visible(client, getattr(world, who), "registration") == 403


@pytest.mark.parametrize(
    ("who", "model", "target"),
    [
        ("economic", "conference", "hd_conf"),
        ("office", "conference", "hd_conf"),
        ("leader", "conference", "hd_conf"),
        ("hd_economic", "conference", "hh_conf"),
        ("economic", "registration", "hd_reg"),
        ("office", "registration", "hd_reg"),
        ("economic", "unit", "hd_kt"),
        ("economic", "body", "hd"),
        ("hd_economic", "body", "hh"),
    ],
)
def test_other_body_change_page_is_404(client, world, who, model, target):
    client.force_login(getattr(world, who))
    obj = getattr(world, target)
    url = reverse(f"admin:conferences_{model}_change", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert 'name="_save"' not in html
    if model != "body":  # the public 404 page names the portal's own body in its header
        assert str(obj) not in html
    assert client.get(reverse(f"admin:conferences_{model}_delete", args=[obj.pk])).status_code == 404


def test_finance_reads_child_body_conference_without_edit(client, world):
    client.force_login(world.finance)
    url = reverse("admin:conferences_conference_change", args=[world.hd_conf.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert world.hd_conf.title in response.content.decode()
    assert not response.context["has_change_permission"]
    assert client.post(url, {"title": "Đổi tên"}).status_code == 403


def test_registration_changelist_masks_phone_and_personal_id(client, world):
    world.hh_reg.tax_code = "031079043739"
    world.hh_reg.save()
    client.force_login(world.office)
    html = client.get(reverse("admin:conferences_registration_changelist")).content.decode()
    assert world.hh_reg.code in html
    assert "0912345678" not in html and "091****678" in html
    assert "031079043739" not in html and "*********739" in html


def test_conference_added_by_staff_belongs_to_own_body_with_its_rules_and_agenda(client, world):
    world.hd.min_registrations = 11
    world.hd.save()
    client.force_login(world.hd_economic)
    response = client.post(reverse("admin:conferences_conference_add"), {
        "year": "2027", "title": "Hội nghị 2027", "starts_at_0": "2027-06-17", "starts_at_1": "08:00:00",
        "venue": "Nhà văn hoá Thanh Quang", "form": "in_person", "is_public": "on",
        "agenda_items-TOTAL_FORMS": "0", "agenda_items-INITIAL_FORMS": "0",
        "participants-TOTAL_FORMS": "0", "participants-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
        # A forged body must be ignored: staff never choose the body.
        "body": str(world.hh.pk),
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    conference = Conference.objects.get(title="Hội nghị 2027")
    assert conference.body == world.hd
    assert conference.min_registrations == 11
    assert conference.agenda_items.count() == 8
    assert conference.events.get().actor == world.hd_economic


def test_unit_autocomplete_is_scoped(client, world):
    client.force_login(world.economic)
    response = client.get(reverse("admin:autocomplete"), {
        "app_label": "conferences", "model_name": "participant", "field_name": "unit", "term": ""})
    assert response.status_code == 200
    ids = {int(r["id"]) for r in response.json()["results"]}
    assert ids == {world.kt.pk, world.pv.pk}


def test_unit_added_by_staff_lands_in_own_body(client, world):
    client.force_login(world.economic)
    response = client.post(reverse("admin:conferences_unit_add"), {
        "name": "Phòng Văn hóa - Xã hội", "code": "VHXH", "kind": "culture_social", "handles_petitions": "on",
        "is_active": "on", "body": str(world.hd.pk)})
    assert response.status_code == 302
    unit = world.hh.units.get(code="VHXH")
    assert unit.name == "Phòng Văn hóa - Xã hội"
    assert not world.hd.units.filter(code="VHXH").exists()


def test_staff_cannot_change_body_identity(client, world):
    client.force_login(world.economic)
    url = reverse("admin:conferences_body_change", args=[world.hh.pk])
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "code_prefix" not in form.fields and "slug" not in form.fields
    assert "min_registrations" in form.fields
