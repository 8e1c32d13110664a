"""The public Phụ lục II form: every bad phone / tax code / personal ID gets its message and keeps the rest."""

import datetime
import io
import re
import zipfile
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time

from conferences.models import Conference, Registration
from petitions.models import Attachment, Petition
from tests.factories import UpcomingConferenceFactory as ConferenceFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_frozen", "_no_rate_limit")]


@pytest.fixture
def _no_rate_limit(settings):
    # The rate limit has its own tests (test_registration_abuse.py); here many posts come from one address.
    settings.REGISTRATION_RATE_LIMIT = ""


@pytest.fixture
def _frozen():
    with freeze_time(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=VN)):
        yield


@pytest.fixture
def conference():
    return ConferenceFactory()


def url(conference):
    return f"/{conference.body.slug}/hoi-nghi/{conference.year}/dang-ky/"


def valid_data(**overrides):
    data = {
        "form_token": "tok-form-1", "full_name": "Trần Thị Bình", "position": "Chủ hộ",
        "organisation_name": "Cơ sở may Bình An", "organisation_kind": "DN", "tax_code": "0312687878",
        "phone": "0912 345 678", "email": "", "address": "Thôn Tây", "attending": "yes", "notify_sms": "on",
        "overall_proposal": "Giảm thủ tục.", "consent": "on",
        "petitions-TOTAL_FORMS": "2", "petitions-INITIAL_FORMS": "0",
        "petitions-0-category": "5", "petitions-0-content": "Thủ tục cấp phép kéo dài.",
        "petitions-0-proposed_solution": "Rút ngắn thời gian.",
        "petitions-1-category": "", "petitions-1-content": "",
    }
    data.update(overrides)
    return data


def field_errors(response):
    """The messages shown next to fields (crispy's invalid-feedback)."""
    html = response.content.decode()
    return [re.sub(r"<[^>]+>", "", m).strip() for m in re.findall(r'class="invalid-feedback[^"]*"[^>]*>(.*?)</', html, re.S)]


def summary(response):
    html = response.content.decode()
    block = re.search(r'<div class="alert alert-danger" role="alert".*?</div>', html, re.S)
    return block.group(0) if block else ""


def test_get_shows_the_form_with_a_token_and_an_unticked_consent(client, conference):
    response = client.get(url(conference))
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'name="form_token" value="[0-9a-f]{32}"', html)
    consent = re.search(r'<input[^>]*name="consent"[^>]*>', html).group(0)
    assert "checked" not in consent
    assert "Thông báo xử lý dữ liệu cá nhân" in html and "2026-12" in html
    assert "Thời hạn lưu trữ: 5 năm sau năm tổ chức hội nghị" in html and "trên trang tra cứu đăng ký" in html
    assert "Thêm kiến nghị" in html


def test_valid_post_redirects_to_the_confirmation_with_the_code(client, conference):
    response = client.post(url(conference), valid_data())
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert registration.secret in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert registration.code in page
    assert "Thủ tục cấp phép kéo dài." in page
    assert registration.phone == "0912345678"
    assert registration.consent_version == "2026-12"
    assert Petition.objects.get().category == 5  # the blank second row is skipped


def test_double_submit_makes_one_registration_and_shows_the_same_confirmation(client, conference):
    first = client.post(url(conference), valid_data())
    second = client.post(url(conference), valid_data())
    assert Registration.objects.count() == 1
    assert Petition.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.parametrize("phone,message", [
    ("0912 345 678 ext 12", "Không ghi số máy lẻ"),
    ("0912345678 x12", "Không ghi số máy lẻ"),
    ("09123abc78", "không có chữ cái"),
    ("091234567", "Số điện thoại không hợp lệ"),
    ("+1 202 555 0143", "Số điện thoại không hợp lệ"),
])
def test_bad_phone_gets_its_message_and_keeps_the_rest(client, conference, phone, message):
    response = client.post(url(conference), valid_data(phone=phone))
    html = response.content.decode()
    assert response.status_code == 200
    assert any(message in e for e in field_errors(response))
    assert message in summary(response)
    assert 'href="#id_phone"' in summary(response)
    assert 'value="Trần Thị Bình"' in html and 'value="Cơ sở may Bình An"' in html
    assert "Thủ tục cấp phép kéo dài." in html and "Rút ngắn thời gian." in html
    assert f'value="{phone}"' in html
    assert Registration.objects.count() == 0


