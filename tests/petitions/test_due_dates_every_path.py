"""Due dates on every path (issue 21 item 1): the admin's add and change forms compute receipt day, rule and
due date through petitions.deadlines in the same transaction; the three are read-only."""

import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from conferences.calendar import workdays
from petitions.models import DeadlineRule, Petition
from tests.factories import ScopingWorld

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_2026")]

FORM = {
    "channel": "paper", "received_at_0": "2026-11-20", "received_at_1": "10:00:00",
    "organisation_name": "Công ty TNHH Giấy Mới", "organisation_kind": "DN", "identifier_kind": "mst",
    "category": "5", "other_categories": "[]", "content": "Kiến nghị giấy ngày 20/11", "competence": "within",
    "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0", "notes-TOTAL_FORMS": "0",
    "notes-INITIAL_FORMS": "0", "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
    # Typed by hand: must be ignored (the three are read-only).
    "due_date": "31/12/2027", "deadline_rule": "after_conference", "receipt_day": "01/01/2027",
}


@freeze_time("2026-11-23 09:00:00+07:00")
def test_a_paper_petition_added_in_the_admin_gets_its_receipt_day_rule_and_due_date(client):
    world = ScopingWorld()
    client.force_login(world.economic)
    page = client.get(reverse("admin:petitions_petition_add")).content.decode()
    assert 'name="due_date"' not in page and 'name="deadline_rule"' not in page and 'name="receipt_day"' not in page
    response = client.post(reverse("admin:petitions_petition_add"), {**FORM, "lead_unit": str(world.kt.pk)})
    assert response.status_code == 302, response.context["adminform"].form.errors
    petition = Petition.objects.get(content="Kiến nghị giấy ngày 20/11")
    assert petition.receipt_day == datetime.date(2026, 11, 20)
    assert petition.deadline_rule == DeadlineRule.NO_CONFERENCE
    assert petition.due_date == workdays.add_working_days(datetime.date(2026, 11, 20), world.hh.no_conference_answer_working_days)
    assert petition.due_date != datetime.date(2027, 12, 31)


@freeze_time("2026-11-23 09:00:00+07:00")
def test_changing_the_receipt_time_in_the_admin_recomputes_the_due_date(client):
    world = ScopingWorld()
    client.force_login(world.economic)
    client.post(reverse("admin:petitions_petition_add"), {**FORM, "lead_unit": str(world.kt.pk)})
    petition = Petition.objects.get(content="Kiến nghị giấy ngày 20/11")
    url = reverse("admin:petitions_petition_change", args=[petition.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update({**FORM, "lead_unit": str(world.kt.pk), "received_at_0": "2026-11-23", "received_at_1": "08:00:00",
                 "coordinating_units": [], "notes-TOTAL_FORMS": "0", "next_status": ""})
    data = {k: v for k, v in data.items() if not isinstance(v, list | tuple) or v}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    petition.refresh_from_db()
    assert petition.receipt_day == datetime.date(2026, 11, 23)
    assert petition.due_date == workdays.add_working_days(datetime.date(2026, 11, 23), world.hh.no_conference_answer_working_days)
