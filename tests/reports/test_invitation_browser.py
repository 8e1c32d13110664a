"""In Chromium at 1366 px, by visible labels: Văn phòng sends the issued Giấy mời from its page in the register;
the registrant opens their status page and finds the issued file and their check-in slip to download."""

import pytest
from django.core import mail
from django.urls import reverse

from petitions.models import RegistrationSubmission
from reports.models import OutgoingKind
from reports.register import services
from tests.factories import ScopingWorld
from tests.reports.test_answer_flow_browser import grant_role_permissions, log_in
from tests.signing import ensure_signing_setup, outside_event_loop, signed_by


@pytest.mark.browser
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_office_sends_the_issued_invitation_and_the_registrant_downloads_both_files(
        live_server, chromium, settings, role_groups, tmp_path):
    settings.ADMIN_REQUIRE_2FA = False
    ensure_signing_setup()
    world = ScopingWorld()
    grant_role_permissions(world)
    registration = world.hh_reg
    registration.email = "giamdoc@congty.vn"
    registration.save()
    RegistrationSubmission.objects.create(registration=registration, form_token="browser-inv", notify_email=True,
                                          notify_sms=True)
    document = services.outgoing_document_create(
        body=world.hh, kind=OutgoingKind.INVITATION, title="Giấy mời tham dự Hội nghị đối thoại năm 2026",
        conference=world.hh_conf, actor=world.economic)
    services.outgoing_document_submit(document=document, actor=world.economic)
    services.outgoing_document_pass(document=document, actor=world.office)
    document.refresh_from_db()
    signed = outside_event_loop(signed_by, document, world.leader)
    outside_event_loop(services.outgoing_document_sign, document=document, actor=world.leader, signed_pdf=signed)
    base = live_server.url
    doc_url = base + reverse("reports:outgoing_document", args=[document.pk])

    context, page = log_in(chromium, base, "vanphong")
    page.goto(doc_url)
    assert page.get_by_text("chỉ gửi được cho các đơn vị đăng ký sau khi Văn phòng cấp số").is_visible()
    assert page.get_by_role("button", name="Gửi giấy mời").count() == 0  # not before issue
    page.get_by_role("button", name="Cấp số, ban hành").click()
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Gửi giấy mời").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Đang gửi Giấy mời cho 1 đơn vị đăng ký").is_visible()
    page.screenshot(path=str(tmp_path / "gui-giay-moi.png"), full_page=True)
    context.close()
    document.refresh_from_db()
    [message] = mail.outbox
    assert message.attachments[0][1] == bytes(document.issued_pdf)

    context = chromium.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(base + reverse("petitions:registration_status", args=[
        world.hh.slug, registration.code, registration.secret]))
    assert page.get_by_role("heading", name="Giấy mời").is_visible()
    invitation = page.get_by_role("link", name="Tải Giấy mời (PDF)")
    slip = page.get_by_role("link", name="Tải phiếu điểm danh có mã QR (PDF)")
    assert page.request.get(base + invitation.get_attribute("href")).body() == bytes(document.issued_pdf)
    slip_pdf = page.request.get(base + slip.get_attribute("href"))
    assert slip_pdf.ok and slip_pdf.headers["content-type"] == "application/pdf"
    page.screenshot(path=str(tmp_path / "trang-tra-cuu.png"), full_page=True)
    (tmp_path / "phieu.pdf").write_bytes(slip_pdf.body())
    context.close()