@pytest.mark.parametrize("phone", ["+84 912 345 678", "0912.345.678", "0225 3123 456", "84912345678"])
def test_good_phone_forms_are_accepted(client, conference, phone):
    response = client.post(url(conference), valid_data(phone=phone))
    assert response.status_code == 302


@pytest.mark.parametrize("kind,code,message", [
    ("DN", "0312687879", "sai chữ số kiểm tra"),
    ("DN", "03126878", "bạn đã nhập 8 chữ số"),
    ("HTX", "0312687878-00A", "chỉ gồm chữ số"),
    ("HKD", "00112345678", "gồm đúng 12 chữ số (bạn đã nhập 11 chữ số)"),
    ("HKD", "999123456789", "mã tỉnh"),
    ("HKD", "ABC", "Hộ kinh doanh nhập số định danh cá nhân"),
])
def test_bad_identifier_gets_its_message_and_keeps_the_rest(client, conference, kind, code, message):
    response = client.post(url(conference), valid_data(organisation_kind=kind, tax_code=code))
    assert response.status_code == 200
    assert any(message in e for e in field_errors(response)), field_errors(response)
    assert 'href="#id_tax_code"' in summary(response)
    assert "Thủ tục cấp phép kéo dài." in response.content.decode()
    assert Registration.objects.count() == 0


@pytest.mark.parametrize("kind,code,stored,identifier_kind", [
    ("DN", "0312687878-001", "0312687878-001", "mst"),
    ("HTX", "0312687878001", "0312687878-001", "mst"),
    ("HKD", "001089012345", "001089012345", "cccd"),
    ("HKD", "01A8012345", "01A8012345", "other"),
])
def test_identifiers_are_stored_normalised(client, conference, kind, code, stored, identifier_kind):
    assert client.post(url(conference), valid_data(organisation_kind=kind, tax_code=code)).status_code == 302
    registration = Registration.objects.get()
    assert (registration.tax_code, registration.identifier_kind) == (stored, identifier_kind)


def test_missing_consent_and_fields_are_listed_in_the_summary(client, conference):
    data = valid_data(full_name="", consent="")
    response = client.post(url(conference), data)
    text = summary(response)
    assert "Họ và tên: Vui lòng điền mục này." in text
    assert "Cần đánh dấu đồng ý xử lý dữ liệu cá nhân" in text
    assert 'role="alert"' in text


def test_petition_row_without_category_gets_a_message(client, conference):
    response = client.post(url(conference), valid_data(**{"petitions-0-category": ""}))
    assert "Kiến nghị 1: nhóm: Vui lòng chọn nhóm cho kiến nghị này." in summary(response)


def test_add_petition_button_adds_a_row_and_keeps_everything_without_errors(client, conference):
    data = valid_data(full_name="")
    data["add_petition"] = "1"
    response = client.post(url(conference), data)
    html = response.content.decode()
    assert 'name="petitions-TOTAL_FORMS" value="3"' in html
    assert "Kiến nghị 3: nhóm" in html
    assert "Thủ tục cấp phép kéo dài." in html and 'value="Cơ sở may Bình An"' in html
    assert 'value="tok-form-1"' in html
    assert summary(response) == ""
    assert Registration.objects.count() == 0


def test_several_petitions_in_the_same_category(client, conference):
    data = valid_data(**{"petitions-1-category": "5", "petitions-1-content": "Hồ sơ phải nộp nhiều lần."})
    assert client.post(url(conference), data).status_code == 302
    assert list(Petition.objects.order_by("pk").values_list("category", flat=True)) == [5, 5]


