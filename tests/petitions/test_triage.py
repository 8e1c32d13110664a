"""Triage services: every allowed and refused transition, routing, competence and due dates, answers."""

import datetime

import pytest
from django.utils import timezone

from conferences.outbox.models import OutboxMessage
from petitions.models import TRANSITIONS, Competence, DeadlineRule, Petition, PetitionEvent, Status
from petitions.triage import answers
from petitions.triage import services as triage
from petitions.workflow.services import PetitionError, petition_transition
from tests import answer_flow
from tests.factories import PetitionFactory, ScopingWorld, UnitFactory
from tests.signing import signed_by

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return ScopingWorld()


def in_status(world, status, **kwargs):
    """A petition of Hải Hưng put into `status` directly (the fixture, not the behaviour under test)."""
    extra = {}
    if status == Status.MERGED:
        extra["merged_into"] = world.p_pv
    if status == Status.WITHDRAWN:
        extra["withdrawn_at"] = timezone.now()
    return PetitionFactory(body=world.hh, conference=world.hh_conf, lead_unit=world.kt, status=status,
                           answer_draft="Dự thảo", **extra, **kwargs)


# Every (from, to) pair of the table: allowed ones move and write an event; the others are refused.
ALL_PAIRS = [(src, dst) for src in Status.values for dst in Status.values]


@pytest.mark.parametrize(("src", "dst"), ALL_PAIRS)
def test_transition_table_is_enforced(world, src, dst):
    petition = in_status(world, src)
    kwargs = {"merged_into": world.p_kt} if dst == Status.MERGED else {}
    if dst in TRANSITIONS[src]:
        petition_transition(petition=petition, to_status=dst, actor=world.economic, note="n", **kwargs)
        petition.refresh_from_db()
        assert petition.status == dst
        event = petition.events.get()
        assert (event.from_status, event.to_status, event.actor, event.note) == (src, dst, world.economic, "n")
    else:
        with pytest.raises(PetitionError, match="Không thể chuyển"):
            petition_transition(petition=petition, to_status=dst, actor=world.economic, **kwargs)
        petition.refresh_from_db()
        assert petition.status == src and not petition.events.exists()


def test_assign_lead_and_coordinating_units_makes_it_a_coordination_case(world, calendar_2026):
    p = triage.petition_assign(petition=world.p_pv, lead_unit=world.kt, coordinating_units=[world.pv],
                               actor=world.economic)
    assert p.status == Status.ASSIGNED and p.lead_unit == world.kt
    assert list(p.coordinating_units.all()) == [world.pv]
    assert p.competence == Competence.COORDINATION
    assert p.deadline_rule == DeadlineRule.NO_CONFERENCE_COORDINATION and p.due_date is not None
    event = p.events.get()
    assert event.to_status == Status.ASSIGNED and "Chủ trì: Phòng Kinh tế" in event.note
    assert "phối hợp: Trung tâm Phục vụ hành chính công" in event.note


def test_reassigning_an_assigned_petition_writes_an_event_without_status_change(world):
    triage.petition_assign(petition=world.p_kt, lead_unit=world.kt, actor=world.economic)
    p = triage.petition_assign(petition=world.p_kt, lead_unit=world.pv, actor=world.economic, note="Đúng lĩnh vực")
    assert p.lead_unit == world.pv and p.status == Status.ASSIGNED
    last = p.events.last()
    assert (last.from_status, last.to_status) == (Status.ASSIGNED, Status.ASSIGNED)
    assert "Đúng lĩnh vực" in last.note


@pytest.mark.parametrize("bad", ["other_body", "inactive", "lead_also_coordinating"])
def test_assign_refuses_wrong_units(world, bad):
    units = {"lead_unit": world.kt, "coordinating_units": []}
    if bad == "other_body":
        units["lead_unit"] = world.hd_kt
    elif bad == "inactive":
        units["lead_unit"] = UnitFactory(body=world.hh, is_active=False)
    else:
        units["coordinating_units"] = [world.kt]
    with pytest.raises(PetitionError):
        triage.petition_assign(petition=world.p_kt, actor=world.economic, **units)
    world.p_kt.refresh_from_db()
    assert world.p_kt.status == Status.RECEIVED and world.p_kt.lead_unit == world.kt


