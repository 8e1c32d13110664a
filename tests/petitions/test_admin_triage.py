"""Petition list for triage: filters, accent-insensitive search, due column, actions, unit scope, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conferences.calendar import workdays
from petitions.models import Competence, DeadlineRule, Status
from petitions.triage import answers
from petitions.triage import services as triage
from tests.factories import PetitionFactory, ScopingWorld

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:petitions_petition_changelist")


@pytest.fixture
def world():
    return ScopingWorld()


def codes(response):
    return {p.code for p in response.context["cl"].result_list}


def change_url(petition):
    return reverse("admin:petitions_petition_change", args=[petition.pk])


def test_search_ignores_accents_and_case(client, world):
    world.p_kt.content = "Thủ tục cấp Giấy chứng nhận quyền sử dụng đất kéo dài"
    world.p_kt.save()
    world.p_pv.organisation_name = "Hợp tác xã Nông nghiệp Đông Hưng"
    world.p_pv.save()
    client.force_login(world.economic)
    assert codes(client.get(CHANGELIST, {"q": "thu tuc dat"})) == {world.p_kt.code}
    assert codes(client.get(CHANGELIST, {"q": "QUYỀN SỬ DỤNG"})) == {world.p_kt.code}
    assert codes(client.get(CHANGELIST, {"q": "dong hung"})) == {world.p_pv.code}
    assert codes(client.get(CHANGELIST, {"q": world.p_coord.code.lower()})) == {world.p_coord.code}
    assert codes(client.get(CHANGELIST, {"q": world.p_coord.tax_code})) == {world.p_coord.code}
    # Another body's petition is never found.
    assert codes(client.get(CHANGELIST, {"q": world.p_hd.code})) == set()


def test_due_filters_and_due_column(client, world):
    today = timezone.localdate()
    world.p_kt.due_date = today - datetime.timedelta(days=2)
    world.p_kt.deadline_rule = DeadlineRule.AFTER_CONFERENCE
    world.p_kt.save()
    world.p_pv.due_date = workdays.add_working_days(today, 2)
    world.p_pv.deadline_rule = DeadlineRule.NO_CONFERENCE
    world.p_pv.save()
    world.p_coord.due_date = workdays.add_working_days(today, 10)
    world.p_coord.deadline_rule = DeadlineRule.NO_CONFERENCE
    world.p_coord.save()
    client.force_login(world.economic)
    assert codes(client.get(CHANGELIST, {"han": "late"})) == {world.p_kt.code}
    assert codes(client.get(CHANGELIST, {"han": "soon"})) == {world.p_pv.code}
    assert codes(client.get(CHANGELIST, {"han": "later"})) == {world.p_coord.code}
    html = client.get(CHANGELIST).content.decode()
    assert "trễ 2 ngày" in html and "còn 2 ngày làm việc" in html and "còn 10 ngày làm việc" in html
    assert "Trả lời bằng văn bản sau hội nghị" in html  # the rule is named
    assert 'class="due-late"' in html and 'class="due-soon"' in html and 'class="due-ok"' in html
    assert "css/admin-pages.css" in html  # where the red / orange / green of those classes come from


def test_unit_filter_covers_lead_and_coordination(client, world):
    client.force_login(world.economic)
    assert codes(client.get(CHANGELIST, {"don_vi": world.pv.pk})) == {world.p_pv.code, world.p_coord.code}


def test_changelist_query_count_same_for_5_and_50_rows(client, world, django_assert_max_num_queries):
    client.force_login(world.economic)
    client.get(CHANGELIST, {"han": "soon"})  # warm the session, content types and the working-day calendar
    counts = []
    for total in (5, 50):
        while world.hh.petitions.count() < total:
            PetitionFactory(body=world.hh, conference=world.hh_conf, lead_unit=world.kt, phone="0912345678",
                            due_date=timezone.localdate(), deadline_rule=DeadlineRule.NO_CONFERENCE,
                            coordinating_units=[world.pv])
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(CHANGELIST, {"han": "soon", "don_vi": world.kt.pk})
        assert len(response.context["cl"].result_list) == total - 3  # the world's three have no due date
        counts.append(len(ctx))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[0]):
        client.get(CHANGELIST, {"han": "soon", "don_vi": world.kt.pk})


def post_action(client, action, petitions, **data):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [p.pk for p in petitions], **data},
                       follow=True)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_assign_action_shows_a_form_then_assigns_in_bulk(client, world):
    client.force_login(world.economic)
    response = client.post(CHANGELIST, {"action": "assign_units",
                                        "_selected_action": [world.p_kt.pk, world.p_pv.pk]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Giao đơn vị xử lý" in html and world.p_kt.code in html and world.hd_kt.name not in html.split(
        "đơn vị chủ trì")[-1].split("</select>")[0].replace(world.kt.name, "")
    response = post_action(client, "assign_units", [world.p_kt, world.p_pv], apply="1",
                           lead_unit=world.pv.pk, coordinating_units=[world.kt.pk], note="")
    assert any("2 kiến nghị thành công, 0 bị từ chối" in t for t in messages_of(response))
    for p in (world.p_kt, world.p_pv):
        p.refresh_from_db()
        assert p.status == Status.ASSIGNED and p.lead_unit == world.pv and p.competence == Competence.COORDINATION


def test_assign_form_refuses_another_body_unit(client, world):
    client.force_login(world.economic)
    response = client.post(CHANGELIST, {"action": "assign_units", "apply": "1", "lead_unit": world.hd_kt.pk,
                                        "_selected_action": [world.p_kt.pk]})
    assert response.status_code == 200 and "lead_unit" in response.context["form"].errors
    world.p_kt.refresh_from_db()
    assert world.p_kt.status == Status.RECEIVED


def test_set_competence_action_in_bulk(client, world, calendar_2026):
    client.force_login(world.economic)
    response = post_action(client, "set_competence", [world.p_kt, world.p_pv], apply="1",
                           competence=Competence.OUTSIDE, competent_authority="Sở Xây dựng", note="")
    assert any("2 kiến nghị thành công" in t for t in messages_of(response))
    world.p_pv.refresh_from_db()
    assert world.p_pv.deadline_rule == DeadlineRule.OUTSIDE_COMPETENCE and world.p_pv.due_date


def test_transfer_action_counts_refusals(client, world):
    client.force_login(world.economic)
    triage.petition_resolve(petition=world.p_pv, actor=world.economic)
    response = post_action(client, "transfer", [world.p_kt, world.p_pv], apply="1",
                           receiving_body="Thuế cơ sở 3", note="")
    assert any("1 kiến nghị thành công, 1 bị từ chối" in t for t in messages_of(response))
    world.p_kt.refresh_from_db()
    # The transfer letter is drafted in the register; the petition waits for its issue (no number typed).
    assert world.p_kt.status == Status.RECEIVED and world.p_kt.send_out_pending == Status.TRANSFERRED
    assert world.p_kt.dispatch_number == ""


def test_answered_at_conference_reopen_merge_actions(client, world):
    client.force_login(world.economic)
    post_action(client, "answered_at_conference", [world.p_kt], apply="1", answer="Đã giải đáp.")
    world.p_kt.refresh_from_db()
    assert world.p_kt.status == Status.RESOLVED and world.p_kt.answered_at_conference
    post_action(client, "reopen", [world.p_kt], apply="1", reason="Doanh nghiệp đề nghị văn bản",
                written_answer_requested="on")
    world.p_kt.refresh_from_db()
    assert world.p_kt.status == Status.ANSWERED_PENDING
    post_action(client, "merge", [world.p_pv], apply="1", target_code=world.p_coord.code.lower())
    world.p_pv.refresh_from_db()
    assert world.p_pv.status == Status.MERGED and world.p_pv.merged_into == world.p_coord


def test_unit_drafts_in_the_form_and_the_letter_starts_in_the_register(client, world):
    triage.petition_assign(petition=world.p_pv, lead_unit=world.pv, actor=world.economic)
    client.force_login(world.handler)
    url = change_url(world.p_pv)
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, [])}
    data.update({"answer_draft": "Trung tâm đã bố trí thêm quầy tiếp nhận.",
                 "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0", "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
                 "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    world.p_pv.refresh_from_db()
    assert world.p_pv.status == Status.DRAFTED
    assert world.p_pv.answer_draft == "Trung tâm đã bố trí thêm quầy tiếp nhận."
    # No action approves, sends and closes in one click: the letter goes through the register.
    client.force_login(world.economic)
    changelist = client.get(CHANGELIST).content.decode()
    assert 'value="approve_and_send"' not in changelist and "Duyệt và gửi" not in changelist
    from reports.register.answers import answer_document_current

    document = answer_document_current(world.p_pv)
    assert document.drafting_unit == world.pv and document.text == "Trung tâm đã bố trí thêm quầy tiếp nhận."
    assert document.status == "draft"


def test_unit_cannot_open_another_units_petition(client, world):
    client.force_login(world.handler)
    assert client.get(change_url(world.p_kt)).status_code == 404
    assert client.get(change_url(world.p_pv)).status_code == 200


def test_date_hierarchy_offers_only_years_with_petitions(client, world):
    for year in (2024, 2026):
        PetitionFactory(body=world.hh, received_at=timezone.make_aware(datetime.datetime(year, 3, 1, 9, 0)))
    client.force_login(world.economic)
    response = client.get(CHANGELIST)
    html = response.content.decode()
    assert "received_at__year=2024" in html and "received_at__year=2026" in html
    assert "received_at__year=2025" not in html
    # Filtered: the years of the matching petitions only.
    html = client.get(CHANGELIST, {"q": world.p_kt.code}).content.decode()
    assert "received_at__year=2024" not in html


def change_form_data(client, petition, **extra):
    """The change form of `petition` as the browser would post it back, plus `extra`."""
    form = client.get(change_url(petition)).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, [])}
    data.update({"attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0", "notes-TOTAL_FORMS": "0",
                 "notes-INITIAL_FORMS": "0", "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0"})
    data.update(extra)
    return data


def test_internal_note_thread(client, world):
    from petitions.models import PetitionNote

    triage.petition_assign(petition=world.p_pv, lead_unit=world.pv, actor=world.economic)
    client.force_login(world.handler)
    data = change_form_data(client, world.p_pv, **{
        "notes-TOTAL_FORMS": "1", "notes-0-text": "Đã liên hệ doanh nghiệp, chờ bổ sung hồ sơ."})
    response = client.post(change_url(world.p_pv), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    note = PetitionNote.objects.get(petition=world.p_pv)
    assert note.author == world.handler and note.text.startswith("Đã liên hệ")
    client.force_login(world.economic)
    assert "chờ bổ sung hồ sơ" in client.get(change_url(world.p_pv)).content.decode()


def test_answer_template_starts_the_draft_and_is_scoped_to_the_body(client, world):
    from petitions.models import AnswerTemplate

    mine = AnswerTemplate.objects.create(body=world.hh, title="Cấp GCN", text="Về thủ tục cấp GCN, UBND xã …")
    other = AnswerTemplate.objects.create(body=world.hd, title="Của xã khác", text="x")
    triage.petition_assign(petition=world.p_pv, lead_unit=world.pv, actor=world.economic)
    client.force_login(world.handler)
    choices = client.get(change_url(world.p_pv)).context["adminform"].form.fields["answer_template"].queryset
    assert list(choices) == [mine]
    data = change_form_data(client, world.p_pv, answer_template=str(mine.pk))
    response = client.post(change_url(world.p_pv), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    world.p_pv.refresh_from_db()
    assert world.p_pv.status == Status.DRAFTED and world.p_pv.answer_draft == "Về thủ tục cấp GCN, UBND xã …"
    data = change_form_data(client, world.p_pv, answer_template=str(other.pk))
    assert client.post(change_url(world.p_pv), data).status_code == 200  # another body's template: refused


def test_a_unit_cannot_move_the_status_by_hand(client, world):
    triage.petition_assign(petition=world.p_pv, lead_unit=world.pv, actor=world.economic)
    answers.petition_answer_draft(petition=world.p_pv, text="Dự thảo", actor=world.handler)
    client.force_login(world.handler)
    assert "next_status" not in str(client.get(change_url(world.p_pv)).content)
    data = change_form_data(client, world.p_pv, next_status=Status.APPROVED)
    assert client.post(change_url(world.p_pv), data).status_code == 302
    world.p_pv.refresh_from_db()
    assert world.p_pv.status == Status.DRAFTED  # approval is Phòng Kinh tế's


def test_a_refused_step_leaves_nothing_of_the_admin_save(client, world):
    """Saving the page with a changed text and a merge the service refuses saves neither (all or nothing)."""
    from petitions.models import PetitionEvent
    from petitions.workflow.services import petition_transition

    # The merge target is itself merged: petition_transition refuses, after the form's fields were written.
    petition_transition(petition=world.p_coord, to_status=Status.MERGED, merged_into=world.p_kt, actor=world.economic)
    before_events = PetitionEvent.objects.filter(petition=world.p_pv).count()
    client.force_login(world.economic)
    url = change_url(world.p_pv)
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, [])}
    received = timezone.localtime(world.p_pv.received_at)
    data.update({"received_at_0": received.strftime("%Y-%m-%d"), "received_at_1": received.strftime("%H:%M:%S")})
    data.update({"proposed_solution": "Đề nghị bố trí thêm quầy tiếp nhận hồ sơ đất đai.",
                 "next_status": Status.MERGED, "merge_target_code": world.p_coord.code,
                 "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0", "notes-TOTAL_FORMS": "0",
                 "notes-INITIAL_FORMS": "0", "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    # The page comes back with the reason and what was typed; nothing was saved.
    assert response.status_code == 200
    html = response.content.decode()
    assert "Không gộp vào một kiến nghị đã được gộp." in html
    assert "Đề nghị bố trí thêm quầy tiếp nhận hồ sơ đất đai." in html
    world.p_pv.refresh_from_db()
    assert world.p_pv.proposed_solution != "Đề nghị bố trí thêm quầy tiếp nhận hồ sơ đất đai."
    assert world.p_pv.status != Status.MERGED
    assert PetitionEvent.objects.filter(petition=world.p_pv).count() == before_events


def test_saving_a_draft_announces_the_status_change(client, world):
    triage.petition_assign(petition=world.p_pv, lead_unit=world.pv, actor=world.economic)
    client.force_login(world.handler)
    response = client.post(change_url(world.p_pv), change_form_data(
        client, world.p_pv, answer_draft="Trung tâm đã bố trí thêm quầy tiếp nhận."), follow=True)
    world.p_pv.refresh_from_db()
    assert world.p_pv.status == Status.DRAFTED
    assert (f"Kiến nghị {world.p_pv.code} chuyển từ “Đã phân công đơn vị xử lý” sang “Đã dự thảo trả lời”."
            in messages_of(response))
    # Saving again without a status change says nothing about the status.
    response = client.post(change_url(world.p_pv), change_form_data(client, world.p_pv), follow=True)
    assert not [m for m in messages_of(response) if "chuyển từ" in m]


def test_other_categories_are_ticked_by_name(client, world):
    client.force_login(world.economic)
    page = client.get(change_url(world.p_pv)).content.decode()
    assert 'type="checkbox" name="other_categories" value="6"' in page and "Đất đai" in page
    received = timezone.localtime(world.p_pv.received_at)
    response = client.post(change_url(world.p_pv), change_form_data(
        client, world.p_pv, other_categories=["6", "7"], received_at_0=received.strftime("%d/%m/%Y"),
        received_at_1=received.strftime("%H:%M:%S")))
    assert response.status_code == 302, response.context["adminform"].form.errors
    world.p_pv.refresh_from_db()
    assert world.p_pv.other_categories == [6, 7]
    client.force_login(world.handler)
    triage.petition_assign(petition=world.p_pv, lead_unit=world.pv, actor=world.economic)
    page = client.get(change_url(world.p_pv)).content.decode()
    assert "Đất đai, Lĩnh vực khác" in page and "[6, 7]" not in page
