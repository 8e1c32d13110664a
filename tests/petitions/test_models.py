"""Petition statuses: the Phụ lục I mapping, the transition table and the transition service."""

import pytest
from django.db import IntegrityError, transaction

from conferences.common.codes import generate_code
from petitions.models import PHU_LUC_I_COLUMN, TRANSITIONS, Category, Petition, PetitionEvent, Status
from petitions.workflow.services import PetitionError, petition_transition
from tests.factories import BodyFactory, PetitionFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_status_maps_to_one_column_once():
    assert set(PHU_LUC_I_COLUMN) == set(Status.values)
    assert len(PHU_LUC_I_COLUMN) == len(Status.values)
    assert {c for c in PHU_LUC_I_COLUMN.values()} == {4, 5, 6, 7, None}
    assert [s for s, c in PHU_LUC_I_COLUMN.items() if c is None] == [Status.WITHDRAWN, Status.MERGED]
    assert PHU_LUC_I_COLUMN[Status.RESOLVED] == 4
    assert PHU_LUC_I_COLUMN[Status.ESCALATED] == 7
    assert {s for s, c in PHU_LUC_I_COLUMN.items() if c == 6} == {
        Status.TRANSFERRED, Status.GUIDED, Status.NOT_ACCEPTED}


def test_transition_table_is_closed_and_every_status_reachable():
    assert set(TRANSITIONS) == set(Status.values)
    for targets in TRANSITIONS.values():
        assert targets <= set(Status.values)
    reachable = set().union(*TRANSITIONS.values()) | {Status.RECEIVED}
    assert reachable == set(Status.values)
    assert TRANSITIONS[Status.WITHDRAWN] == TRANSITIONS[Status.MERGED] == set()


def test_categories_follow_phu_luc_i_order():
    assert [c.label for c in Category] == [
        "Vốn", "Lãi suất", "Tín dụng", "Cơ chế chính sách", "Thủ tục hành chính", "Đất đai", "Lĩnh vực khác"]


def test_petition_code_has_body_prefix():
    petition = PetitionFactory(body=BodyFactory(code_prefix="HH"))
    assert petition.code.startswith("HH")


def test_petition_and_registration_codes_never_share_a_value(monkeypatch):
    registration = RegistrationFactory()
    tails = iter([registration.code[-5:], "ZZZZZ"])
    monkeypatch.setattr("conferences.common.codes.random_part", lambda length=5: next(tails))
    prefix, year = registration.code[:-8], int(registration.code[-8:-6])
    assert generate_code(prefix=prefix, year=year).endswith("ZZZZZ")


def test_transition_writes_event():
    user = UserFactory()
    petition = PetitionFactory()
    petition_transition(petition=petition, to_status=Status.ASSIGNED, actor=user, note="Giao KT")
    petition.refresh_from_db()
    assert petition.status == Status.ASSIGNED
    event = PetitionEvent.objects.get(petition=petition)
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        Status.RECEIVED, Status.ASSIGNED, user, "Giao KT")


def test_transition_not_in_table_is_refused_without_event():
    petition = PetitionFactory()
    with pytest.raises(PetitionError):
        petition_transition(petition=petition, to_status=Status.APPROVED)
    petition.refresh_from_db()
    assert petition.status == Status.RECEIVED
    assert not petition.events.exists()


def test_withdraw_sets_time_and_merge_needs_target_of_same_body():
    petition, target = PetitionFactory(), None
    target = PetitionFactory(body=petition.body)
    stranger = PetitionFactory()
    with pytest.raises(PetitionError):
        petition_transition(petition=petition, to_status=Status.MERGED)
    with pytest.raises(PetitionError):
        petition_transition(petition=petition, to_status=Status.MERGED, merged_into=stranger)
    petition_transition(petition=petition, to_status=Status.MERGED, merged_into=target)
    assert petition.merged_into == target
    other = PetitionFactory()
    petition_transition(petition=other, to_status=Status.WITHDRAWN, note="Đã tự giải quyết")
    assert other.withdrawn_at is not None and other.phu_luc_i_column is None


def test_merged_status_requires_target_in_the_database():
    petition = PetitionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Petition.objects.filter(pk=petition.pk).update(status=Status.MERGED)
