"""Conference model invariants: codes, rule settings copied from the body, constraints."""

import datetime
import re

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from conferences.common.codes import CODE_ALPHABET, generate_code, is_valid_code
from conferences.common.errors import ConferenceError
from conferences.common.text import mask_identifier, mask_phone
from conferences.lifecycle.services import conference_create
from conferences.models import Conference, Registration
from tests.factories import BodyFactory, ConferenceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_code_alphabet_has_no_look_alikes():
    assert not set("0O1IL") & set(CODE_ALPHABET)


def test_generated_codes_are_readable():
    for _ in range(2000):
        code = generate_code(prefix="HH", year=2026)
        assert re.fullmatch(r"HH26-[2-9A-HJKMNP-Z]{5}", code)
        assert is_valid_code(code)


def test_codes_never_collide_even_in_a_crowded_space(monkeypatch):
    # Shrink the random part to 2 characters (961 codes) so collisions are frequent and must be retried.
    from conferences.common import codes as codes_module

    issued: list[str] = []
    original = codes_module.random_part
    monkeypatch.setattr(codes_module, "code_in_use", lambda code: code in issued)
    monkeypatch.setattr(codes_module, "random_part", lambda length=5: original(2))
    for _ in range(400):
        issued.append(generate_code(prefix="HH", year=2026))
    assert len(set(issued)) == 400


def test_many_saved_registrations_have_distinct_codes():
    conference = ConferenceFactory()
    codes = {RegistrationFactory(conference=conference).code for _ in range(150)}
    assert len(codes) == 150


def test_registration_gets_code_with_body_prefix_and_year():
    body = BodyFactory(code_prefix="HH")
    registration = RegistrationFactory(conference=ConferenceFactory(body=body, year=2026))
    assert registration.code.startswith("HH26-")
    assert not set("0O1IL") & set(registration.code[5:])


def test_code_generation_retries_on_collision(monkeypatch):
    body = BodyFactory(code_prefix="HH")
    existing = RegistrationFactory(conference=ConferenceFactory(body=body, year=2026))
    tails = iter([existing.code[-5:], existing.code[-5:], "ABCDE"])
    monkeypatch.setattr("conferences.common.codes.random_part", lambda length=5: next(tails))
    assert generate_code(prefix="HH", year=2026) == "HH26-ABCDE"


def test_code_is_unique_in_the_database():
    registration = RegistrationFactory()
    other = RegistrationFactory.build(conference=registration.conference, code=registration.code)
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()


def test_conference_create_copies_rules_from_body_and_later_changes_do_not_leak():
    body = BodyFactory(min_registrations=12, answer_working_days=9)
    conf = conference_create(
        body=body, year=2026, title="Hội nghị", venue="Hội trường",
        starts_at=timezone.make_aware(datetime.datetime(2026, 6, 18, 8)))
    body.min_registrations = 30
    body.save()
    conf.refresh_from_db()
    assert (conf.min_registrations, conf.answer_working_days, conf.min_petitions) == (12, 9, 5)
    assert conf.chair_name == body.chair_name
    assert [i.number for i in conf.agenda_items.all()] == ["1", "2", "3", "4", "5", "5", "6", "7"]
    assert "Hải Hưng" in conf.agenda_items.get(position=4).content
    assert conf.events.get().to_status == Conference.Status.DRAFT


def test_conference_create_refuses_second_conference_in_a_year():
    conf = ConferenceFactory()
    with pytest.raises(ConferenceError):
        conference_create(body=conf.body, year=conf.year, title="Lần hai", venue="x",
                          starts_at=conf.starts_at)


def test_online_registration_requires_consent():
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(channel=Registration.Channel.ONLINE)


def test_text_is_stored_in_nfc():
    decomposed = "Nguye\u0302\u0303n"  # "Nguyễn" written with combining marks
    registration = RegistrationFactory(full_name=decomposed)
    registration.refresh_from_db()
    assert registration.full_name == "Nguyễn"


def test_masking():
    assert mask_phone("0912345678") == "091****678"
    assert mask_identifier("031079043739") == "*********739"
    assert mask_identifier("0201234567") == "0201234567"
