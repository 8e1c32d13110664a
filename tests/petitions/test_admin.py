"""Permission matrix of the petitions admin: each role sees its share; another body's petition is a 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from petitions.models import Petition, PetitionEvent, Status
from petitions.workflow.services import petition_transition
from tests.factories import PetitionFactory, ScopingWorld

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:petitions_petition_changelist")


@pytest.fixture
def world():
    return ScopingWorld()


def change_url(petition):
    return reverse("admin:petitions_petition_change", args=[petition.pk])


def visible(client, user):
    client.force_login(user)
    response = client.get(CHANGELIST)
    if response.status_code != 200:
        return response.status_code
    return {p.code for p in response.context["cl"].queryset}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("economic", {"p_kt", "p_pv", "p_coord"}),
        ("leader", {"p_kt", "p_pv", "p_coord"}),
        ("handler", {"p_pv", "p_coord"}),
        ("hd_economic", {"p_hd"}),
        ("superuser", {"p_kt", "p_pv", "p_coord", "p_hd"}),
        ("no_profile", set()),
    ],
)
def test_changelist_shows_each_role_its_share(client, world, who, expected):
    assert visible(client, getattr(world, who)) == {getattr(world, name).code for name in expected}


@pytest.mark.parametrize("who", ["office", "finance"])
def test_roles_without_petition_access_get_403(client, world, who):
    assert visible(client, getattr(world, who)) == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    ("who", "petition"),
    [("economic", "p_hd"), ("leader", "p_hd"), ("handler", "p_kt"), ("handler", "p_hd"),
     ("hd_economic", "p_kt"), ("no_profile", "p_kt")],
)
def test_change_page_of_a_petition_out_of_scope_is_404(client, world, who, petition):
    client.force_login(getattr(world, who))
    target = getattr(world, petition)
    response = client.get(change_url(target))
    assert response.status_code == 404
    assert target.content not in response.content.decode()
    assert client.post(change_url(target), {"content": "x"}).status_code == 404
    assert client.get(reverse("admin:petitions_petition_history", args=[target.pk])).status_code == 404


def test_change_page_in_scope_shows_the_petition(client, world):
    client.force_login(world.handler)
    response = client.get(change_url(world.p_coord))
    assert response.status_code == 200
    assert world.p_coord.code in response.content.decode()


def test_unit_autocomplete_offers_only_own_body_units(client, world):
    client.force_login(world.economic)
    response = client.get(reverse("admin:autocomplete"), {
        "app_label": "petitions", "model_name": "petition", "field_name": "lead_unit", "term": "Phòng"})
    assert response.status_code == 200
    ids = {int(r["id"]) for r in response.json()["results"]}
    assert world.kt.pk in ids and world.hd_kt.pk not in ids


def test_add_cannot_point_at_another_body_unit_and_lands_in_own_body(client, world):
    client.force_login(world.economic)
    url = reverse("admin:petitions_petition_add")
    data = {
        "channel": "paper", "received_at_0": "2026-05-20", "received_at_1": "09:00:00",
        "organisation_name": "Công ty TNHH Mới", "organisation_kind": "DN", "identifier_kind": "mst",
        "category": "5", "content": "Kiến nghị mới", "competence": "within",
        "lead_unit": str(world.hd_kt.pk),
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0", "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # form redisplayed with an error
    assert list(response.context["adminform"].form.errors) == ["lead_unit"]
    assert not Petition.objects.filter(content="Kiến nghị mới").exists()
    data["lead_unit"] = str(world.kt.pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    petition = Petition.objects.get(content="Kiến nghị mới")
    assert petition.body == world.hh and petition.code.startswith("HH")
    assert PetitionEvent.objects.get(petition=petition).to_status == Status.RECEIVED


def test_status_change_from_the_form_goes_through_the_transition_service(client, world):
    client.force_login(world.superuser)
    url = change_url(world.p_kt)
    response = client.get(url)
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({
        "received_at_0": "2026-05-20", "received_at_1": "09:00:00",
        "coordinating_units": [], "next_status": Status.ASSIGNED, "transition_note": "Giao Phòng Kinh tế",
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0", "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
    })
    data = {k: v for k, v in data.items() if v != []}
    for key in ("answered_at", "written_answer_requested_at"):
        data.pop(key, None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    world.p_kt.refresh_from_db()
    assert world.p_kt.status == Status.ASSIGNED
    assert world.p_kt.events.get().note == "Giao Phòng Kinh tế"


def test_changelist_masks_phones(client, world):
    client.force_login(world.economic)
    html = client.get(CHANGELIST).content.decode()
    assert world.p_kt.code in html
    world.p_kt.phone = "0987654321"
    world.p_kt.save()
    html = client.get(CHANGELIST).content.decode()
    assert "0987654321" not in html and "098****321" in html


def test_changelist_query_count_does_not_grow_with_rows(client, world):
    client.force_login(world.economic)
    client.get(CHANGELIST)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        client.get(CHANGELIST)
    for _ in range(10):
        PetitionFactory(body=world.hh, lead_unit=world.kt, conference=world.hh_conf)
    with CaptureQueriesContext(connection) as many:
        client.get(CHANGELIST)
    assert len(many) == len(few)


def test_bulk_action_uses_the_services_and_reports_failures(client, world):
    client.force_login(world.economic)
    petition_transition(petition=world.p_pv, to_status=Status.WITHDRAWN)  # withdrawn: no way out
    response = client.post(CHANGELIST, {
        "action": "resolve", "apply": "1", "note": "",
        "_selected_action": [world.p_kt.pk, world.p_pv.pk, world.p_hd.pk],
    }, follow=True)
    assert response.status_code == 200
    texts = [str(m) for m in response.context["messages"]]
    assert any("1 kiến nghị thành công, 1 bị từ chối" in t for t in texts), texts
    world.p_kt.refresh_from_db()
    world.p_hd.refresh_from_db()
    assert world.p_kt.status == Status.RESOLVED
    assert world.p_hd.status == Status.RECEIVED  # another body's petition is never touched
    assert world.p_kt.events.get().actor == world.economic


def test_handler_cannot_run_triage_actions(client, world):
    client.force_login(world.handler)
    client.post(CHANGELIST, {"action": "resolve", "apply": "1", "_selected_action": [world.p_coord.pk]})
    world.p_coord.refresh_from_db()
    assert world.p_coord.status == Status.RECEIVED