def test_only_economic_department_of_the_same_body_triages(world):
    for user in (world.handler, world.leader, world.hd_economic):
        with pytest.raises(PetitionError, match="Chỉ Phòng Kinh tế"):
            triage.petition_assign(petition=world.p_pv, lead_unit=world.kt, actor=user)
    assert not world.p_pv.events.exists()


def test_competence_outside_follows_the_forward_rule_of_five_working_days(world, calendar_2026):
    p = world.p_pv
    p.received_at = timezone.make_aware(datetime.datetime(2026, 4, 24, 9, 0))  # Friday before 30/4–1/5
    p.save()
    p = triage.petition_set_competence(petition=p, competence=Competence.OUTSIDE, actor=world.economic,
                                       competent_authority="Sở Nông nghiệp và Môi trường")
    assert p.deadline_rule == DeadlineRule.OUTSIDE_COMPETENCE
    # 27/4 is the observed Giỗ Tổ (26/4 a Sunday), 30/4–1/5 holidays, 2–3/5 the weekend:
    # 28, 29 April, then 4, 5 and 6 May.
    assert p.due_date == datetime.date(2026, 5, 6)
    assert p.competent_authority == "Sở Nông nghiệp và Môi trường"
    assert "Ngoài thẩm quyền" in p.events.get().note


def test_competence_coordination_needs_a_coordinating_unit_and_other_categories_are_checked(world):
    with pytest.raises(PetitionError, match="đơn vị phối hợp"):
        triage.petition_set_competence(petition=world.p_pv, competence=Competence.COORDINATION,
                                       actor=world.economic)
    with pytest.raises(PetitionError, match="Nhóm liên quan"):
        triage.petition_set_competence(petition=world.p_pv, competence=Competence.WITHIN,
                                       other_categories=[world.p_pv.category], actor=world.economic)
    p = triage.petition_set_competence(petition=world.p_pv, competence=Competence.COORDINATION,
                                       other_categories=[6, 4], coordinating_units=[world.kt],
                                       actor=world.economic)
    assert p.other_categories == [4, 6] and list(p.coordinating_units.all()) == [world.kt]


def test_competence_of_a_closed_petition_is_refused(world):
    closed = in_status(world, Status.RESOLVED)
    with pytest.raises(PetitionError, match="đã đóng"):
        triage.petition_set_competence(petition=closed, competence=Competence.OUTSIDE, actor=world.economic)


def test_transfer_records_the_receiving_body_and_waits_for_the_letter(world):
    p = triage.petition_transfer(petition=world.p_pv, receiving_body="Thuế cơ sở 3 thành phố Hải Phòng",
                                 actor=world.economic)
    # The letter is drafted in the register; the petition moves only when it is issued (tests/reports/
    # test_send_out_letters.py).
    assert p.status == Status.RECEIVED and p.send_out_pending == Status.TRANSFERRED
    assert p.competence == Competence.OUTSIDE and p.competent_authority == "Thuế cơ sở 3 thành phố Hải Phòng"
    assert (p.dispatch_number, p.dispatch_date) == ("", None)
    assert "Lập dự thảo công văn chuyển kiến nghị gửi Thuế cơ sở 3" in p.events.get().note


@pytest.mark.parametrize("service", [triage.petition_transfer, triage.petition_escalate])
def test_transfer_and_escalation_need_the_receiving_body(world, service):
    with pytest.raises(PetitionError, match="cơ quan nhận"):
        service(petition=world.p_pv, receiving_body=" ", actor=world.economic)
    assert not world.p_pv.events.exists()


