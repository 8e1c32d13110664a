"""Transfer and escalation letters through the outgoing-documents register: the triage action starts a draft (no
number typed), the four steps by role, the petition moves only when the letter is issued (with its number and
date), the business is told and downloads the issued letter; refused moves; the paper path outside the portal."""

import datetime
import functools

import pytest
from django.urls import reverse
from django.utils import timezone

from conferences.outbox.models import OutboxMessage
from petitions.models import Competence, Petition, Status
from petitions.triage import services as triage
from petitions.workflow.services import PetitionError
from reports.documents.numbering import ReportError
from reports.models import IssuedDocumentNumber, OutgoingDocument, OutgoingKind, OutgoingStatus
from reports.register import services as register
from tests.factories import PetitionFactory, ScopingWorld
from tests.reports.test_outgoing_register import number_line, pdf_text
from tests.signing import ensure_signing_setup, signed_by

pytestmark = pytest.mark.django_db

S = OutgoingStatus
CHANGELIST = reverse("admin:petitions_petition_changelist")
RECEIVING = "Thuế cơ sở 3 thành phố Hải Phòng"
CITY = "Ủy ban nhân dân thành phố Hải Phòng"
KINDS = {Status.TRANSFERRED: OutgoingKind.TRANSFER_LETTER, Status.ESCALATED: OutgoingKind.ESCALATION_LETTER}


@pytest.fixture
def world():
    ensure_signing_setup()
    return ScopingWorld()


def start(world, petition, to_status, receiving=RECEIVING):
    service = triage.petition_transfer if to_status == Status.TRANSFERRED else triage.petition_escalate
    petition = service(petition=petition, receiving_body=receiving, actor=world.economic)
    return petition, OutgoingDocument.objects.get(petition=petition, kind=KINDS[to_status], status__in=[
        S.DRAFT, S.UNDER_REVIEW, S.AWAITING_SIGNATURE, S.SIGNED])


def drafter(world, document):
    return world.economic if document.drafted_by_economic else world.handler


def reviewer(world, document):
    return world.office if document.drafted_by_economic else world.economic


def to_signed(world, document):
    register.outgoing_document_submit(document=document, actor=drafter(world, document))
    register.outgoing_document_pass(document=document, actor=reviewer(world, document))
    return register.outgoing_document_sign(document=document, actor=world.leader,
                                           signed_pdf=signed_by(document, world.leader))


def post_action(client, action, petitions, **data):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [p.pk for p in petitions], **data},
                       follow=True)


# ---- The action starts a draft; nobody types a number --------------------------------------------------------------

def test_the_transfer_action_asks_no_number_and_starts_a_draft_in_the_register(client, world, calendar_2026):
    client.force_login(world.economic)
    form = client.post(CHANGELIST, {"action": "transfer", "_selected_action": [world.p_pv.pk]}).content.decode()
    assert "Cơ quan nhận" in form and "số công văn của cơ quan mình" not in form.lower()
    assert "Công văn đã ban hành ngoài hệ thống" in form  # the paper path, an explicit choice
    response = post_action(client, "transfer", [world.p_pv], apply="1", receiving_body=RECEIVING, note="")
    said = [str(m) for m in response.context["messages"]]
    assert any("1 kiến nghị thành công" in m for m in said)
    assert any("Dự thảo công văn đã được lập trong Sổ văn bản đi" in m for m in said)
    petition = Petition.objects.get(pk=world.p_pv.pk)
    # The petition keeps its status until the letter is issued, marked as waiting for it.
    assert petition.status == Status.RECEIVED and petition.send_out_pending == Status.TRANSFERRED
    assert (petition.competent_authority, petition.competence) == (RECEIVING, Competence.OUTSIDE)
    assert petition.dispatch_number == "" and petition.dispatch_date is None
    document = OutgoingDocument.objects.get(petition=petition)
    assert (document.kind, document.status, document.drafting_unit) == (
        OutgoingKind.TRANSFER_LETTER, S.DRAFT, world.pv)
    assert document.title == f"V/v chuyển kiến nghị của {petition.organisation_name}"
    assert "không thuộc thẩm quyền giải quyết" in document.text
    assert not IssuedDocumentNumber.objects.exists()
    page = client.get(reverse("admin:petitions_petition_change", args=[petition.pk])).content.decode()
    assert "Đang chờ ban hành công văn chuyển cơ quan có thẩm quyền" in page
    listing = client.get(CHANGELIST).content.decode()
    assert "Đang chờ ban hành công văn chuyển cơ quan có thẩm quyền" in listing
    # Running the action again reuses the draft.
    post_action(client, "transfer", [petition], apply="1", receiving_body=RECEIVING, note="")
    assert OutgoingDocument.objects.filter(petition=petition).count() == 1


def test_a_number_typed_without_the_outside_portal_choice_is_refused(client, world):
    client.force_login(world.economic)
    response = client.post(CHANGELIST, {"action": "escalate", "apply": "1", "_selected_action": [world.p_kt.pk],
                                        "receiving_body": CITY, "dispatch_number": "12/UBND-KT",
                                        "dispatch_date": "2026-06-20"})
    assert "dispatch_number" in response.context["form"].errors
    assert not OutgoingDocument.objects.exists()
    assert Petition.objects.get(pk=world.p_kt.pk).status == Status.RECEIVED


