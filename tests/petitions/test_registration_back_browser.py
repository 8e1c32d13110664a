"""Issue 20 items 1 and 2 in Chromium. Item 2: submit, press Back (the page reloads with a new token and the browser refills
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
    page.get_by_label("Điện thoại liên hệ").fill("0912 345 678")
    page.get_by_label("Địa chỉ").fill("Thôn Nam")
    page.get_by_label("Kiến nghị 1: nhóm").select_option(label="6. Đất đai")
    page.get_by_label("Kiến nghị 1: nội dung khó khăn, vướng mắc").fill("Chậm giao đất thuê.")
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


@pytest.mark.browser
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_adding_a_petition_keeps_the_file_already_attached(live_server, chromium, settings, tmp_path):
    """Issue 20 item 1 (the script part): "Thêm kiến nghị" adds a row without reloading the page."""
    from petitions.models import Attachment, Petition

    settings.REGISTRATION_RATE_LIMIT = ""
    conference = ConferenceFactory(starts_at=datetime.datetime(2030, 12, 20, 8, 0, tzinfo=VN), year=2030)
    scan = tmp_path / "giay-phep.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    context = chromium.new_context(locale="vi-VN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/{conference.body.slug}/hoi-nghi/2030/dang-ky/")
    page.get_by_label("Họ và tên").fill("Phạm Thị Dung")
    page.get_by_label("Tên doanh nghiệp / hợp tác xã / hộ kinh doanh").fill("Công ty CP Dung Hà")
    page.get_by_role("radio", name="Doanh nghiệp", exact=True).check()
    page.get_by_label("Mã số doanh nghiệp / mã số thuế").fill("0312687878")
    page.get_by_label("Điện thoại liên hệ").fill("0912 345 678")
    page.get_by_label("Địa chỉ").fill("Thôn Nam")
    page.get_by_label("Kiến nghị 1: nhóm").select_option(label="6. Đất đai")
    page.get_by_label("Kiến nghị 1: nội dung khó khăn, vướng mắc").fill("Chậm giao đất thuê.")
    page.get_by_label("Kiến nghị 1: tệp đính kèm (không bắt buộc)").set_input_files(str(scan))
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Thêm kiến nghị").click()
    page.get_by_label("Kiến nghị 2: nhóm").select_option(label="5. Thủ tục hành chính")
    assert page.evaluate("window.notReloaded === true")
    assert page.get_by_label("Kiến nghị 1: tệp đính kèm (không bắt buộc)").evaluate("e => e.files.length") == 1
    page.get_by_label("Kiến nghị 2: nội dung khó khăn, vướng mắc").fill("Hồ sơ xây dựng trả lại nhiều lần.")
    page.get_by_label("Tôi đã đọc thông báo xử lý dữ liệu cá nhân ở trên và đồng ý.").check()
    page.get_by_role("button", name="Gửi đăng ký").click()
    page.get_by_role("heading", name="Đã nhận đăng ký").wait_for()
    assert Petition.objects.count() == 2
    assert Attachment.objects.get().original_name == "giay-phep.pdf"
    assert errors == []
    context.close()


def _fill_applicant(page, *, phone: str) -> None:
    page.get_by_label("Họ và tên").fill("Phạm Thị Dung")
    page.get_by_label("Tên doanh nghiệp / hợp tác xã / hộ kinh doanh").fill("Công ty CP Dung Hà")
    page.get_by_role("radio", name="Doanh nghiệp", exact=True).check()
    page.get_by_label("Mã số doanh nghiệp / mã số thuế").fill("0312687878")
    page.get_by_label("Điện thoại liên hệ").fill(phone)
    page.get_by_label("Địa chỉ").fill("Thôn Nam")


@pytest.mark.browser
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_refused_submission_keeps_the_attached_file(live_server, chromium, settings, tmp_path):
    """Issue 20 item 1 (the server part): attach a file, a field is refused, the file is listed by name; the
    corrected form is accepted with the file on its petition; "Xóa" removes a held file."""
    from petitions.models import Attachment, HeldAttachment

    settings.REGISTRATION_RATE_LIMIT = ""
    settings.MEDIA_ROOT = tmp_path / "media"
    conference = ConferenceFactory(starts_at=datetime.datetime(2030, 12, 20, 8, 0, tzinfo=VN), year=2030)
    scan = tmp_path / "giay-phep.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    photo = tmp_path / "anh-hien-truong.pdf"
    photo.write_bytes(b"%PDF-1.4\n2 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    context = chromium.new_context(locale="vi-VN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/{conference.body.slug}/hoi-nghi/2030/dang-ky/")
    _fill_applicant(page, phone="12345")  # refused: not a phone number
    page.get_by_label("Kiến nghị 1: nhóm").select_option(label="6. Đất đai")
    page.get_by_label("Kiến nghị 1: nội dung khó khăn, vướng mắc").fill("Chậm giao đất thuê.")
    page.get_by_label("Kiến nghị 1: tệp đính kèm (không bắt buộc)").set_input_files(str(scan))
    page.get_by_role("button", name="Thêm kiến nghị").click()
    page.get_by_label("Kiến nghị 2: nhóm").select_option(label="5. Thủ tục hành chính")
    page.get_by_label("Kiến nghị 2: nội dung khó khăn, vướng mắc").fill("Hồ sơ xây dựng trả lại nhiều lần.")
    page.get_by_label("Kiến nghị 2: tệp đính kèm (không bắt buộc)").set_input_files(str(photo))
    page.get_by_label("Tôi đã đọc thông báo xử lý dữ liệu cá nhân ở trên và đồng ý.").check()
    page.get_by_role("button", name="Gửi đăng ký").click()

    # Refused: both files are listed by name, each with its "Xóa".
    held_list = page.get_by_role("list", name="Tệp đã nhận")
    held_list.first.wait_for()
    assert page.get_by_text("giay-phep.pdf").is_visible()
    assert page.get_by_text("anh-hien-truong.pdf").is_visible()
    assert Registration.objects.count() == 0 and HeldAttachment.objects.count() == 2

    # "Xóa" removes the photo of petition 2 and keeps everything typed.
    page.get_by_role("button", name="Xóa tệp anh-hien-truong.pdf").click()
    page.get_by_label("Kiến nghị 2: nội dung khó khăn, vướng mắc").wait_for()
    assert page.get_by_text("anh-hien-truong.pdf").count() == 0
    assert page.get_by_text("giay-phep.pdf").is_visible()
    assert page.get_by_label("Kiến nghị 2: nội dung khó khăn, vướng mắc").input_value() == (
        "Hồ sơ xây dựng trả lại nhiều lần.")
    assert HeldAttachment.objects.count() == 1

    # Correct the phone and submit: the petition has its attachment.
    page.get_by_label("Điện thoại liên hệ").fill("0912 345 678")
    if not page.get_by_label("Tôi đã đọc thông báo xử lý dữ liệu cá nhân ở trên và đồng ý.").is_checked():
        page.get_by_label("Tôi đã đọc thông báo xử lý dữ liệu cá nhân ở trên và đồng ý.").check()
    page.get_by_role("button", name="Gửi đăng ký").click()
    page.get_by_role("heading", name="Đã nhận đăng ký").wait_for()
    attachment = Attachment.objects.get()
    assert attachment.original_name == "giay-phep.pdf"
    assert attachment.petition.content == "Chậm giao đất thuê."
    assert attachment.petition.registration == Registration.objects.get()
    assert not HeldAttachment.objects.exists()
    assert errors == []
    context.close()