def test_escalate_then_the_direction_comes_back_and_is_resolved(world):
    p = triage.petition_send_out_outside_portal(
        petition=world.p_kt, to_status=Status.ESCALATED, receiving_body="UBND thành phố Hải Phòng",
        dispatch_number="20/UBND-KT", dispatch_date=datetime.date(2026, 6, 1), actor=world.economic)
    assert p.status == Status.ESCALATED and p.competence == Competence.WITHIN and p.dispatch_outside_portal
    assert "công văn số 20/UBND-KT ngày 01/06/2026" in p.events.get().note
    p = triage.petition_resolve(petition=p, actor=world.economic, note="Thực hiện theo chỉ đạo")
    assert p.status == Status.RESOLVED


def test_a_letter_issued_outside_the_portal_needs_its_number_and_a_past_date(world):
    with pytest.raises(PetitionError, match="số và ngày"):
        triage.petition_send_out_outside_portal(petition=world.p_pv, to_status=Status.TRANSFERRED,
                                                receiving_body="Sở Xây dựng", dispatch_number="",
                                                dispatch_date=None, actor=world.economic)
    with pytest.raises(PetitionError, match="sau hôm nay"):
        triage.petition_send_out_outside_portal(
            petition=world.p_pv, to_status=Status.TRANSFERRED, receiving_body="Sở Xây dựng", dispatch_number="3",
            dispatch_date=timezone.localdate() + datetime.timedelta(days=1), actor=world.economic)
    assert Petition.objects.get(pk=world.p_pv.pk).status == Status.RECEIVED


def test_guide_needs_no_dispatch(world):
    p = triage.petition_guide(petition=world.p_pv, receiving_body="Tòa án nhân dân khu vực",
                              actor=world.economic)
    assert p.status == Status.GUIDED and p.dispatch_number == ""


def test_transfer_of_a_merged_petition_is_refused(world):
    merged = in_status(world, Status.MERGED)
    with pytest.raises(PetitionError, match="Không thể chuyển"):
        triage.petition_transfer(petition=merged, receiving_body="X", actor=world.economic)
    merged.refresh_from_db()
    assert merged.competent_authority == ""  # nothing half-done


@pytest.mark.parametrize(("written", "follow_up", "expected"), [
    (False, False, Status.RESOLVED), (True, False, Status.ANSWERED_PENDING), (False, True, Status.ANSWERED_PENDING)])
def test_answered_at_conference(world, calendar_2026, written, follow_up, expected):
    p = answers.petition_mark_answered_at_conference(
        petition=world.p_kt, answer="Đã giải đáp tại hội nghị.", written_answer_requested=written,
        follow_up=follow_up, actor=world.economic)
    assert p.status == expected and p.answered_at_conference and p.answer == "Đã giải đáp tại hội nghị."
    if written:
        assert p.deadline_rule == DeadlineRule.WRITTEN_AFTER_ORAL and p.written_answer_requested_at


def test_answered_at_conference_needs_a_conference_and_an_answer(world):
    with pytest.raises(PetitionError, match="không gắn với hội nghị"):
        answers.petition_mark_answered_at_conference(petition=world.p_pv, answer="x", actor=world.economic)
    with pytest.raises(PetitionError, match="nội dung"):
        answers.petition_mark_answered_at_conference(petition=world.p_kt, answer="  ", actor=world.economic)


