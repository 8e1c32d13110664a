"""Staff type in paper Phụ lục II forms in the admin with the public form's validation."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group

from conferences.models import Registration, StaffProfile
from conferences.organisation import roles
from petitions.models import Petition
from tests.factories import UpcomingConferenceFactory as ConferenceFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
URL = "/admin/petitions/registrationsubmission/add/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def conference():
    return ConferenceFactory()


def staff(django_user_model, body, role=roles.ECONOMIC, name="kinhte"):
    user = django_user_model.objects.create_user(name, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    StaffProfile.objects.create(user=user, body=body)
    return user


def paper(conference, **overrides):
    data = {
        "form_token": "paper-1", "conference": conference.pk, "channel": "paper",
        "received_at": "18/11/2026 14:30", "consent_on_paper": "on",
        "full_name": "Đỗ Văn Em", "organisation_name": "Hộ kinh doanh Em Đỗ", "organisation_kind": "HKD",
        "tax_code": "031089001234", "phone": "0225 3123 456", "address": "Thôn Trung", "attending": "yes",
        "petitions-TOTAL_FORMS": "1", "petitions-INITIAL_FORMS": "0",
        "petitions-0-category": "7", "petitions-0-content": "Đường vào chợ hư hỏng.",
    }
    data.update(overrides)
    return data


def test_economic_office_types_in_a_paper_form(client, django_user_model, conference):
    client.force_login(staff(django_user_model, conference.body))
    assert client.get(URL).status_code == 200
    response = client.post(URL, paper(conference))
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert registration.channel == "paper"
    assert registration.received_at == datetime.datetime(2026, 11, 18, 14, 30, tzinfo=VN)
    assert registration.identifier_kind == "cccd" and registration.phone == "02253123456"
    assert registration.consent_version == "2026-12"
    petition = Petition.objects.get()
    assert (petition.channel, petition.category, petition.created_by.username) == ("paper", 7, "kinhte")
    # Received on Wed 18/11 14:30: counted that day.
    assert petition.receipt_day == datetime.date(2026, 11, 18)


def test_paper_form_gets_the_same_messages(client, django_user_model, conference):
    client.force_login(staff(django_user_model, conference.body))
    response = client.post(URL, paper(conference, phone="0225 3123 456 máy lẻ 12", tax_code="12345"))
    html = response.content.decode()
    assert "Không ghi số máy lẻ" in html
    assert "gồm đúng 12 chữ số (bạn đã nhập 5 chữ số)" in html
    assert "Đường vào chợ hư hỏng." in html
    assert Registration.objects.count() == 0


def test_another_bodys_conference_cannot_be_chosen(client, django_user_model, conference):
    other = ConferenceFactory()
    client.force_login(staff(django_user_model, conference.body))
    response = client.post(URL, paper(other))
    assert response.status_code == 200
    assert Registration.objects.count() == 0


def test_roles_without_registration_rights_are_refused(client, django_user_model, conference):
    client.force_login(staff(django_user_model, conference.body, role=roles.HANDLER, name="donvi"))
    assert client.get(URL).status_code == 403
    assert client.post(URL, paper(conference)).status_code == 403
    assert Registration.objects.count() == 0


def test_list_masks_phone_numbers(client, django_user_model, conference):
    client.force_login(staff(django_user_model, conference.body))
    client.post(URL, paper(conference))
    html = client.get("/admin/petitions/registrationsubmission/").content.decode()
    assert Registration.objects.get().code in html
    assert "022*****456" in html and "02253123456" not in html