def test_the_draft_letter_reads_as_a_decree_30_letter_to_the_receiving_body(client, world):
    petition, document = start(world, world.p_kt, Status.TRANSFERRED)
    client.force_login(world.economic)
    data = client.get(reverse("reports:outgoing_document_pdf", args=[document.pk])).content
    text = " ".join(pdf_text(data, "-raw").split())
    assert "V/v chuyển kiến nghị của" in text and f"Kính gửi: {RECEIVING}" in text
    assert petition.code in text and " ".join(petition.content.split()) in text
    assert f"đến {RECEIVING} để xem xét, giải quyết theo thẩm quyền" in text
    assert "DỰ THẢO" in text and "Lưu: VT, KT." in text
    assert number_line(data) == "Số: /UBND-KT"


# ---- The four steps, by role; the petition moves at issue -------------------------------------------------------

@pytest.mark.parametrize(("to_status", "petition_name"), [(Status.TRANSFERRED, "p_pv"), (Status.ESCALATED, "p_kt")])
def test_the_four_steps_each_by_its_role_then_the_petition_moves_and_the_business_is_told(
        client, world, to_status, petition_name):
    petition = getattr(world, petition_name)
    petition.email, petition.phone = "doanhnghiep@example.vn", "0912345678"
    petition.save()
    petition, document = start(world, petition, to_status,
                               receiving=RECEIVING if to_status == Status.TRANSFERRED else CITY)
    roles = ("economic", "handler", "office", "leader", "hd_economic")
    steps = [("submit", drafter(world, document)), ("pass", reviewer(world, document)), ("sign", world.leader),
             ("issue", world.office)]
    for step, allowed in steps:
        service = getattr(register, f"outgoing_document_{step}")
        if step == "sign":
            service = functools.partial(service, signed_pdf=signed_by(document, world.leader))
        for role in roles:
            user = getattr(world, role)
            if user == allowed:
                continue
            with pytest.raises(ReportError):
                service(document=document, actor=user)
            assert Petition.objects.get(pk=petition.pk).status == Status.RECEIVED
        document = service(document=document, actor=allowed)
        if step != "issue":
            assert Petition.objects.get(pk=petition.pk).status == Status.RECEIVED
    document.refresh_from_db()
    petition.refresh_from_db()
    assert document.status == S.ISSUED
    assert petition.status == to_status and petition.send_out_pending == ""
    assert petition.dispatch_number == document.number.formatted == "01/UBND-" + document.unit_code
    assert petition.dispatch_date == document.issued_on == timezone.localdate()
    assert document.number.formatted in petition.events.order_by("pk").last().note
    assert number_line(bytes(document.issued_pdf)) == f"Số: {document.number.formatted}"
    # The business is told once, with the short link of its status page (sent by e-mail and SMS).
    messages = OutboxMessage.objects.filter(related_id=str(petition.pk))
    assert {m.channel for m in messages} == {"email", "sms"}
    email = messages.get(channel="email")
    assert document.number.formatted in email.text
    assert ("xin ý kiến chỉ đạo" if to_status == Status.ESCALATED else "đã được chuyển đến") in email.text


def test_the_business_downloads_the_issued_transfer_letter_from_its_status_page(client, world):
    petition, document = start(world, world.p_kt, Status.TRANSFERRED)
    registration = petition.registration
    status = reverse("petitions:registration_status", args=[world.hh.slug, registration.code, registration.secret])
    assert "Đang chờ ban hành công văn chuyển" in client.get(status).content.decode()
    register.outgoing_document_issue(document=to_signed(world, document), actor=world.office)
    document.refresh_from_db()
    page = client.get(status).content.decode()
    download = reverse("reports_public:send_out_letter_pdf",
                       args=[world.hh.slug, registration.code, registration.secret, petition.code])
    assert download in page and f"Tải Công văn số {document.number.formatted}" in page and RECEIVING in page
    assert client.get(download).content == bytes(document.issued_pdf)
    assert client.get(download.replace(registration.secret, "x" * len(registration.secret))).status_code == 404
    email = OutboxMessage.objects.get(related_id=str(petition.pk), channel="email").text
    assert f"/tc/{registration.code}/{registration.secret}/" in email


# ---- Refused moves -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("status", [Status.RESOLVED, Status.MERGED, Status.TRANSFERRED])
def test_a_letter_is_not_started_for_a_petition_that_cannot_move(world, status):
    petition = PetitionFactory(body=world.hh, lead_unit=world.kt, status=status,
                               merged_into=world.p_pv if status == Status.MERGED else None)
    with pytest.raises(PetitionError, match="Không thể chuyển"):
        triage.petition_transfer(petition=petition, receiving_body=RECEIVING, actor=world.economic)
    assert not OutgoingDocument.objects.exists()
    petition.refresh_from_db()
    assert petition.competent_authority == "" and petition.send_out_pending == ""


