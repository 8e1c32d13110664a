"""The 15 / 5 condition counted at the cut-off: organisations, their timely petitions, invitees, working days."""

import datetime

import pytest
from django.utils import timezone

from conferences.lifecycle.eligibility import (
    conference_eligibility,
    cutoff_date,
    cutoff_end,
)
from conferences.models import Invitee
from petitions.models import Status
from tests.factories import ConferenceFactory, PetitionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def local(y, m, d, hh=9, mm=0):
    return timezone.make_aware(datetime.datetime(y, m, d, hh, mm))


@pytest.fixture
def conference():
    # Thursday 18/6/2026 08:00; 15 working days before it is the cut-off.
    return ConferenceFactory(starts_at=local(2026, 6, 18, 8), year=2026)


def register(conference, n, *, received_at=None, **kwargs):
    received_at = received_at or local(2026, 5, 4)
    return [RegistrationFactory(conference=conference, received_at=received_at, **kwargs) for _ in range(n)]


def petition(conference, registration, *, received_at=None, **kwargs):
    return PetitionFactory(body=conference.body, conference=conference, registration=registration,
                           tax_code=registration.tax_code, organisation_name=registration.organisation_name,
                           received_at=received_at or local(2026, 5, 5), **kwargs)


def test_cutoff_is_fifteen_working_days_before_the_conference(conference):
    assert cutoff_date(conference) == datetime.date(2026, 5, 28)
    assert timezone.localtime(cutoff_end(conference)) == local(2026, 5, 28, 17)


@pytest.mark.parametrize(("organisations", "petitions", "met"), [(15, 5, True), (14, 5, False), (15, 4, False)])
def test_condition_at_the_thresholds(conference, organisations, petitions, met):
    registrations = register(conference, organisations)
    for registration in registrations[:petitions]:
        petition(conference, registration)
    result = conference_eligibility(conference, today=datetime.date(2026, 5, 29))
    assert (result.organisations, result.petitions, result.met) == (organisations, petitions, met)
    assert result.registrations_met == (organisations >= 15)
    assert result.petitions_met == (petitions >= 5)


def test_late_withdrawn_absent_and_duplicate_registrations_do_not_count(conference):
    kept = register(conference, 13)
    register(conference, 1, received_at=local(2026, 5, 28, 17, 30))  # after office hours on the cut-off day
    register(conference, 1, withdrawn_at=local(2026, 5, 10))
    register(conference, 1, attending=False)
    RegistrationFactory(conference=conference, tax_code=kept[0].tax_code, received_at=local(2026, 5, 6))
    on_time = register(conference, 1, received_at=local(2026, 5, 28, 16, 59))
    result = conference_eligibility(conference, today=datetime.date(2026, 5, 20))
    assert result.organisations == 14
    assert not result.met
    assert on_time[0].tax_code


def test_late_withdrawn_merged_and_unregistered_petitions_do_not_count(conference):
    registrations = register(conference, 15)
    for registration in registrations[:4]:
        petition(conference, registration)
    petition(conference, registrations[4], received_at=local(2026, 5, 29, 8))  # after the cut-off
    petition(conference, registrations[5], status=Status.WITHDRAWN, withdrawn_at=local(2026, 5, 20))
    PetitionFactory(body=conference.body, conference=conference, received_at=local(2026, 5, 5))  # not registered
    result = conference_eligibility(conference, today=datetime.date(2026, 5, 29))
    assert result.petitions == 4
    assert not result.met
    petition(conference, registrations[6], received_at=local(2026, 5, 28, 16))
    assert conference_eligibility(conference, today=datetime.date(2026, 5, 29)).met


def test_invitees_and_working_days_to_the_cutoff(conference):
    for i in range(3):
        Invitee.objects.create(conference=conference, organisation_name=f"Công ty {i}")
    result = conference_eligibility(conference, today=datetime.date(2026, 5, 21))
    assert (result.invitees, result.invite_target) == (3, 20)
    assert not result.invitees_met
    assert result.working_days_to_cutoff == 5  # 22, 25, 26, 27, 28 May


def test_counting_takes_a_fixed_number_of_queries(conference, django_assert_max_num_queries):
    for registration in register(conference, 20):
        petition(conference, registration)
    with django_assert_max_num_queries(4):
        result = conference_eligibility(conference, today=datetime.date(2026, 5, 20))
    assert result.petitions == 20


def test_a_branch_counts_with_its_enterprise_and_a_branch_alone_counts_once(conference):
    # Issue 21 item 2: 15 organisations, not 15 codes.
    register(conference, 13)
    RegistrationFactory(conference=conference, tax_code="0312687878", received_at=local(2026, 5, 4))
    RegistrationFactory(conference=conference, tax_code="0312687878-001", received_at=local(2026, 5, 4))
    RegistrationFactory(conference=conference, tax_code="0312687878-002", received_at=local(2026, 5, 4))
    RegistrationFactory(conference=conference, tax_code="0100109106-001", received_at=local(2026, 5, 4))
    result = conference_eligibility(conference, today=datetime.date(2026, 5, 29))
    assert result.organisations == 15


def test_a_personal_id_counts_whole_and_other_identifiers_as_typed(conference):
    register(conference, 12)
    for pid in ("001085012345", "001085012399"):  # same first 10 digits, two different people
        RegistrationFactory(conference=conference, identifier_kind="cccd", organisation_kind="HKD",
                            tax_code=pid, received_at=local(2026, 5, 4))
    RegistrationFactory(conference=conference, identifier_kind="other", tax_code="GCN 27A8001234",
                        received_at=local(2026, 5, 4))
    RegistrationFactory(conference=conference, tax_code="", received_at=local(2026, 5, 4))
    result = conference_eligibility(conference, today=datetime.date(2026, 5, 29))
    assert result.organisations == 15


def test_a_branch_petition_counts_for_its_enterprise(conference):
    registrations = register(conference, 15)
    for registration in registrations[:4]:
        petition(conference, registration)
    PetitionFactory(body=conference.body, conference=conference, tax_code=f"{registrations[4].tax_code}-001",
                    received_at=local(2026, 5, 5))
    result = conference_eligibility(conference, today=datetime.date(2026, 5, 29))
    assert result.petitions == 5
    assert result.met


def test_a_complaint_not_accepted_does_not_count(conference):
    # Issue 21 item 3: a complaint or denunciation handled under other laws is not a petition.
    registrations = register(conference, 15)
    for registration in registrations[:4]:
        petition(conference, registration)
    petition(conference, registrations[4], status=Status.NOT_ACCEPTED)
    result = conference_eligibility(conference, today=datetime.date(2026, 5, 29))
    assert result.petitions == 4
    assert not result.met


def test_petitions_are_counted_through_the_counter_petitions_registered(monkeypatch):
    # conferences must not import petitions: the count comes from the counter petitions.apps registered.
    from conferences.lifecycle import eligibility
    from petitions.workflow.selectors import petitions_counted_for_eligibility

    assert eligibility._petition_counter is petitions_counted_for_eligibility
    conference = ConferenceFactory()
    registration = RegistrationFactory(conference=conference, tax_code="0312687878")
    calls = []
    monkeypatch.setattr(eligibility, "_petition_counter", lambda **kw: calls.append(kw) or 7)
    assert conference_eligibility(conference, today=datetime.date(2026, 5, 20)).petitions == 7
    assert calls[0]["organisations"] == [registration.tax_code]
    assert calls[0]["received_by"] == cutoff_end(conference)
