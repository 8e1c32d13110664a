"""The petition's admin page reads as a case file: the business's text, the timeline in words, the due date with
its rule, the draft and the answer letter with its returned comment, and only the next steps this person may take."""

import re

import pytest
from django.urls import reverse
from freezegun import freeze_time

from petitions.deadlines.rules import DeadlineRule
from petitions.models import Status
from petitions.triage import answers
from petitions.triage import services as triage
from reports.models import OutgoingDocument, OutgoingKind
from reports.register import services as register
from tests.factories import PetitionFactory
from tests.reports.test_workspace import World

pytestmark = pytest.mark.django_db
NOW = "2026-12-03 09:12:00+07:00"


@pytest.fixture
def world():
    with freeze_time("2026-12-01 10:00:00+07:00"):
        w = World()
        w.petition = PetitionFactory(body=w.body, status=Status.RECEIVED, lead_unit=None,
                                     organisation_name="Công ty TNHH Cơ khí Hải Hưng",
                                     content="Đề nghị hỗ trợ thủ tục thuê đất mở rộng nhà xưởng.")
    with freeze_time(NOW):
        triage.petition_assign(petition=w.petition, lead_unit=w.vhxh, actor=w.economic)
    w.petition.refresh_from_db()
    return w


def case_file(client, user, petition):
    client.force_login(user)
    with freeze_time("2026-12-03 10:00:00+07:00"):
        response = client.get(reverse("admin:petitions_petition_change", args=[petition.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    return page.split('<section class="module case-file"', 1)[1].split("</section>", 1)[0]


def buttons(section):
    return [re.sub(r"\s+", " ", label).strip() for label in
            re.findall(r'<(?:button type="submit" class="button"|a class="button" href="[^"]*")>([^<]+)<', section)]


def test_the_case_file_tells_the_story_with_the_due_date_and_its_rule(client, world):
    section = case_file(client, world.economic, world.petition)
    assert "Công ty TNHH Cơ khí Hải Hưng" in section
    assert "Đề nghị hỗ trợ thủ tục thuê đất mở rộng nhà xưởng." in section
    assert "Phòng Kinh tế giao cho Phòng Văn hóa – Xã hội, 09:12 ngày 03/12/2026" in section
    rule = DeadlineRule(world.petition.deadline_rule).label
    assert f"{world.petition.due_date:%d/%m/%Y} — theo quy tắc: {rule}" in section


def test_each_role_sees_only_the_steps_it_may_take(client, world):
    economic = buttons(case_file(client, world.economic, world.petition))
    assert "Giao đơn vị xử lý" in economic and "Báo cáo, xin ý kiến cấp trên" in economic
    assert "Gia hạn trả lời (Lãnh đạo)" not in economic and "Mở lại kiến nghị" not in economic
    leader = buttons(case_file(client, world.leader, world.petition))
    assert leader == ["Gia hạn trả lời (Lãnh đạo)"]
    handler = buttons(case_file(client, world.handler, world.petition))
    assert handler == ["Soạn, sửa dự thảo trả lời"]


def test_an_action_button_opens_that_action_for_this_petition(client, world):
    client.force_login(world.economic)
    with freeze_time(NOW):
        response = client.post(reverse("admin:petitions_petition_changelist"), {
            "action": "assign_units", "index": "0", "select_across": "0", "_selected_action": world.petition.pk})
    page = response.content.decode()
    assert response.status_code == 200 and "Giao đơn vị xử lý" in page and world.petition.code in page


def test_the_returned_answer_letter_shows_with_its_comment_and_link(client, world):
    with freeze_time(NOW):
        answers.petition_answer_draft(petition=world.petition, text="Phòng đã làm việc với doanh nghiệp.",
                                      actor=world.handler)
        document = OutgoingDocument.objects.get(petition=world.petition, kind=OutgoingKind.ANSWER_LETTER)
        document = register.outgoing_document_submit(document=document, actor=world.handler)
        register.outgoing_document_return(document=document, actor=world.economic,
                                          comment="Nêu rõ thời hạn cấp giấy phép.")
    section = case_file(client, world.handler, world.petition)
    assert "Phòng đã làm việc với doanh nghiệp." in section
    url = reverse("reports:outgoing_document", args=[document.pk])
    assert f'<a href="{url}">Dự thảo</a>' in section
    assert "Ý kiến khi trả lại:</strong> Nêu rõ thời hạn cấp giấy phép." in section
    assert "Phòng Văn hóa – Xã hội dự thảo trả lời, 09:12 ngày 03/12/2026" in section
    assert "Phòng Văn hóa – Xã hội trình thẩm định công văn trả lời, 09:12 ngày 03/12/2026" in section
    assert ("Phòng Kinh tế trả lại công văn trả lời, 09:12 ngày 03/12/2026<br><small>Nêu rõ thời hạn cấp giấy phép."
            in section)
    assert buttons(section) == ["Soạn, sửa dự thảo trả lời", "Trình công văn trả lời"]
    assert "Trình công văn trả lời" not in buttons(case_file(client, world.leader, world.petition))
