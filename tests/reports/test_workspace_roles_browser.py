"""Each role at 1366 × 768, by visible labels: log in, read "Việc cần làm", open the most urgent line, take the next
step and see its count drop; every page visited fits the screen (the home also at 390 px). Screenshots in tmp_path.
"""

import pytest

from conferences.models import Conference
from petitions.models import Petition, Status
from petitions.triage import services as triage
from reports.register import services as register
from reports.register.answers import answer_document_current
from reports.register.models import OutgoingDocument, OutgoingStatus
from tests.answer_flow import answer_to_signature
from tests.factories import ScopingWorld
from tests.reports.staff_browser import (
    PHONE,
    assert_fits,
    browser,
    count_of,
    go_home,
    log_in,
    open_most_urgent,
)
from tests.reports.test_answer_flow_browser import grant_role_permissions
from tests.signing import outside_event_loop, signed_by

__all__ = ["browser"]  # the module-scoped Chromium fixture

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(settings, role_groups):
    settings.ADMIN_REQUIRE_2FA = False
    world = ScopingWorld()
    grant_role_permissions(world)
    return world


def home_fits_a_phone(page, tmp_path, name):
    page.set_viewport_size(PHONE)
    assert page.get_by_role("heading", name="Việc cần làm").is_visible()
    assert_fits(page, tmp_path / f"{name}-home-390.png")
    page.set_viewport_size({"width": 1366, "height": 768})


def test_economic_triages_a_new_petition(live_server, browser, world, tmp_path):
    # The conference's own late step (its cut-off, tests/reports/test_workspace_lines.py) would come first: its
    # report recorded, the petitions waiting for triage are the most urgent.
    Conference.objects.filter(pk=world.hh_conf.pk).update(status=Conference.Status.REPORTED)
    context, page = log_in(browser, live_server.url, "kinhte")
    assert_fits(page, tmp_path / "1-home.png")
    home_fits_a_phone(page, tmp_path, "kinhte")
    assert open_most_urgent(page) == ("Kiến nghị mới cần phân loại, giao đơn vị", 3)
    assert_fits(page, tmp_path / "2-new-petitions.png")
    page.get_by_role("checkbox", name=world.p_pv.code).check()
    page.get_by_label("Hoạt động").select_option(label="Giao đơn vị xử lý")
    page.get_by_role("button", name="Đi đến").click()
    page.wait_for_load_state("load")
    assert_fits(page, tmp_path / "3-assign-form.png")
    page.get_by_label("Đơn vị chủ trì").select_option(label=str(world.pv))
    page.get_by_role("button", name="Thực hiện").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Giao đơn vị: 1 kiến nghị thành công, 0 bị từ chối.").is_visible()
    assert_fits(page, tmp_path / "4-assigned.png")
    go_home(page)
    assert count_of(page, "Kiến nghị mới cần phân loại, giao đơn vị") == 2
    page.screenshot(path=str(tmp_path / "5-home-after.png"), full_page=True)
    context.close()
    world.p_pv.refresh_from_db()
    assert world.p_pv.status == Status.ASSIGNED and world.p_pv.lead_unit == world.pv


def test_handler_drafts_an_answer(live_server, browser, world, tmp_path):
    triage.petition_assign(petition=world.p_pv, lead_unit=world.pv, actor=world.economic)
    context, page = log_in(browser, live_server.url, "xuly")
    assert_fits(page, tmp_path / "1-home.png")
    home_fits_a_phone(page, tmp_path, "xuly")
    assert open_most_urgent(page) == ("Kiến nghị đơn vị cần dự thảo trả lời", 1)
    assert_fits(page, tmp_path / "2-to-draft.png")
    page.get_by_role("link", name=world.p_pv.code).click()
    page.wait_for_load_state("load")
    assert_fits(page, tmp_path / "3-petition.png")
    page.get_by_label("Dự thảo trả lời").fill("Trung tâm đã bố trí thêm quầy tiếp nhận hồ sơ đất đai.")
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    page.wait_for_load_state("load")
    assert_fits(page, tmp_path / "4-saved.png")
    go_home(page)
    assert count_of(page, "Kiến nghị đơn vị cần dự thảo trả lời") == 0
    page.screenshot(path=str(tmp_path / "5-home-after.png"), full_page=True)
    context.close()
    assert Petition.objects.get(pk=world.p_pv.pk).status == Status.DRAFTED


