"""In Chromium at 1366 px, by visible labels: the unit drafts an answer, Phòng Kinh tế reviews the letter (page
images beside the petition) and chooses the outcome, Lãnh đạo signs, Văn phòng issues; only then is the
business told."""

import pytest
from django.urls import reverse

from conferences.outbox.models import OutboxMessage
from petitions.models import Petition, Status
from petitions.triage import services as triage
from reports.register.models import OutgoingDocument, OutgoingStatus
from tests.factories import ScopingWorld
from tests.signing import outside_event_loop, signed_by

# What each role needs on these pages (given by the roles' migrations; restored here because an earlier
# transactional test may have truncated the groups' permissions).
ROLE_PERMISSIONS = {
    "handler": ["petitions.view_petition", "petitions.change_petition", "reports.view_outgoingdocument",
                "reports.add_outgoingdocument", "reports.change_outgoingdocument"],
    "economic": ["petitions.view_petition", "petitions.change_petition", "reports.view_outgoingdocument",
                 "reports.review_outgoingdocument"],
    "leader": ["petitions.view_petition", "reports.view_outgoingdocument", "reports.sign_outgoingdocument"],
    "office": ["reports.view_outgoingdocument", "reports.issue_outgoingdocument"],
}


def grant_role_permissions(world):
    from django.contrib.auth.models import Permission

    for who, names in ROLE_PERMISSIONS.items():
        group = getattr(world, who).groups.get()
        for name in names:
            app_label, codename = name.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def log_in(chromium, base_url, username):
    context = chromium.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(base_url + reverse("admin:login"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("matkhau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("load")
    return context, page


@pytest.mark.browser
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_four_roles_take_an_answer_from_draft_to_issue(live_server, chromium, settings, role_groups):
    settings.ADMIN_REQUIRE_2FA = False
    world = ScopingWorld()
    grant_role_permissions(world)
    petition = triage.petition_assign(petition=world.p_pv, lead_unit=world.pv, actor=world.economic)
    Petition.objects.filter(pk=petition.pk).update(email="giamdoc@congty.vn", phone="0912345678")
    base = live_server.url

    # The unit drafts the answer in the petition's form.
    context, page = log_in(chromium, base, "xuly")
    page.goto(base + reverse("admin:petitions_petition_change", args=[petition.pk]))
    page.get_by_label("Dự thảo trả lời").fill("Trung tâm đã bố trí thêm quầy tiếp nhận hồ sơ đất đai.")
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    page.wait_for_load_state("load")
    document = OutgoingDocument.objects.get(petition=petition)
    doc_url = base + reverse("reports:outgoing_document", args=[document.pk])
    page.goto(doc_url)
    page.get_by_role("button", name="Trình thẩm định").click()
    page.wait_for_load_state("load")
    assert "Đang thẩm định" in page.content()
    context.close()

    # Phòng Kinh tế sees the letter as page images beside the petition, chooses the outcome and passes it.
    context, page = log_in(chromium, base, "kinhte")
    page.goto(doc_url)
    image = page.get_by_role("img", name="Trang 1 của văn bản")
    image.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    assert image.evaluate("img => img.naturalWidth") > 400  # the PNG came and was drawn
    box, info = image.bounding_box(), page.locator(".outgoing-document-info").bounding_box()
    assert box["width"] > 400 and box["x"] >= info["x"] + info["width"]  # beside, not below
    assert page.get_by_role("heading", name=f"Kiến nghị được trả lời {petition.code}").is_visible()
    page.get_by_label("Đã trả lời, tiếp tục giải quyết").check()
    page.get_by_role("button", name="Thẩm định đạt, trình ký").click()
    page.wait_for_load_state("load")
    assert "Chờ ký" in page.content()
    context.close()
    assert Petition.objects.get(pk=petition.pk).status == Status.APPROVED

    # Lãnh đạo signs: the frozen file signed on their own computer (their registered certificate), uploaded.
    signed = outside_event_loop(signed_by, OutgoingDocument.objects.get(pk=document.pk), world.leader)
    context, page = log_in(chromium, base, "lanhdao")
    page.goto(doc_url)
    assert page.get_by_text("Đã trả lời, tiếp tục giải quyết").first.is_visible()
    page.get_by_label("Tệp trình ký đã ký số (PDF)").set_input_files(
        files=[{"name": "da-ky.pdf", "mimeType": "application/pdf", "buffer": signed}])
    page.get_by_role("button", name="Tải lên tệp đã ký").click()
    page.wait_for_load_state("load")
    assert "Đã ký" in page.content()
    context.close()
    assert not OutboxMessage.objects.filter(related_id=str(petition.pk)).exists()

    # Văn phòng issues: the number is taken now, and only now is the business told.
    context, page = log_in(chromium, base, "vanphong")
    page.goto(doc_url)
    page.get_by_role("button", name="Cấp số, ban hành").click()
    page.wait_for_load_state("load")
    assert "Đã ban hành" in page.content() and "01/UBND-PVHCC" in page.content()
    context.close()
    document.refresh_from_db()
    petition.refresh_from_db()
    assert document.status == OutgoingStatus.ISSUED
    assert petition.status == Status.ANSWERED_PENDING and petition.answer_document_number == "01/UBND-PVHCC"
    assert sorted(OutboxMessage.objects.filter(related_id=str(petition.pk)).values_list("channel", flat=True)) == [
        "email", "sms"]
