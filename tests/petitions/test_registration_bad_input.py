"""Issue 20: bad input on the public form gets one Vietnamese message next to its field, and invisible or
decomposed text is stored clean (items 6, 7, 8)."""

import datetime
import re
import unicodedata
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from conferences.models import Registration
from petitions.models import Petition
from tests.factories import RegistrationFactory
from tests.factories import UpcomingConferenceFactory as ConferenceFactory
from tests.petitions.test_registration_form import field_errors, url, valid_data

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.REGISTRATION_RATE_LIMIT = ""
    with freeze_time(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=VN)):
        yield


@pytest.fixture
def conference():
    return ConferenceFactory()


def summary(response):
    html = response.content.decode()
    block = re.search(r'id="error-summary".*?</ul>', html, re.S)
    return [re.sub(r"<[^>]+>", "", m).strip() for m in re.findall(r"<li>(.*?)</li>", block.group(0), re.S)]


ENGLISH = re.compile(r"Null characters|Select a valid|Enter a|Ensure this|None:")


def test_nul_byte_in_petition_text_gets_one_vietnamese_message(client, conference):
    response = client.post(url(conference), valid_data(**{"petitions-0-content": "Thủ tục\x00 kéo dài"}))
    assert response.status_code == 200
    errors = field_errors(response)
    assert errors == ["Nội dung có ký tự không hợp lệ (ký tự rỗng). Hãy gõ lại mục này."]
    assert len(summary(response)) == 1
    assert not ENGLISH.search(response.content.decode())
    assert not Registration.objects.exists()


def test_nul_byte_in_name_and_phone_is_vietnamese(client, conference):
    response = client.post(url(conference), valid_data(full_name="Bình\x00", phone="0912\x00345678"))
    assert not ENGLISH.search(response.content.decode())
    assert len(field_errors(response)) == 2


def test_tampered_form_token_is_not_an_error_nobody_can_see(client, conference):
    response = client.post(url(conference), valid_data(form_token="x" * 500 + "<script>"))
    assert response.status_code == 302
    assert Registration.objects.count() == 1


def test_bad_choice_is_vietnamese_next_to_its_field(client, conference):
    response = client.post(url(conference), valid_data(
        organisation_kind="XX", **{"petitions-0-category": "1 OR 1=1"}))
    html = response.content.decode()
    assert not ENGLISH.search(html)
    assert field_errors(response).count("Lựa chọn không hợp lệ. Hãy chọn một mục trong danh sách.") == 2


RLO, LRI, PDI, ZWSP, ZWJ, BOM, WJ = "\u202e", "\u2066", "\u2069", "\u200b", "\u200d", "\ufeff", "\u2060"


def test_direction_and_zero_width_characters_are_stripped_from_the_form(client, conference):
    response = client.post(url(conference), valid_data(
        full_name=f"{RLO}Trần{ZWSP} Thị Bình{PDI}", organisation_name=f"{LRI}Cơ sở{ZWJ} may",
        address=f"Thôn{BOM} Tây{WJ}",
        **{"petitions-0-content": f"{RLO}Thủ tục cấp phép kéo dài{ZWSP}."}))
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.full_name, registration.organisation_name, registration.address) == (
        "Trần Thị Bình", "Cơ sở may", "Thôn Tây")
    assert Petition.objects.get().content == "Thủ tục cấp phép kéo dài."


def test_direction_characters_are_stripped_on_the_admin_path():
    registration = RegistrationFactory(full_name=f"Công ty {RLO}ADVT", address=f"{ZWSP}Thôn Đông")
    registration.refresh_from_db()
    assert (registration.full_name, registration.address) == ("Công ty ADVT", "Thôn Đông")


def test_length_is_counted_after_nfc(client, conference):
    name = "Nguyễn Thị Hường Phượng Đặng " * 10  # 300 characters in NFC
    name = name[:300]
    decomposed = unicodedata.normalize("NFD", name)
    assert len(decomposed) > 300
    response = client.post(url(conference), valid_data(organisation_name=decomposed))
    assert response.status_code == 302, field_errors(response)
    assert Registration.objects.get().organisation_name == name.strip()


def test_registration_admin_finds_a_name_typed_decomposed(admin_client):
    registration = RegistrationFactory(full_name="Nguyễn Thị Hường")
    response = admin_client.get("/admin/conferences/registration/",
                                {"q": unicodedata.normalize("NFD", "Hường")})
    assert registration.code in response.content.decode()


def test_admin_forms_count_length_after_nfc(rf, admin_user):
    """Issue 20 item 8 on the admin path: every admin (and inline) form field of a model stored in NFC accepts
    as many letters typed decomposed as typed composed, and hands them on cleaned."""
    from django.contrib import admin
    from django.db import models

    from conferences.common.text import NormalizedTextModel

    request = rf.get("/admin/")
    request.user = admin_user
    letters = "Hường Phượng Đặng "
    checked = set()
    for model, model_admin in admin.site._registry.items():
        admins = [model_admin, *(inline(model, admin.site) for inline in model_admin.inlines)]
        for each in admins:
            if not issubclass(each.model, NormalizedTextModel):
                continue
            for db_field in each.model._meta.concrete_fields:
                if type(db_field) not in (models.CharField, models.TextField) or db_field.choices:
                    continue
                if not db_field.max_length or db_field.max_length < 20:
                    continue
                composed = (letters * (db_field.max_length // len(letters) + 1))[:db_field.max_length - 1] + "ư"
                form_field = each.formfield_for_dbfield(db_field, request)
                assert form_field.clean(unicodedata.normalize("NFD", f"\u202e{composed}")) == composed, db_field
                checked.add(f"{each.model.__name__}.{db_field.name}")
    assert {"Registration.organisation_name", "Registration.full_name", "Petition.organisation_name",
            "AgendaItem.content"} <= checked
