"""Issue 20 item 2 in Chromium: submit, press Back (the page reloads with a new token and the browser refills
the fields), submit again: no second registration, the code is shown, never the secret link."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from conferences.models import OutboxMessage, Registration
from tests.factories import UpcomingConferenceFactory as ConferenceFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.browser
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_back_button_and_submit_again_is_not_a_second_registration(live_server, chromium, settings):
    settings.REGISTRATION_RATE_LIMIT = ""
    conference = ConferenceFactory(starts_at=datetime.datetime(2030, 12, 20, 8, 0, tzinfo=VN), year=2030)
    context = chromium.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/{conference.body.slug}/hoi-nghi/2030/dang-ky/")
    page.get_by_label("Họ và tên").fill("Phạm Thị Dung")
    page.get_by_label("Tên doanh nghiệp / hợp tác xã / hộ kinh doanh").fill("Công ty CP Dung Hà")
    page.get_by_role("radio", name="Doanh nghiệp", exact=True).check()
    page.get_by_label("Mã số doanh nghiệp / mã số thuế").fill("0312687878")
    page.get_by_label("Điện thoại liên hệ").fill("0912 34 56 7")  # refused: one digit short
    page.get_by_label("Địa chỉ").fill("Thôn Nam")
    page.get_by_label("Kiến nghị 1: nhóm").select_option(label="6. Đất đai")
    page.get_by_label("Kiến nghị 1: nội dung khó khăn, vướng mắc").fill("Chậm giao đất thuê.")
    page.get_by_label("Tôi đã đọc thông báo xử lý dữ liệu cá nhân ở trên và đồng ý.").check()
    page.get_by_role("button", name="Gửi đăng ký").click()
    assert "Số điện thoại không hợp lệ" in page.get_by_role("alert").first.inner_text()
    page.get_by_label("Điện thoại liên hệ").fill("0912 345 678")
    page.get_by_label("Tôi đã đọc thông báo xử lý dữ liệu cá nhân ở trên và đồng ý.").check()
    page.get_by_role("button", name="Gửi đăng ký").click()
    page.get_by_role("heading", name="Đã nhận đăng ký").wait_for()
    registration = Registration.objects.get()

    page.go_back()
    # Whatever the browser refilled, the person fills what is missing and submits again.
    if not page.get_by_label("Họ và tên").input_value():
        page.get_by_label("Họ và tên").fill("Phạm Thị Dung")
        page.get_by_label("Tên doanh nghiệp / hợp tác xã / hộ kinh doanh").fill("Công ty CP Dung Hà")
        page.get_by_label("Địa chỉ").fill("Thôn Nam")
        page.get_by_label("Kiến nghị 1: nhóm").select_option(label="6. Đất đai")
        page.get_by_label("Kiến nghị 1: nội dung khó khăn, vướng mắc").fill("Chậm giao đất thuê.")
    page.get_by_role("radio", name="Doanh nghiệp", exact=True).check()
    page.get_by_label("Mã số doanh nghiệp / mã số thuế").fill("0312687878")
    page.get_by_label("Điện thoại liên hệ").fill("0912 345 678")
    page.get_by_label("Tôi đã đọc thông báo xử lý dữ liệu cá nhân ở trên và đồng ý.").check()
    page.get_by_role("button", name="Gửi đăng ký").click()
    page.get_by_role("heading", name="Phiếu đã được nhận trước đó").wait_for()
    text = page.content()
    assert registration.code in text and registration.secret not in text
    assert Registration.objects.count() == 1
    assert OutboxMessage.objects.filter(channel="sms", text__contains="da duoc nhan truoc do").count() == 1
    context.close()
