"""Phòng Kinh tế at 1366 × 768: the admin home opens with "Việc cần làm", the most urgent line leads to the
late petitions, and that list fits the screen with its due-date column in view (screenshots in tmp_path)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conferences.models import Unit
from conferences.organisation import roles
from petitions.models import Status
from tests.factories import BodyFactory, PetitionFactory, UnitFactory, staff_user


@pytest.mark.browser
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_economic_opens_the_most_urgent_work_at_1366(live_server, chromium, role_groups, tmp_path):
    body = BodyFactory()
    UnitFactory(body=body, code="KT", kind=Unit.Kind.ECONOMIC, name="Phòng Kinh tế")
    unit = UnitFactory(body=body, code="VHXH", name="Phòng Văn hóa – Xã hội", handles_petitions=True)
    from django.contrib.auth.models import Group, Permission
    group = Group.objects.get(name=roles.ECONOMIC)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="petitions",
                                                     codename__in=["view_petition", "change_petition"]))
    user = staff_user(body, roles.ECONOMIC, username="kinhte.thu")
    user.first_name, user.last_name = "Thu Hà", "Nguyễn Thị"
    user.save()
    today = timezone.localdate()
    for i in range(3):
        PetitionFactory(body=body, status=Status.ASSIGNED, lead_unit=unit, due_date=today - datetime.timedelta(days=2),
                        organisation_name=f"Công ty Cổ phần Chế biến Nông sản và Thương mại Dịch vụ Hải Hưng số {i}")
    context = chromium.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Tên đăng nhập").fill("kinhte.thu")
    page.get_by_label("Mật khẩu").fill("matkhau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("load")
    page.screenshot(path=str(tmp_path / "home-1366.png"), full_page=True)
    assert page.get_by_role("heading", name="Việc cần làm").is_visible()
    assert "THU HÀ" in page.locator("#user-tools").inner_text().upper()
    first = page.locator(".workspace-item").first
    assert first.inner_text().split(None, 1) == ["3", "Kiến nghị quá hạn trả lời"]
    first.get_by_role("link").click()
    page.wait_for_load_state("load")
    page.screenshot(path=str(tmp_path / "late-petitions-1366.png"), full_page=True)
    assert page.locator("#result_list tbody tr").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.evaluate(
        "document.documentElement.scrollWidth")
    due = page.locator("#result_list thead th.column-due_status").bounding_box()
    assert due["x"] + due["width"] <= 1366
    context.close()
