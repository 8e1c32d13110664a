"""Excel import of paper forms: template, preview with row errors, all or nothing, re-import creates nothing."""

import datetime
import io
import re
import zoneinfo
from unittest import mock

import pytest
from freezegun import freeze_time
from openpyxl import Workbook, load_workbook

from conferences.models import Conference, Registration
from petitions.models import Petition
from petitions.registration import imports
from tests.factories import UpcomingConferenceFactory as ConferenceFactory
from tests.petitions.test_registration_admin import staff

pytestmark = pytest.mark.django_db
IMPORT = "/admin/petitions/registrationsubmission/import/"


def workbook(rows):
    wb = Workbook()
    sheet = wb.active
    sheet.append([str(h) for _k, h in imports.COLUMNS])
    for row in rows:
        sheet.append([row.get(key, "") for key, _h in imports.COLUMNS])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "phieu.xlsx"
    return buffer


def form_row(no, **overrides):
    row = {"sheet_no": no, "received_at": "18/11/2026 09:30", "channel": "giấy", "full_name": "Ngô Văn Phúc",
           "organisation_name": f"Công ty {no}", "organisation_kind": "DN", "tax_code": "0312687878",
           "phone": "0912345678", "address": "Thôn Đông", "attending": "có", "consent": "có", "category": "3",
           "content": f"Kiến nghị của phiếu {no}."}
    row.update(overrides)
    return row


@pytest.fixture
def logged_in(client, django_user_model):
    conference = ConferenceFactory()
    client.force_login(staff(django_user_model, conference.body))
    return client, conference


def test_template_downloads_with_the_headers_and_imports_as_is(logged_in):
    client, conference = logged_in
    response = client.get(IMPORT + "mau-phieu-dang-ky.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:3] == ["Số phiếu", "Tiếp nhận lúc (ngày/tháng/năm giờ:phút)",
                                                 "Kênh (giấy / trung tâm / hội nghị)"]
    upload = io.BytesIO(response.content)
    upload.name = "mau.xlsx"
    preview = client.post(IMPORT, {"conference": conference.pk, "file": upload}).content.decode()
    assert "1 phiếu, 2 kiến nghị" in preview
    ticket = re.search(r'name="ticket" value="([^"]+)"', preview).group(1)
    assert client.post(IMPORT, {"ticket": ticket}).status_code == 302
    registration = Registration.objects.get()
    assert registration.channel == "paper"
    assert sorted(registration.petitions.values_list("category", flat=True)) == [1, 6]


def test_preview_lists_row_errors_and_nothing_is_imported(logged_in):
    client, conference = logged_in
    upload = workbook([form_row("1"), form_row("2", phone="09abc", tax_code="0312687879"),
                       form_row("2", category="9", full_name="")])
    html = client.post(IMPORT, {"conference": conference.pk, "file": upload}).content.decode()
    assert "Dòng 3: Điện thoại liên hệ: Số điện thoại chỉ gồm chữ số" in html
    assert "sai chữ số kiểm tra" in html
    assert "Dòng 4: Nhóm kiến nghị" in html
    assert 'name="ticket"' not in html
    assert Registration.objects.count() == 0


def test_import_is_all_or_nothing(logged_in, django_user_model):
    _client, conference = logged_in
    content = workbook([form_row("1"), form_row("2")]).getvalue()
    real = imports.registration_submit
    calls = []

    def fail_on_second(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("database gone")
        return real(**kwargs)

    with mock.patch.object(imports, "registration_submit", side_effect=fail_on_second):
        with pytest.raises(RuntimeError):
            imports.registrations_import(content=content, conference=conference,
                                         conferences=Conference.objects.all(), actor=None)
    assert Registration.objects.count() == 0 and Petition.objects.count() == 0


def test_the_same_file_twice_creates_nothing_new(logged_in):
    _client, conference = logged_in
    content = workbook([form_row("1"), form_row("1", category="5", content="Thủ tục chậm."), form_row("2")]).getvalue()
    first = imports.registrations_import(content=content, conference=conference,
                                         conferences=Conference.objects.all(), actor=None)
    second = imports.registrations_import(content=content, conference=conference,
                                          conferences=Conference.objects.all(), actor=None)
    assert (first, second) == ((2, 0), (0, 2))
    assert Registration.objects.count() == 2 and Petition.objects.count() == 3


def test_not_an_excel_file_is_refused(logged_in):
    client, conference = logged_in
    upload = io.BytesIO(b"%PDF-1.4 not excel")
    upload.name = "x.xlsx"
    html = client.post(IMPORT, {"conference": conference.pk, "file": upload}).content.decode()
    assert "Không đọc được tệp" in html


@freeze_time("2026-11-25 10:00:00+07:00")
def test_an_imported_form_is_dated_when_it_was_received_not_when_it_was_imported(logged_in):
    _client, conference = logged_in
    content = workbook([form_row("1", received_at="18/11/2026 09:30")]).getvalue()
    imports.registrations_import(content=content, conference=conference, conferences=Conference.objects.all(),
                                 actor=None)
    petition = Petition.objects.get()
    received = datetime.datetime(2026, 11, 18, 9, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    assert petition.received_at == received
    assert list(petition.events.values_list("to_status", "created_at")) == [("received", received)]