def awaiting_signature(world) -> OutgoingDocument:
    petition = triage.petition_assign(petition=world.p_pv, lead_unit=world.pv, actor=world.economic)
    return answer_to_signature(world, petition, text="Trung tâm đã bố trí thêm quầy tiếp nhận hồ sơ.")


def test_leader_signs_a_letter(live_server, browser, world, tmp_path):
    document = awaiting_signature(world)
    # The frozen file signed on the leader's own computer (pyHanko runs its own event loop: outside Playwright's).
    signed = outside_event_loop(signed_by, document, world.leader)
    context, page = log_in(browser, live_server.url, "lanhdao")
    assert_fits(page, tmp_path / "1-home.png")
    home_fits_a_phone(page, tmp_path, "lanhdao")
    assert open_most_urgent(page) == ("Văn bản chờ ký", 1)
    assert_fits(page, tmp_path / "2-to-sign.png")
    page.get_by_role("link", name=document.title).click()
    page.wait_for_load_state("load")
    assert_fits(page, tmp_path / "3-document.png")
    page.get_by_label("Tệp trình ký đã ký số (PDF)").set_input_files(
        files=[{"name": "da-ky.pdf", "mimeType": "application/pdf", "buffer": signed}])
    page.get_by_role("button", name="Tải lên tệp đã ký").click()
    page.wait_for_load_state("load")
    assert_fits(page, tmp_path / "4-signed.png")
    go_home(page)
    assert count_of(page, "Văn bản chờ ký") == 0
    page.screenshot(path=str(tmp_path / "5-home-after.png"), full_page=True)
    context.close()
    assert OutgoingDocument.objects.get(pk=document.pk).status == OutgoingStatus.SIGNED


def test_office_issues_a_signed_letter(live_server, browser, world, tmp_path):
    document = awaiting_signature(world)

    def sign():
        return register.outgoing_document_sign(document=document, actor=world.leader,
                                               signed_pdf=signed_by(document, world.leader))

    outside_event_loop(sign)
    context, page = log_in(browser, live_server.url, "vanphong")
    assert_fits(page, tmp_path / "1-home.png")
    home_fits_a_phone(page, tmp_path, "vanphong")
    assert open_most_urgent(page) == ("Văn bản đã ký chờ cấp số, ban hành", 1)
    assert_fits(page, tmp_path / "2-to-issue.png")
    page.get_by_role("link", name=document.title).click()
    page.wait_for_load_state("load")
    assert_fits(page, tmp_path / "3-document.png")
    page.get_by_role("button", name="Cấp số, ban hành").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("01/UBND-PVHCC").first.is_visible()
    assert_fits(page, tmp_path / "4-issued.png")
    go_home(page)
    assert count_of(page, "Văn bản đã ký chờ cấp số, ban hành") == 0
    page.screenshot(path=str(tmp_path / "5-home-after.png"), full_page=True)
    context.close()
    assert answer_document_current(world.p_pv).status == OutgoingStatus.ISSUED


def test_finance_reads_its_line_and_opens_phu_luc_1(live_server, browser, world, tmp_path):
    context, page = log_in(browser, live_server.url, "taichinh")
    assert page.get_by_role("heading", name="Việc cần làm").is_visible()
    assert_fits(page, tmp_path / "1-home.png")
    home_fits_a_phone(page, tmp_path, "taichinh")
    page.get_by_role("region", name="Việc cần làm").get_by_role("link", name="Báo cáo", exact=True).click()
    page.wait_for_load_state("load")
    assert_fits(page, tmp_path / "2-reports.png")
    page.get_by_role("link", name="Phụ lục I năm 2026: theo từng xã, phường, đặc khu").click()
    page.wait_for_load_state("load")
    assert_fits(page, tmp_path / "3-phu-luc-1.png")
    table = page.get_by_role("table", name="Phụ lục I theo cơ quan")
    rows = {row.inner_text().split("\t")[0]: row.inner_text().split("\t")[1:] for row in table.get_by_role("row").all()}
    # Received: the three petitions of Hải Hưng and the one of Hà Đông (ScopingWorld), all still being handled.
    assert rows["xã Hải Hưng"][:2] == ["3", "0"] and rows["xã Hà Đông"][:2] == ["1", "0"]
    context.close()
