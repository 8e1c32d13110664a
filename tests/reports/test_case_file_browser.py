"""In Chromium, under the real Content-Security-Policy: Phòng Kinh tế opens a petition and reads it as a case file,
its "Giao đơn vị xử lý" button opens that action for this one petition; the unit's home shows its returned draft
with the comment, and Sở Tài chính's the communes whose report is late. No console error, no policy violation."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from conferences.models import Conference
from conferences.organisation import roles
from petitions.models import Status
from petitions.triage import services as triage
from reports.models import OutgoingKind
from reports.register import services as register
from tests.factories import BodyFactory, CityFactory, ConferenceFactory, PetitionFactory, staff_user
from tests.reports.test_answer_flow_browser import grant_role_permissions
from tests.reports.test_workspace import World
from tests.security.test_csp_browser import Visitor, browser_page  # noqa: F401 (a fixture)

SHOTS = "/tmp/wt-19c-shots"


@pytest.mark.browser
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_case_file_and_the_new_lines_in_the_browser(live_server, browser_page, role_groups):  # noqa: F811
    world = World()
    grant_role_permissions(world)  # an earlier transactional test may have truncated them
    petition = PetitionFactory(body=world.body, status=Status.RECEIVED, lead_unit=None,
                               organisation_name="Công ty TNHH Cơ khí Hải Hưng",
                               content="Đề nghị hỗ trợ thủ tục thuê đất mở rộng nhà xưởng.")
    triage.petition_assign(petition=petition, lead_unit=world.vhxh, actor=world.economic)
    document = register.outgoing_document_create(
        body=world.body, kind=OutgoingKind.NOTICE, title="Báo cáo tình hình giải quyết kiến nghị",
        conference=world.conference, drafting_unit=world.vhxh, actor=world.handler)
    document = register.outgoing_document_submit(document=document, actor=world.handler)
    register.outgoing_document_return(document=document, actor=world.economic, comment="Bổ sung số liệu tháng 11.")
    page = browser_page
    visitor = Visitor(page, live_server.url)

    visitor.log_in(world.economic.username)
    visitor.open(reverse("admin:petitions_petition_change", args=[petition.pk]))
    case_file = page.locator("section.case-file")
    expect(case_file).to_contain_text("Phòng Kinh tế giao cho Phòng Văn hóa – Xã hội, ")
    expect(case_file).to_contain_text("theo quy tắc:")
    page.screenshot(path=f"{SHOTS}/case-file-economic.png", full_page=True)
    case_file.get_by_role("button", name="Giao đơn vị xử lý").click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_contain_text("Giao đơn vị xử lý")
    expect(page.locator("#content")).to_contain_text(petition.code)
    page.screenshot(path=f"{SHOTS}/case-file-action.png", full_page=True)
    visitor.open(reverse("admin:index"))
    expect(page.locator(".workspace")).to_contain_text("Hội nghị năm 2026")
    page.screenshot(path=f"{SHOTS}/home-economic.png", full_page=True)

    page.context.clear_cookies()
    visitor.log_in(world.handler.username)
    visitor.open(reverse("admin:index"))
    expect(page.locator(".workspace")).to_contain_text("Bổ sung số liệu tháng 11.")
    page.screenshot(path=f"{SHOTS}/home-handler.png", full_page=True)
    page.locator(".workspace").get_by_role("link", name="Dự thảo bị trả lại").click()
    page.wait_for_load_state("load")
    expect(page.locator("#content-main table")).to_contain_text("Trả lại: Bổ sung số liệu tháng 11.")
    visitor.open(reverse("admin:petitions_petition_change", args=[petition.pk]))
    page.screenshot(path=f"{SHOTS}/case-file-handler.png", full_page=True)

    city = CityFactory()
    finance = staff_user(city, roles.FINANCE)
    commune = BodyFactory(parent=city, name="xã Hải An")
    held = timezone.localdate() - datetime.timedelta(days=30)
    ConferenceFactory(body=commune, year=held.year, status=Conference.Status.HELD,
                      starts_at=timezone.make_aware(datetime.datetime.combine(held, datetime.time(8))))
    page.context.clear_cookies()
    visitor.log_in(finance.username)
    visitor.open(reverse("admin:index"))
    expect(page.locator(".workspace")).to_contain_text("Quá hạn báo cáo – xã Hải An")
    page.screenshot(path=f"{SHOTS}/home-finance.png", full_page=True)

    visitor.check()
    assert visitor.problems == [], "\n".join(visitor.problems)