def test_only_phong_kinh_te_starts_a_letter(world):
    for user in (world.handler, world.office, world.leader, world.hd_economic):
        with pytest.raises(PetitionError, match="Chỉ Phòng Kinh tế"):
            triage.petition_escalate(petition=world.p_pv, receiving_body=CITY, actor=user)
    assert not OutgoingDocument.objects.exists()


def test_one_letter_at_a_time_and_no_new_receiving_body_after_the_draft(world):
    petition, document = start(world, world.p_kt, Status.TRANSFERRED)
    with pytest.raises(PetitionError, match="đang chờ ban hành công văn chuyển"):
        triage.petition_escalate(petition=petition, receiving_body=CITY, actor=world.economic)
    # While a draft, another receiving body is taken (the letter names it from the petition).
    triage.petition_transfer(petition=petition, receiving_body="Sở Xây dựng thành phố Hải Phòng", actor=world.economic)
    assert OutgoingDocument.objects.filter(petition=petition).count() == 1
    register.outgoing_document_submit(document=document, actor=world.economic)
    with pytest.raises(PetitionError, match="trước khi đổi cơ quan nhận"):
        triage.petition_transfer(petition=petition, receiving_body=RECEIVING, actor=world.economic)
    assert Petition.objects.get(pk=petition.pk).competent_authority == "Sở Xây dựng thành phố Hải Phòng"
    # The paper path is refused while the register's letter is on its way.
    with pytest.raises(PetitionError, match="sổ văn bản đi"):
        triage.petition_send_out_outside_portal(petition=petition, to_status=Status.TRANSFERRED,
                                                receiving_body=RECEIVING, dispatch_number="5/UBND-KT",
                                                dispatch_date=datetime.date(2026, 1, 5), actor=world.economic)


def test_a_withdrawn_letter_leaves_the_petition_where_it_was(world):
    petition, document = start(world, world.p_kt, Status.ESCALATED, receiving=CITY)
    register.outgoing_document_withdraw(document=document, actor=world.economic, note="Đã có hướng giải quyết")
    petition.refresh_from_db()
    assert petition.status == Status.RECEIVED and petition.send_out_pending == ""
    assert "Thu hồi dự thảo công văn xin ý kiến" in petition.events.order_by("pk").last().note
    # A new start makes a new draft.
    _petition, again = start(world, petition, Status.ESCALATED, receiving=CITY)
    assert again.pk != document.pk


def test_the_letter_is_not_issued_when_the_petition_was_withdrawn_meanwhile(world):
    petition, document = start(world, world.p_kt, Status.TRANSFERRED)
    document = to_signed(world, document)
    triage.petition_withdraw(petition=petition, reason="Doanh nghiệp rút", actor=world.economic)
    with pytest.raises(ReportError, match="Không thể chuyển kiến nghị"):
        register.outgoing_document_issue(document=document, actor=world.office)
    document.refresh_from_db()
    assert document.status == S.SIGNED and document.number is None and not IssuedDocumentNumber.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_a_hand_move_to_transferred_or_escalated_is_refused(client, world):
    with pytest.raises(PetitionError, match="sổ văn bản đi"):
        triage.petition_staff_save(petition=world.p_kt, actor=world.economic, created=False,
                                   to_status=Status.TRANSFERRED)
    client.force_login(world.economic)
    form = client.get(reverse("admin:petitions_petition_change", args=[world.p_kt.pk])).context["adminform"].form
    choices = {value for value, _label in form.fields["next_status"].choices}
    assert Status.ASSIGNED in choices and not choices & {Status.TRANSFERRED, Status.ESCALATED}


# ---- A letter issued on paper, outside the portal ---------------------------------------------------------------

def test_a_letter_issued_outside_the_portal_is_an_explicit_choice_recorded_in_the_event(client, world):
    client.force_login(world.economic)
    response = post_action(client, "transfer", [world.p_kt], apply="1", receiving_body=RECEIVING,
                           outside_portal="on", dispatch_number="", dispatch_date="")
    assert "dispatch_number" in response.context["form"].errors
    post_action(client, "transfer", [world.p_kt], apply="1", receiving_body=RECEIVING, outside_portal="on",
                dispatch_number="12/UBND-KT", dispatch_date="2026-01-20", note="")
    petition = Petition.objects.get(pk=world.p_kt.pk)
    assert petition.status == Status.TRANSFERRED and petition.dispatch_outside_portal
    assert (petition.dispatch_number, petition.dispatch_date) == ("12/UBND-KT", datetime.date(2026, 1, 20))
    assert "ban hành ngoài hệ thống" in petition.events.order_by("pk").last().note
    assert not OutgoingDocument.objects.exists()
    email = OutboxMessage.objects.get(related_id=str(petition.pk), channel="email").text
    assert "12/UBND-KT" in email and "tải" not in email  # no file to download
    registration = petition.registration
    status = client.get(reverse("petitions:registration_status",
                                args=[world.hh.slug, registration.code, registration.secret])).content.decode()
    assert "Công văn số 12/UBND-KT ngày 20/01/2026" in status and "cong-van-chuyen" not in status
