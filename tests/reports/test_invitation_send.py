"""Issue 17: one Giấy mời (one number, one signature) addressed to the registrants "theo danh sách kèm theo"; once
issued, "Gửi giấy mời" sends each registrant, by the channels they chose, the issued file byte for byte and their
own check-in slip (e-mail), a link to their status page where both can be downloaded (SMS), or the Zalo
"conference_invitation" template (through the ZNS double); never twice, never before issue."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conferences.models import OutboxMessage
from petitions.models import RegistrationSubmission
from reports.documents.numbering import ReportError
from reports.models import OutgoingKind, OutgoingStatus
from reports.register import services
from reports.register.invitations import invitation_send
from tests.conferences.test_outbox_zns import double as double  # noqa: F401, PLC0414 (the fixture)
from tests.factories import RegistrationFactory
from tests.reports.test_outgoing_register import World, pdf_text
from tests.signing import ensure_signing_setup

BASE = "https://doithoai.example.vn"


@pytest.fixture
def w(db, settings, double):  # noqa: F811
    settings.ZALO_ZNS_TEMPLATES = {
        "conference_invitation": {"id": "tpl-inv", "params": ["body_name", "registration_code", "conference_date",
                                                             "conference_time", "venue", "status_url"]}}
    settings.PUBLIC_BASE_URL = BASE
    settings.SMS_GATEWAY_URL = ""
    ensure_signing_setup()
    world = World()
    world.double = double

    def registrant(name, *, email="", sms=False, mail_=False, zalo=False, phone="0912345678", **kw):
        registration = RegistrationFactory(conference=world.conference, organisation_name=name, email=email,
                                           phone=phone, **kw)
        RegistrationSubmission.objects.create(registration=registration, form_token=f"t-{registration.pk}",
                                              notify_sms=sms, notify_email=mail_, notify_zalo=zalo)
        return registration

    world.by_mail = registrant("Công ty TNHH An Phát", email="anphat@example.vn", mail_=True, sms=True,
                               phone="0911111111")
    world.by_zalo = registrant("Hợp tác xã Đông Hưng", zalo=True, phone="0922222222")
    world.by_sms = registrant("Hộ kinh doanh Bình Minh", sms=True, phone="0933333333")
    registrant("Công ty đã rút đăng ký", email="rut@example.vn", mail_=True, sms=True, phone="0944444444",
               withdrawn_at=timezone.now())
    registrant("Công ty đã rút đồng ý", email="dongy@example.vn", mail_=True, sms=True, phone="0955555555",
               consent_withdrawn_at=timezone.now())
    world.invitation = services.outgoing_document_create(
        body=world.body, kind=OutgoingKind.INVITATION, title="Giấy mời tham dự Hội nghị đối thoại năm 2027",
        conference=world.conference, actor=world.economic)
    return world


def issue(w):
    w.to_signed(w.invitation)
    services.outgoing_document_issue(document=w.invitation, actor=w.office, base_url=BASE)
    w.invitation.refresh_from_db()
    return w.invitation


@pytest.mark.django_db
def test_not_before_issue(w, client):
    with pytest.raises(ReportError, match="Giấy mời chưa được ban hành"):
        invitation_send(document=w.invitation, actor=w.office)
    client.force_login(w.office)
    page = client.get(reverse("reports:outgoing_document", args=[w.invitation.pk])).content.decode()
    assert "chỉ gửi được cho các đơn vị đăng ký sau khi Văn phòng cấp số, ban hành" in page
    response = client.post(reverse("reports:outgoing_invitation_send", args=[w.invitation.pk]))
    assert response.status_code == 302
    assert any("chưa được ban hành" in str(m) for m in get_messages(response.wsgi_request))
    assert not OutboxMessage.objects.exists()
    status = client.get(reverse("petitions:registration_status", args=[
        w.body.slug, w.by_sms.code, w.by_sms.secret])).content.decode()
    assert "Tải Giấy mời" not in status
    assert client.get(reverse("reports_public:registrant_invitation_pdf", args=[
        w.body.slug, w.by_sms.code, w.by_sms.secret])).status_code == 404


@pytest.mark.django_db
def test_one_invitation_addressed_to_the_list_with_the_registrants_as_its_annex(w):
    document = issue(w)
    assert document.status == OutgoingStatus.ISSUED
    text = pdf_text(bytes(document.issued_pdf), "-raw")
    assert "Kính gửi: Các doanh nghiệp, hợp tác xã, hộ kinh doanh (theo danh sách kèm theo)" in text
    annex = text[text.index("DANH SÁCH CÁC DOANH NGHIỆP"):]
    assert "Công ty TNHH An Phát" in annex and "Hộ kinh doanh Bình Minh" in annex
    assert "Công ty đã rút đăng ký" not in annex
    assert f"Số: {document.number.number:02d}" not in annex  # one number, on the first page only


@pytest.mark.django_db
def test_sent_by_the_chosen_channels_once(w, client, django_capture_on_commit_callbacks):
    document = issue(w)
    client.force_login(w.office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:outgoing_invitation_send", args=[document.pk]))
    assert any("Đang gửi Giấy mời cho 4 đơn vị" in str(m) for m in get_messages(response.wsgi_request))
    # E-mail: the issued file byte for byte and the registrant's own check-in slip.
    [message] = mail.outbox
    assert message.to == ["anphat@example.vn"] and f"số {document.number.formatted}" in message.body
    (name, issued, _type), (slip_name, slip, _type2) = message.attachments
    assert issued == bytes(document.issued_pdf) and name.endswith(".pdf")
    slip_text = pdf_text(slip)
    assert "PHIẾU ĐIỂM DANH" in slip_text and w.by_mail.code in slip_text and "Số:" not in slip_text
    assert w.by_mail.code in slip_name
    # SMS: the short link to the status page (the e-mail registrant chose SMS too).
    sms = {m.recipient: m for m in OutboxMessage.objects.filter(channel="sms")}
    assert set(sms) == {"0911111111", "0933333333"}
    assert f"{BASE}/tc/{w.by_sms.code}/{w.by_sms.secret}/" in sms["0933333333"].text
    assert all(m.status == "sent" for m in sms.values())
    # Zalo: the invitation template with its parameters.
    [sent] = w.double.sent
    assert sent["template_id"] == "tpl-inv" and sent["phone"] == "84922222222"
    assert sent["template_data"]["registration_code"] == w.by_zalo.code
    assert sent["template_data"]["status_url"].endswith(f"/{w.by_zalo.code}/{w.by_zalo.secret}/")
    # Nothing to who withdrew, or withdrew their consent.
    assert not OutboxMessage.objects.filter(recipient__in=["0944444444", "0955555555"]).exists()
    before = OutboxMessage.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:outgoing_invitation_send", args=[document.pk]))
    assert invitation_send(document=document, actor=w.economic) == 0
    assert OutboxMessage.objects.count() == before and len(mail.outbox) == 1 and len(w.double.sent) == 1
    # A registrant who came after the issue gets it at the next press, alone.
    late = RegistrationFactory(conference=w.conference, email="", phone="0966666666")
    assert invitation_send(document=document, actor=w.office) == 1
    assert OutboxMessage.objects.filter(recipient="0966666666", channel="sms").count() == 1
    assert late.code not in pdf_text(bytes(document.issued_pdf))  # the issued list itself never changes


@pytest.mark.django_db
def test_the_status_page_offers_both_files(w, client):
    document = issue(w)
    args = [w.body.slug, w.by_sms.code, w.by_sms.secret]
    page = client.get(reverse("petitions:registration_status", args=args)).content.decode()
    assert "Tải Giấy mời" in page and "Tải phiếu điểm danh có mã QR" in page
    invitation = client.get(reverse("reports_public:registrant_invitation_pdf", args=args))
    assert invitation.status_code == 200 and invitation.content == bytes(document.issued_pdf)
    slip = client.get(reverse("reports_public:registrant_checkin_slip_pdf", args=args))
    assert slip.status_code == 200 and w.by_sms.code in pdf_text(slip.content)
    assert slip["Cache-Control"].startswith("private") or "no-store" in slip["Cache-Control"]
    wrong = [w.body.slug, w.by_sms.code, "not-the-secret"]
    assert client.get(reverse("reports_public:registrant_checkin_slip_pdf", args=wrong)).status_code == 404


@pytest.mark.django_db
def test_the_docx_carries_the_list_after_the_signer_block(w):
    import io

    import docx

    from reports.documents import render_docx
    from reports.register.rendering import outgoing_document_content

    word = docx.Document(io.BytesIO(render_docx(outgoing_document_content(w.invitation, BASE))))
    paragraphs = [p.text for p in word.paragraphs]
    title = paragraphs.index("DANH SÁCH CÁC DOANH NGHIỆP, HỢP TÁC XÃ, HỘ KINH DOANH ĐƯỢC MỜI")
    assert "Kính gửi: Các doanh nghiệp, hợp tác xã, hộ kinh doanh (theo danh sách kèm theo)" in paragraphs[:title]
    table = word.tables[-1]
    assert [c.text for c in table.rows[0].cells][1] == "Tên doanh nghiệp, hợp tác xã, hộ kinh doanh"
    assert {row.cells[1].text for row in table.rows[1:]} >= {"Công ty TNHH An Phát", "Hợp tác xã Đông Hưng"}
