"""In Chromium at 1366 px, by visible labels: Phòng Kinh tế transfers a petition from the petition list (no number
asked), the letter appears in the register as a draft with its page images, the petition waits for it; once issued,
the business downloads the letter from its status page."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from petitions.models import Petition, Status
from reports.register import services as register
from reports.register.models import OutgoingDocument, OutgoingKind
from tests.factories import ScopingWorld
from tests.reports.test_answer_flow_browser import grant_role_permissions, log_in
from tests.signing import outside_event_loop, signed_by

SHOTS = Path(django_settings.BASE_DIR) / "var" / "screenshots"


def issue(world, document):
    register.outgoing_document_submit(document=document, actor=world.economic)
    register.outgoing_document_pass(document=document, actor=world.office)
    register.outgoing_document_sign(document=document, actor=world.leader,
                                    signed_pdf=signed_by(document, world.leader))
    return register.outgoing_document_issue(document=document, actor=world.office)


@pytest.mark.browser
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_phong_kinh_te_transfers_from_the_list_and_the_business_downloads_the_issued_letter(
        live_server, chromium, settings, role_groups):
    settings.ADMIN_REQUIRE_2FA = False
    world = ScopingWorld()
    grant_role_permissions(world)
    petition = world.p_kt
    base = live_server.url
    SHOTS.mkdir(parents=True, exist_ok=True)

    context, page = log_in(chromium, base, "kinhte")
    page.goto(base + reverse("admin:petitions_petition_changelist"))
    page.get_by_role("checkbox", name=re.compile(petition.code)).check()
    page.get_by_label("Hoạt động").select_option(label="Chuyển cơ quan có thẩm quyền")
    page.get_by_role("button", name="Đi đến").click()
    page.wait_for_load_state("load")
    assert page.get_by_label("Cơ quan nhận").is_visible()
    assert page.get_by_label("Số công văn đã ban hành").is_visible()  # only with the outside-portal choice
    page.get_by_label("Cơ quan nhận").fill("Thuế cơ sở 3 thành phố Hải Phòng")
    page.screenshot(path=str(SHOTS / "send-out-action-form.png"), full_page=True)
    page.get_by_role("button", name="Thực hiện").click()
    page.wait_for_load_state("load")
    assert "1 kiến nghị thành công" in page.content()
    row = page.get_by_role("row", name=re.compile(petition.code))
    assert "Đang chờ ban hành công văn chuyển cơ quan có thẩm quyền" in row.inner_text()
    page.screenshot(path=str(SHOTS / "send-out-list.png"), full_page=True)

    document = OutgoingDocument.objects.get(petition=petition, kind=OutgoingKind.TRANSFER_LETTER)
    page.goto(base + reverse("reports:outgoing_document", args=[document.pk]))
    image = page.get_by_role("img", name="Trang 1 của văn bản")
    image.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    assert image.evaluate("img => img.naturalWidth") > 400
    assert "Cơ quan nhận: Thuế cơ sở 3 thành phố Hải Phòng" in page.content()
    page.screenshot(path=str(SHOTS / "send-out-register-draft.png"), full_page=True)
    context.close()
    assert Petition.objects.get(pk=petition.pk).status == Status.RECEIVED

    document = outside_event_loop(issue, world, document)
    registration = petition.registration
    context = chromium.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(base + reverse("petitions:registration_status",
                             args=[world.hh.slug, registration.code, registration.secret]))
    link = page.get_by_role("link", name=f"Tải Công văn số {document.number.formatted} (PDF)")
    assert link.is_visible()
    page.screenshot(path=str(SHOTS / "send-out-status-page.png"), full_page=True)
    response = page.request.get(base + link.get_attribute("href"))
    assert response.status == 200 and response.body() == bytes(document.issued_pdf)
    context.close()
