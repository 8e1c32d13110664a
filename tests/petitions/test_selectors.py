"""Scoping selectors read directly: one row per petition, a bounded number of queries."""

import pytest

from petitions.workflow.selectors import petitions_for_user
from tests.factories import PetitionFactory, ScopingWorld

pytestmark = pytest.mark.django_db


def test_handler_sees_a_petition_once_when_its_unit_leads_and_coordinates():
    world = ScopingWorld()
    both = PetitionFactory(body=world.hh, lead_unit=world.pv, coordinating_units=[world.pv, world.kt])
    codes = list(petitions_for_user(world.handler).values_list("code", flat=True))
    assert codes.count(both.code) == 1
    assert set(codes) == {world.p_pv.code, world.p_coord.code, both.code}


def test_scoped_list_costs_a_fixed_number_of_queries(django_assert_num_queries):
    world = ScopingWorld()
    for _ in range(5):
        PetitionFactory(body=world.hh, lead_unit=world.pv)
    user = type(world.handler).objects.get(pk=world.handler.pk)  # fresh object: nothing cached
    # staff profile, role groups, then the petitions themselves.
    with django_assert_num_queries(3):
        assert len(list(petitions_for_user(user))) == 7