def test_honeypot_gets_a_normal_page_and_nothing_is_stored(client, conference):
    response = client.post(url(conference), valid_data(trang_lien_ket_phu="http://spam.example"))
    assert response.status_code == 200
    assert "Đã nhận thông tin" in response.content.decode()
    assert Registration.objects.count() == 0 and Petition.objects.count() == 0


def test_after_the_cut_off_the_form_says_so_and_petitions_are_marked(client, conference):
    with freeze_time(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=VN)):
        page = client.get(url(conference)).content.decode()
        assert "Đã quá hạn gửi kiến nghị cho hội nghị (01/12/2026)" in page
        assert client.post(url(conference), valid_data()).status_code == 302
    petition = Petition.objects.get()
    assert petition.deadline_rule == "no_conference"
    assert Registration.objects.get().submission.received_after_cutoff


def test_closed_conference_shows_no_form(client):
    conference = ConferenceFactory(status=Conference.Status.HELD)
    response = client.get(url(conference))
    assert "không nhận đăng ký trực tuyến" in response.content.decode()
    assert client.post(url(conference), valid_data()).status_code == 200
    assert Registration.objects.count() == 0


def pdf_bytes():
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize("name,content,content_type", [
    ("giay-to.pdf", pdf_bytes(), "application/pdf"),
    ("anh.PNG", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "image/png"),
    ("anh.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 20, "image/jpeg"),
    ("don.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
])
def test_allowed_attachments_are_stored_with_the_type_read_from_the_content(client, conference, name, content,
                                                                              content_type):
    data = valid_data()
    data["petitions-0-attachment"] = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    assert client.post(url(conference), data).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == name
    assert attachment.content_type == content_type
    assert attachment.petition.registration == Registration.objects.get()
    attachment.file.delete(save=False)


@pytest.mark.parametrize("name,content", [
    ("hoa-don.pdf", b"MZ\x90\x00 this is a windows executable"),
    ("anh.jpg", pdf_bytes()),
    ("tai-lieu.docx", b"PK\x03\x04 not really a zip"),
    ("script.html", b"<html><script>alert(1)</script></html>"),
])
def test_disguised_attachment_is_refused(client, conference, name, content):
    data = valid_data()
    data["petitions-0-attachment"] = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post(url(conference), data)
    assert response.status_code == 200
    assert any("không phải tệp PDF, JPG, PNG hoặc DOCX hợp lệ" in e for e in field_errors(response))
    assert "chọn lại tệp đính kèm" in response.content.decode()
    assert "Thủ tục cấp phép kéo dài." in response.content.decode()
    assert Registration.objects.count() == 0


def test_oversized_attachment_is_refused(client, conference, settings):
    settings.PETITION_ATTACHMENT_MAX_BYTES = 1024
    data = valid_data()
    data["petitions-0-attachment"] = SimpleUploadedFile("big.pdf", pdf_bytes() + b"\0" * 2048)
    response = client.post(url(conference), data)
    assert any("quá lớn" in e and "1,0" in e for e in field_errors(response)), field_errors(response)
    assert Attachment.objects.count() == 0 and Registration.objects.count() == 0


def test_the_form_and_its_messages_in_english(client, conference, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(url(conference)).content.decode()
    assert "Full name" in html and "Add a petition" in html and "Personal data notice" in html
    response = client.post(url(conference), valid_data(phone="0912345678 x12", tax_code="0312687879"))
    text = summary(response)
    assert "Do not add an extension." in text
    assert "its check digit does not match" in text
    assert "There are 2 errors to fix" in text


def test_too_many_petition_rows_are_refused_without_building_them(client, conference, settings):
    settings.PETITION_MAX_ROWS = 3
    data = valid_data(**{"petitions-TOTAL_FORMS": "5000"})
    response = client.post(url(conference), data)
    assert "Tối đa 3 kiến nghị trong một lần gửi." in response.content.decode()
    assert response.content.decode().count("Kiến nghị 4: nhóm") == 0
    assert Registration.objects.count() == 0
