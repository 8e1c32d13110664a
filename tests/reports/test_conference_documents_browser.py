"""Phòng Kinh tế at 1366 × 768 on a conference's "Văn bản và báo cáo": "Soạn văn bản" of the plan opens its draft in
the register; once issued, the plan's row shows its number and the issued PDF instead of the DOCX (screenshots in
tmp_path)."""

import pytest
from django.urls import reverse

from conferences.models import Conference, Unit
from conferences.organisation import roles
from reports.models import OutgoingDocument
from tests.factories import BodyFactory, CityFactory, ConferenceFactory, UnitFactory, staff_user
from tests.reports.conference_register import Staff, through_register
from tests.signing import ensure_signing_setup, outside_event_loop


@pytest.mark.browser
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_economic_drafts_the_plan_from_the_conference_page_at_1366(live_server, chromium, role_groups, tmp_path):
    ensure_signing_setup()
    from django.contrib.auth.models import Group, Permission

    # A transactional test truncated the groups' rights: give Phòng Kinh tế those this page needs.
    Group.objects.get(name=roles.ECONOMIC).permissions.add(*Permission.objects.filter(
        content_type__app_label__in=["conferences", "reports"],
        codename__in=["view_conference", "add_outgoingdocument", "change_outgoingdocument", "view_outgoingdocument"]))
    body = BodyFactory(name="xã Hải Hưng", place_name="Hải Hưng", parent=CityFactory(name="thành phố Hải Phòng"))
    units = {kind: UnitFactory(body=body, code=code, kind=kind, name=name) for kind, code, name in (
        (Unit.Kind.ECONOMIC, "KT", "Phòng Kinh tế"), (Unit.Kind.OFFICE, "VP", "Văn phòng HĐND và UBND"))}
    economic = staff_user(body, roles.ECONOMIC, unit=units[Unit.Kind.ECONOMIC], username="kinhte.hh")
    staff = Staff(economic=economic, office=staff_user(body, roles.OFFICE, unit=units[Unit.Kind.OFFICE]),
                  leader=staff_user(body, roles.LEADERSHIP))
    conference = ConferenceFactory(body=body, year=2026, status=Conference.Status.PLAN_SENT)
    context = chromium.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Tên đăng nhập").fill("kinhte.hh")
    page.get_by_label("Mật khẩu").fill("matkhau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("load")
    documents_url = live_server.url + reverse("reports:conference_documents", args=[conference.pk])
    page.goto(documents_url)
    page.screenshot(path=str(tmp_path / "conference-documents-before.png"), full_page=True)
    assert "Lấy số" not in page.content()
    page.locator("#van-ban-ke-hoach").get_by_role("button", name="Soạn văn bản").click()
    page.wait_for_load_state("load")
    page.screenshot(path=str(tmp_path / "plan-draft-in-register.png"), full_page=True)
    plan = OutgoingDocument.objects.get(conference=conference, kind="plan")
    assert page.url.endswith(reverse("reports:outgoing_document", args=[plan.pk]))
    assert page.get_by_text("Đã tạo dự thảo").is_visible()
    assert page.get_by_role("link", name="Tải DOCX").is_visible()
    outside_event_loop(through_register, plan, staff, when="2026-03-05 10:00:00+07:00")
    page.goto(documents_url)
    page.screenshot(path=str(tmp_path / "conference-documents-issued.png"), full_page=True)
    row = page.locator("#van-ban-ke-hoach")
    assert "Đã ban hành: số 01/KH-UBND, 05/03/2026" in " ".join(row.inner_text().split())
    assert row.get_by_role("link", name="PDF đã ban hành (01/KH-UBND)").is_visible()
    assert row.get_by_role("link", name="DOCX").count() == 0
    assert page.locator("#van-ban-thong-bao").get_by_role("link", name="DOCX").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.evaluate(
        "document.documentElement.scrollWidth")
    context.close()
