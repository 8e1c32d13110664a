"""Issue 20 item 12: crafted ids and choices in every public and staff form answer 400/404 or the form with a
message, never a 500."""

import pytest
from django.urls import reverse

from petitions.models import Petition
from tests.factories import ScopingWorld, UpcomingConferenceFactory
from tests.petitions.test_registration_form import valid_data

pytestmark = pytest.mark.django_db

CRAFTED = ["1 OR 1=1", "-1", "0", "1e3", "99999999999999999999999", "'", "1\x00", "١", "<script>", " 1 ", "[]"]


@pytest.fixture
def world(settings):
    settings.REGISTRATION_RATE_LIMIT = ""
    settings.REGISTRATION_LOOKUP_RATE_LIMIT = ""
    settings.DATA_REQUEST_RATE_LIMIT = ""
    return ScopingWorld()


def status_path(registration, tail=""):
    return (f"/{registration.conference.body.slug}/tra-cuu/{registration.code}/{registration.secret}/{tail}")


@pytest.mark.parametrize("value", CRAFTED)
def test_withdraw_with_a_crafted_petition_id_is_404(client, world, value):
    """POST …/rut/ with petition=1 OR 1=1 raised ValueError."""
    response = client.post(status_path(world.hh_reg, "rut/"), {"petition": value})
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
    assert not Petition.objects.filter(status="withdrawn").exists()


@pytest.mark.parametrize("value", CRAFTED)
def test_public_registration_form_with_crafted_choices_and_counts(client, world, value):
    conference = UpcomingConferenceFactory()
    url = f"/{conference.body.slug}/hoi-nghi/{conference.year}/dang-ky/"
    for overrides in ({"organisation_kind": value}, {"attending": value}, {"petitions-0-category": value},
                      {"petitions-TOTAL_FORMS": value}, {"petitions-INITIAL_FORMS": value},
                      {"form_token": value}, {"notify_sms": value}):
        response = client.post(url, valid_data(**overrides))
        assert response.status_code < 500, overrides
        assert "Null characters" not in response.content.decode()
        assert "Select a valid choice" not in response.content.decode()


@pytest.mark.parametrize("value", CRAFTED)
def test_edit_and_privacy_forms_with_crafted_ids(client, world, value):
    registration = world.hh_reg
    edit = client.post(status_path(registration, "sua/"), valid_data(**{
        "petitions-0-petition_id": value, "petitions-TOTAL_FORMS": "1"}))
    assert edit.status_code < 500
    assert "Enter a whole number" not in edit.content.decode()
    lookup = client.post(f"/{registration.conference.body.slug}/tra-cuu/", {"code": value, "phone": value})
    assert lookup.status_code < 500
    for kind in ("sua-thong-tin", "rut-dong-y", "xoa-du-lieu"):
        response = client.post(status_path(registration, f"du-lieu-ca-nhan/{kind}/"),
                               {"field": value, "details": value, "requested_value": value, "confirm": value})
        assert response.status_code < 500


@pytest.mark.parametrize("value", CRAFTED)
def test_staff_forms_with_crafted_ids(client, world, value):
    client.force_login(world.superuser)
    check_in = reverse("admin:conferences_conference_check_in", args=[world.hh_conf.pk])
    assert client.post(check_in, {"registration": value}).status_code == 404
    export = client.post(reverse("reports:export_create"), {"conference": value})
    assert export.status_code == 404
    by_year = client.post(reverse("reports:export_create"), {"body": world.hh.slug, "year": value})
    assert by_year.status_code in (302, 400)
    assert client.get(reverse("reports:dashboard"), {"year": value}).status_code in (200, 400)
    transition = reverse("admin:conferences_conference_transition", args=[world.hh_conf.pk])
    assert client.get(transition, {"to": value}).status_code < 500
    assert client.post(transition + f"?to={value}", {"to_status": value, "note": value}).status_code < 500
    imports = client.post(reverse("admin:petitions_registration_import"), {"conference": value})
    assert imports.status_code == 200
    assert "Chọn hội nghị và tệp Excel" in imports.content.decode()
    for changelist in ("admin:petitions_petition_changelist", "admin:conferences_registration_changelist"):
        assert client.get(reverse(changelist), {"conference__id__exact": value, "q": value}).status_code < 500
