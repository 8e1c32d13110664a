"""The officials' dashboard: category × outcome, on-time rate, by unit, year on year, and who sees it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from petitions.models import Category, Status
from reports.phu_luc_1.dashboard import dashboard
from tests.factories import PetitionFactory, ScopingWorld


def at(day):
    return timezone.make_aware(datetime.datetime(2026, 6, day, 16))


@pytest.fixture
def world(db):
    w = ScopingWorld()
    due = datetime.date(2026, 6, 20)
    PetitionFactory(body=w.hh, conference=w.hh_conf, lead_unit=w.kt, status=Status.RESOLVED, due_date=due,
                    answered_at=at(20), category=Category.LAND)
    PetitionFactory(body=w.hh, conference=w.hh_conf, lead_unit=w.kt, status=Status.RESOLVED, due_date=due,
                    answered_at=at(22), category=Category.LAND)
    PetitionFactory(body=w.hh, conference=w.hh_conf, lead_unit=w.pv, status=Status.ASSIGNED,
                    due_date=datetime.date(2026, 1, 5), category=Category.CREDIT)
    return w


def test_numbers(world):
    d = dashboard(world.hh, 2026)
    # One answered on time, one late, one still open past its due date: late too (1 of 3 on time).
    assert (d.answered, d.on_time, d.overdue_open, d.on_time_rate) == (2, 1, 1, 33.3)
    assert d.table.rows[5].cells == [2, 2, 0, 0, 0]
    kt = next(u for u in d.units if u.unit == "Phòng Kinh tế")
    assert (kt.total, kt.resolved, kt.in_process, kt.on_time_rate) == (4, 2, 2, 50.0)
    pv = next(u for u in d.units if u.unit == world.pv.name)
    assert (pv.answered, pv.overdue_open, pv.on_time_rate) == (0, 1, 0.0)  # nothing answered, one overdue
    assert d.previous.received == 0


def test_query_count_is_constant(world, django_assert_num_queries):
    with django_assert_num_queries(6):
        dashboard(world.hh, 2026)
    for _ in range(25):
        PetitionFactory(body=world.hh, conference=world.hh_conf, lead_unit=world.pv)
    with django_assert_num_queries(6):
        dashboard(world.hh, 2026)


@pytest.mark.parametrize(("who", "status"), [
    ("economic", 200), ("leader", 200), ("superuser", 200), ("finance", 403), ("handler", 403), ("office", 403)])
def test_who_sees_the_dashboard(client, world, who, status):
    client.force_login(getattr(world, who))
    response = client.get(reverse("reports:dashboard"), {"year": 2026})
    assert response.status_code == status
    if status == 200 and who != "superuser":
        html = response.content.decode()
        assert "Kiến nghị theo nhóm và kết quả (số liệu)" in html  # the table beside the chart
        assert 'aria-hidden="true"' in html
        assert "33,3%" in html or "33.3%" in html
