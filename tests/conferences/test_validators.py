"""Phone numbers and organisation identifiers: one set of rules for the public form, admin, imports, outbox."""

import pytest
from django.core.exceptions import ValidationError

from conferences.common.errors import ConferenceError
from conferences.common.identifiers import identifier_normalize, phone_normalize
from conferences.models import IdentifierKind, OrganisationKind
from conferences.outbox.services import normalize_phone as outbox_phone
from petitions.registration.forms import PublicRegistrationForm
from tests.factories import RegistrationFactory


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("0912345678", "0912345678"), ("+84 912 345 678", "0912345678"), ("091.234.5678", "0912345678"),
     ("84912345678", "0912345678"), ("84 912 345 678", "0912345678"), ("0084912345678", "0912345678"),
     ("02253 123 456", "02253123456"), ("842253123456", "02253123456")],
)
def test_phone_forms_accepted_everywhere(raw, stored):
    assert phone_normalize(raw) == stored
    assert outbox_phone(raw) == stored


@pytest.mark.parametrize(
    ("raw", "code"),
    [("0912345678 x12", "extension"), ("09123abc78", "letters"), ("12345", "invalid"), ("", "required"),
     ("+1 202 555 0143", "invalid"), ("0912_345_678", "characters")])
def test_phone_refused_with_a_code_and_the_callers_message(raw, code):
    with pytest.raises(ValidationError) as info:
        phone_normalize(raw)
    assert info.value.code == code
    with pytest.raises(ValidationError) as info:
        phone_normalize(raw, messages={code: "Số sai"})
    assert info.value.messages == ["Số sai"]
    with pytest.raises(ConferenceError):
        outbox_phone(raw)


def test_identifiers():
    assert identifier_normalize("0312687878-001", organisation_kind="DN") == ("mst", "0312687878-001")
    assert identifier_normalize("031 079 043 739", organisation_kind="HKD") == ("cccd", "031079043739")
    assert identifier_normalize("01a8012345", organisation_kind="HKD") == ("other", "01A8012345")
    with pytest.raises(ValidationError):
        identifier_normalize("0312687879", organisation_kind="DN")  # wrong check digit
    with pytest.raises(ValidationError):
        identifier_normalize("03107904373", organisation_kind="HKD", identifier_kind="cccd")


@pytest.mark.django_db
def test_admin_and_public_form_share_the_personal_id_rule():
    """A personal ID with province code 099 was refused by the public form and accepted by the admin."""
    form = PublicRegistrationForm(data={"organisation_kind": "HKD", "tax_code": "099079043739"})
    form.is_valid()
    public_messages = form.errors["tax_code"]
    registration = RegistrationFactory.build(
        conference=RegistrationFactory().conference, organisation_kind=OrganisationKind.HOUSEHOLD,
        identifier_kind=IdentifierKind.PERSONAL_ID, tax_code="099079043739")
    with pytest.raises(ValidationError) as info:
        registration.full_clean(exclude=["code"])
    assert info.value.message_dict["tax_code"] == public_messages


@pytest.mark.django_db
def test_registration_full_clean_normalises_and_refuses_personal_id_for_enterprises():
    registration = RegistrationFactory.build(
        conference=RegistrationFactory().conference, phone="84912345678")
    registration.full_clean(exclude=["code"])
    assert registration.phone == "0912345678"
    registration.identifier_kind = IdentifierKind.PERSONAL_ID
    registration.tax_code = "031079043739"
    registration.organisation_kind = OrganisationKind.ENTERPRISE
    with pytest.raises(ValidationError) as info:
        registration.full_clean(exclude=["code"])
    assert "identifier_kind" in info.value.message_dict
