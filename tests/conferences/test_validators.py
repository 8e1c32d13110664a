"""Phone numbers and organisation identifiers: accepted forms, refusals, stored form."""

import pytest
from django.core.exceptions import ValidationError

from conferences.common.validators import normalize_identifier, normalize_phone
from conferences.models import IdentifierKind, OrganisationKind
from tests.factories import RegistrationFactory


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("0912345678", "0912345678"), ("+84 912 345 678", "0912345678"), ("091.234.5678", "0912345678"),
     ("02253 123 456", "02253123456")],
)
def test_phone_forms_accepted(raw, stored):
    assert normalize_phone(raw) == stored


@pytest.mark.parametrize("raw", ["0912345678 x12", "09123abc78", "12345", "", "+1 202 555 0143"])
def test_phone_refused(raw):
    with pytest.raises(ValidationError):
        normalize_phone(raw)


def test_identifiers():
    assert normalize_identifier("mst", "0312687878-001") == "0312687878-001"
    assert normalize_identifier("cccd", "031 079 043 739") == "031079043739"
    with pytest.raises(ValidationError):
        normalize_identifier("mst", "0312687879")  # wrong check digit
    with pytest.raises(ValidationError):
        normalize_identifier("cccd", "03107904373")


@pytest.mark.django_db
def test_registration_full_clean_normalises_and_refuses_personal_id_for_enterprises():
    registration = RegistrationFactory.build(
        conference=RegistrationFactory().conference, phone="+84912345678")
    registration.full_clean(exclude=["code"])
    assert registration.phone == "0912345678"
    registration.identifier_kind = IdentifierKind.PERSONAL_ID
    registration.tax_code = "031079043739"
    registration.organisation_kind = OrganisationKind.ENTERPRISE
    with pytest.raises(ValidationError) as info:
        registration.full_clean(exclude=["code"])
    assert "identifier_kind" in info.value.message_dict