def test_the_answer_is_told_only_when_its_letter_is_issued_and_once(world):
    from reports.register import services as register
    from reports.register.models import AnswerOutcome
    from reports.register.models import OutgoingStatus as S

    p = triage.petition_assign(petition=world.p_coord, lead_unit=world.pv, coordinating_units=[world.kt],
                               actor=world.economic)
    p.email, p.phone = "giamdoc@congty.vn", "0912345678"
    p.publication_consent = True  # the business agreed on its form
    p.save()
    document = answer_flow.answer_to_signature(world, p, text="Đã rút ngắn thời gian giải quyết.",
                                               outcome=AnswerOutcome.RESOLVED)
    p.refresh_from_db()
    assert p.status == Status.APPROVED and document.status == S.AWAITING_SIGNATURE
    # Nothing told, no number, while the letter waits for signature, is signed, and until it is issued.
    with pytest.raises(PetitionError, match="Nội dung trả lời"):
        answers.petition_answer_draft(petition=p, text="Sửa sau thẩm định.", actor=world.handler)
    document = register.outgoing_document_sign(document=document, actor=world.leader,
                                                  signed_pdf=signed_by(document, world.leader))
    assert not OutboxMessage.objects.filter(related_id=str(p.pk)).exists()
    p.refresh_from_db()
    assert p.status == Status.APPROVED and p.answer == "" and p.answer_document_number == ""
    document = register.outgoing_document_issue(document=document, actor=world.office,
                                                base_url=answer_flow.BASE_URL)
    p.refresh_from_db()
    assert p.status == Status.RESOLVED and p.answer == "Đã rút ngắn thời gian giải quyết."
    assert p.answer_document_number == "01/UBND-PVHCC" == document.number.formatted
    assert p.answered_by == world.office
    messages = OutboxMessage.objects.filter(related_id=str(p.pk))
    assert sorted(messages.values_list("channel", flat=True)) == ["email", "sms"]
    email = messages.get(channel="email").text
    assert "01/UBND-PVHCC" in email
    assert [e.to_status for e in p.events.all()] == [Status.ASSIGNED, Status.DRAFTED, Status.APPROVED,
                                                    Status.RESOLVED]
    # The same event never tells twice.
    with pytest.raises(PetitionError, match="đã duyệt"):
        answers.petition_answer_issued(petition=p, document_number="01/UBND-PVHCC", issued_on=document.issued_on,
                                       outcome=Status.RESOLVED, actor=world.office)
    assert messages.count() == 2


def test_the_reviewer_chooses_follow_up_and_the_signer_may_return(world):
    from reports.register import services as register
    from reports.register.models import AnswerOutcome

    p = triage.petition_assign(petition=world.p_pv, lead_unit=world.pv, actor=world.economic)
    document = answer_flow.answer_to_signature(world, p, outcome=AnswerOutcome.FOLLOW_UP)
    assert document.answer_outcome == AnswerOutcome.FOLLOW_UP
    document = register.outgoing_document_return(document=document, actor=world.leader, comment="Nêu rõ thời hạn.")
    p.refresh_from_db()
    assert p.status == Status.DRAFTED and document.return_comment == "Nêu rõ thời hạn."
    p = answers.petition_answer_draft(petition=p, text="Trong 10 ngày làm việc.", actor=world.handler)
    document.refresh_from_db()
    assert document.text == "Trong 10 ngày làm việc."
    p, document = answer_flow.answer_issued(world, p, text="Trong 10 ngày làm việc.",
                                            outcome=AnswerOutcome.FOLLOW_UP)
    assert p.status == Status.ANSWERED_PENDING and p.answer == "Trong 10 ngày làm việc."


def test_the_pass_of_an_answer_needs_an_outcome(world):
    from reports.documents.numbering import ReportError
    from reports.register import services as register
    from reports.register.answers import answer_document_current

    p = triage.petition_assign(petition=world.p_pv, lead_unit=world.pv, actor=world.economic)
    p = answers.petition_answer_draft(petition=p, text="Trả lời.", actor=world.handler)
    document = register.outgoing_document_submit(document=answer_document_current(p), actor=world.handler)
    with pytest.raises(ReportError, match="kết quả trả lời"):
        register.outgoing_document_pass(document=document, actor=world.economic)
    with pytest.raises(ReportError, match="Chỉ"):
        register.outgoing_document_pass(document=document, actor=world.handler, outcome="resolved")
    p.refresh_from_db()
    assert p.status == Status.DRAFTED


