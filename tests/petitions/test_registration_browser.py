"""A phone-sized Chromium fills the Phụ lục II form by its visible labels, gets a code, looks it up by phone."""

import datetime
import re
import subprocess
from zoneinfo import ZoneInfo

import pytest

from conferences.models import Registration
from tests.factories import UpcomingConferenceFactory as ConferenceFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
@pytest.fixture
def phone_page(chromium):
    context = chromium.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_register_on_a_phone_then_find_it_by_code_and_phone(live_server, phone_page, settings):
    settings.REGISTRATION_RATE_LIMIT = ""
    conference = ConferenceFactory(starts_at=datetime.datetime(2030, 12, 20, 8, 0, tzinfo=VN), year=2030)
    page = phone_page
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{live_server.url}/{conference.body.slug}/hoi-nghi/2030/")
    page.get_by_role("link", name="Đăng ký", exact=True).click()
    # Readable on the narrowest common phone: nothing wider than 360 px.
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_label("Họ và tên").fill("Phạm Thị Dung")
    page.get_by_label("Chức vụ").fill("Giám đốc")
    page.get_by_label("Tên doanh nghiệp / hợp tác xã / hộ kinh doanh").fill("Công ty CP Dung Hà")
    page.get_by_role("radio", name="Doanh nghiệp", exact=True).check()
    page.get_by_label("Mã số doanh nghiệp / mã số thuế").fill("0312687878")
    page.get_by_label("Điện thoại liên hệ").fill("0912 34 56 7")  # one digit short
    page.get_by_label("Địa chỉ").fill("Thôn Nam")
    page.get_by_label("Kiến nghị 1: nhóm").select_option(label="6. Đất đai")
    page.get_by_label("Kiến nghị 1: nội dung khó khăn, vướng mắc").fill("Chậm giao đất thuê.")
    page.get_by_role("button", name="Thêm kiến nghị").click()
    page.get_by_label("Kiến nghị 2: nhóm").select_option(label="6. Đất đai")
    page.get_by_label("Kiến nghị 2: nội dung khó khăn, vướng mắc").fill("Giá thuê đất tăng cao.")
    page.get_by_label("Tôi đã đọc thông báo xử lý dữ liệu cá nhân ở trên và đồng ý.").check()
    page.get_by_role("button", name="Gửi đăng ký").click()

    # The bad phone is announced at the top and next to the field; everything else is still there.
    alert = page.get_by_role("alert")
    assert "Số điện thoại không hợp lệ" in alert.inner_text()
    assert page.get_by_label("Kiến nghị 2: nội dung khó khăn, vướng mắc").input_value() == "Giá thuê đất tăng cao."
    assert page.get_by_label("Họ và tên").input_value() == "Phạm Thị Dung"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_label("Điện thoại liên hệ").fill("0912 345 678")
    page.get_by_label("Tôi đã đọc thông báo xử lý dữ liệu cá nhân ở trên và đồng ý.").check()
    page.get_by_role("button", name="Gửi đăng ký").click()

    page.get_by_role("heading", name="Đã nhận đăng ký").wait_for()
    code = re.search(r"Mã đăng ký của bạn là (\S+)\.", page.get_by_role("status").first.inner_text()).group(1)
    registration = Registration.objects.get()
    assert code == registration.code
    assert registration.petitions.count() == 2

    # "Tải phiếu đăng ký": the filled Phụ lục II, Vietnamese text intact, fonts embedded, no DejaVu fallback.
    href = page.get_by_role("link", name="Tải phiếu đăng ký").get_attribute("href")
    pdf = page.request.get(live_server.url + href).body()
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Công ty CP Dung Hà" in text and "Giá thuê đất tăng cao." in text
    assert "DejaVu" not in fonts

    page.goto(f"{live_server.url}/{conference.body.slug}/tra-cuu/")
    page.get_by_label("Mã đăng ký").fill(code)
    page.get_by_label("Điện thoại đã đăng ký").fill("+84912345678")
    page.get_by_role("button", name="Tra cứu").click()
    page.get_by_role("heading", name="Đăng ký và kiến nghị").wait_for()
    body = page.locator("main").inner_text()
    assert "Chậm giao đất thuê." in body and "Giá thuê đất tăng cao." in body
    assert "Đã tiếp nhận" in body and "Hạn trả lời" in body
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert errors == []
