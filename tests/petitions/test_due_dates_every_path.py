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
    "category": "5", "content": "Kiến nghị giấy ngày 20/11", "competence": "within",
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


CHANGELIST = "/admin/petitions/petition/"


def _open_petition(world):
    from petitions.triage import services as triage

    p = triage.petition_assign(petition=world.p_pv, lead_unit=world.pv, actor=world.economic)
    Petition.objects.filter(pk=p.pk).update(email="giamdoc@congty.vn", phone="0912345678")
    p.refresh_from_db()
    return p


@freeze_time("2026-11-23 09:00:00+07:00")
def test_leadership_extends_a_due_date_with_a_reason_in_the_timeline_and_the_business_is_told(client):
    from conferences.models import OutboxMessage
    from petitions.models import PetitionEvent

    world = ScopingWorld()
    p = _open_petition(world)
    new_due = p.due_date + datetime.timedelta(days=30)
    client.force_login(world.economic)  # Phòng Kinh tế cannot extend
    page = client.get(CHANGELIST).content.decode()
    assert 'value="extend_deadline"' not in page
    client.force_login(world.leader)
    assert 'value="extend_deadline"' in client.get(CHANGELIST).content.decode()
    response = client.post(CHANGELIST, {"action": "extend_deadline", "_selected_action": [p.pk], "apply": "1",
                                        "new_due_date": new_due.isoformat(), "reason": "Chờ ý kiến Sở Xây dựng"},
                           follow=True)
    assert any("1 kiến nghị thành công" in str(m) for m in response.context["messages"])
    p.refresh_from_db()
    assert p.due_date == new_due == p.extended_due_date
    event = PetitionEvent.objects.filter(petition=p).latest("pk")
    assert "Gia hạn trả lời đến" in event.note and "Chờ ý kiến Sở Xây dựng" in event.note
    assert event.actor == world.leader
    message = OutboxMessage.objects.get(related_id=str(p.pk), channel="email", subject__startswith="Gia hạn")
    assert new_due.strftime("%d/%m/%Y") in message.text and "Chờ ý kiến Sở Xây dựng" in message.text

    # A later recompute through the rule (a save in the admin) does not undo the extension.
    from petitions.triage.services import petition_staff_save

    petition_staff_save(petition=p, actor=world.economic, created=False)
    p.refresh_from_db()
    assert p.due_date == new_due


@freeze_time("2026-11-23 09:00:00+07:00")
def test_an_extension_needs_a_reason_a_later_date_and_leadership():
    from petitions.triage.extensions import petition_extend_deadline
    from petitions.workflow.services import PetitionError

    world = ScopingWorld()
    p = _open_petition(world)
    with pytest.raises(PetitionError, match="lý do"):
        petition_extend_deadline(petition=p, new_due_date=p.due_date + datetime.timedelta(days=5), reason=" ",
                                 actor=world.leader)
    with pytest.raises(PetitionError, match="sau hạn hiện tại"):
        petition_extend_deadline(petition=p, new_due_date=p.due_date, reason="x", actor=world.leader)
    with pytest.raises(PetitionError, match="Chỉ Lãnh đạo"):
        petition_extend_deadline(petition=p, new_due_date=p.due_date + datetime.timedelta(days=5), reason="x",
                                 actor=world.economic)


def test_the_database_refuses_an_open_petition_without_a_due_date():
    from django.db import IntegrityError, transaction

    world = ScopingWorld()
    with pytest.raises(IntegrityError), transaction.atomic():
        Petition.objects.filter(pk=world.p_kt.pk).update(due_date=None)