def test_a_unit_cannot_draft_for_a_petition_of_another_unit(world):
    triage.petition_assign(petition=world.p_kt, lead_unit=world.kt, actor=world.economic)
    with pytest.raises(PetitionError, match="không được giao"):
        answers.petition_answer_draft(petition=world.p_kt, text="x", actor=world.handler)


def test_draft_of_a_received_petition_is_refused(world):
    with pytest.raises(PetitionError, match="Không thể chuyển"):
        answers.petition_answer_draft(petition=world.p_kt, text="x", actor=world.economic)
    world.p_kt.refresh_from_db()
    assert world.p_kt.answer_draft == ""  # rolled back with the refused move


def test_reopen_needs_a_reason_and_a_resolved_petition(world, calendar_2026):
    resolved = in_status(world, Status.RESOLVED)
    with pytest.raises(PetitionError, match="lý do"):
        triage.petition_reopen(petition=resolved, reason=" ", actor=world.economic)
    p = triage.petition_reopen(petition=resolved, reason="Doanh nghiệp đề nghị trả lời bằng văn bản",
                               written_answer_requested=True, actor=world.economic)
    assert p.status == Status.ANSWERED_PENDING and p.deadline_rule == DeadlineRule.WRITTEN_AFTER_ORAL
    assert p.events.get().note == "Mở lại: Doanh nghiệp đề nghị trả lời bằng văn bản"
    with pytest.raises(PetitionError, match="Không thể chuyển"):
        triage.petition_reopen(petition=in_status(world, Status.TRANSFERRED), reason="x", actor=world.economic)


def test_merge_and_withdraw(world):
    p = triage.petition_merge(petition=world.p_pv, into=world.p_kt, actor=world.economic)
    assert p.status == Status.MERGED and p.merged_into == world.p_kt
    with pytest.raises(PetitionError):
        triage.petition_merge(petition=world.p_coord, into=world.p_hd, actor=world.economic)
    p = triage.petition_withdraw(petition=world.p_coord, reason="Đã tự giải quyết", actor=None)
    assert p.status == Status.WITHDRAWN and p.withdrawal_reason == "Đã tự giải quyết"
    assert PetitionEvent.objects.filter(petition=p, actor=None).exists()


def test_search_text_is_folded_and_follows_edits(world):
    p = world.p_kt
    p.content = "Thủ tục cấp Giấy chứng nhận quyền sử dụng đất"
    p.save(update_fields=["content"])
    assert "thu tuc cap giay chung nhan quyen su dung dat" in Petition.objects.get(pk=p.pk).search_text


@pytest.mark.parametrize(("sms", "email", "expected"), [(True, False, ["sms"]), (False, True, ["email"]),
                                                        (True, True, ["email", "sms"])])
def test_the_answer_goes_out_as_the_registration_chose(world, sms, email, expected):
    from petitions.models import RegistrationSubmission

    RegistrationSubmission.objects.create(registration=world.hh_reg, form_token=f"t-{sms}-{email}",
                                          notify_sms=sms, notify_email=email)
    p = triage.petition_assign(petition=world.p_kt, lead_unit=world.kt, actor=world.economic)
    p, _document = answer_flow.answer_issued(world, p)
    channels = sorted(OutboxMessage.objects.filter(related_id=str(p.pk)).values_list("channel", flat=True))
    assert channels == expected


def test_petitions_of_a_registration_are_searchable(world):
    from petitions.registration import services as reg

    registration, _created = reg.registration_submit(
        conference=world.hh_conf, form_token="tok-search", full_name="Lê Văn Đức",
        organisation_name="Hợp tác xã Đồng Tâm", organisation_kind="HTX", identifier_kind="mst",
        tax_code="0100109106", phone="0912345678", channel="paper", actor=world.economic,
        petitions=[reg.PetitionInput(category=6, content="Chậm cấp giấy chứng nhận quyền sử dụng đất.")])
    petition = registration.petitions.get()
    assert "hop tac xa dong tam" in petition.search_text and "quyen su dung dat" in petition.search_text
