"""Public deadline calculator: the due date, the days it skipped and the make-up days it counted."""

import pytest
from django.urls import reverse

from conferences.calendar import services
from conferences.models import CalendarEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_2026")]

URL = "/cong-cu/tinh-han/"


def page(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_url_name():
    assert reverse("conferences:deadline_calculator") == URL


def test_empty_form_has_labelled_fields_and_no_result(client):
    html = page(client)
    assert '<label for="id_start"' in html and "Ngày bắt đầu tính" in html
    assert '<label for="id_days"' in html and "Số ngày làm việc" in html
    assert 'method="get"' in html
    assert "Kết quả" not in html
    assert "Vui lòng nhập" not in html


def test_tet_2026_days_are_listed_with_their_names(client):
    html = page(client, start="2026-02-13", days="5")
    assert "hạn cuối là <strong>Thứ Sáu, 27/02/2026</strong>" in html
    for name in ("Giao thừa Tết Nguyên Đán", "Tết Nguyên Đán", "Mùng bốn Tết Nguyên Đán", "Nghỉ cuối tuần"):
        assert name in html
    assert "Ngày nghỉ không tính (9 ngày)" in html


def test_make_up_saturday_is_counted_and_named(client):
    html = page(client, start="09/01/2026", days="1")
    assert "hạn cuối là <strong>Thứ Bảy, 10/01/2026</strong>" in html
    assert "Ngày làm việc bù được tính" in html
    assert "Làm việc bù cho ngày nghỉ thứ Sáu 02/01/2026" in html


def test_swapped_day_off_is_skipped_with_its_name(client):
    html = page(client, start="31/12/2025", days="1")
    assert "hạn cuối là <strong>Thứ Hai, 05/01/2026</strong>" in html
    assert "Tết Dương lịch" in html
    assert "Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)" in html


def test_hung_vuong_compensatory_day(client):
    html = page(client, start="24/04/2026", days="1")
    assert "hạn cuối là <strong>Thứ Ba, 28/04/2026</strong>" in html
    assert "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)" in html


def test_zero_days_returns_the_start(client):
    html = page(client, start="17/02/2026", days="0")
    assert "hạn cuối là <strong>Thứ Ba, 17/02/2026</strong>" in html


def test_a_year_without_an_official_notice_is_flagged(client):
    html = page(client, start="28/12/2026", days="10")
    assert "Lịch nghỉ chính thức năm 2027 chưa được cập nhật" in html
    assert "chưa được cập nhật" not in page(client, start="02/03/2026", days="5")


def test_invalid_input_gets_vietnamese_messages_and_keeps_what_was_typed(client):
    html = page(client, start="31/02/2026", days="-3")
    assert "Ngày không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/03/2026." in html
    assert "Số ngày làm việc phải từ 0 đến 365." in html
    assert 'value="31/02/2026"' in html
    assert 'value="-3"' in html
    assert 'aria-invalid="true"' in html
    assert "Kết quả" not in html


def test_missing_and_non_numeric_input(client):
    html = page(client, start="", days="bảy")
    assert "Vui lòng nhập ngày bắt đầu tính." in html
    assert "Số ngày làm việc phải là một số nguyên, ví dụ 7." in html
    assert 'value="bảy"' in html


def test_year_out_of_range(client):
    html = page(client, start="1999-12-31", days="3")
    assert "Ngày bắt đầu phải trong khoảng từ năm 2000 đến năm 2100." in html


def test_a_holiday_added_by_an_administrator_shows_up(client, admin_user):
    assert "hạn cuối là <strong>Thứ Năm, 04/03/2027</strong>" in page(client, start="02/03/2027", days="2")
    services.calendar_entry_save(
        entry=CalendarEntry(date="2027-03-03", kind="day_off", name="Nghỉ bổ sung thử nghiệm",
                            legal_basis="Thông báo thử"),
        user=admin_user,
    )
    html = page(client, start="02/03/2027", days="2")
    assert "hạn cuối là <strong>Thứ Sáu, 05/03/2027</strong>" in html
    assert "Nghỉ bổ sung thử nghiệm" in html


def test_page_is_linked_from_the_navigation(client):
    assert f'href="{URL}"' in page(client)


def test_the_start_days_year_is_not_flagged_when_no_day_of_it_is_counted(client):
    html = page(client, start="31/12/2025", days="7")
    assert "hạn cuối là <strong>Thứ Hai, 12/01/2026</strong>" in html
    assert "chưa được cập nhật" not in html


@pytest.fixture
def phone_page(chromium):
    """Debian's Chromium through Playwright, at a phone's size, JavaScript off (the page must not need it)."""
    context = chromium.new_context(locale="vi-VN", viewport={"width": 360, "height": 800}, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_person_on_a_phone_without_javascript_computes_a_deadline(live_server, phone_page, calendar_2026):
    page = phone_page
    page.goto(live_server.url + URL)
    page.get_by_label("Ngày bắt đầu tính").fill("2026-08-20")
    page.get_by_label("Số ngày làm việc").fill("10")
    page.get_by_role("button", name="Tính hạn").click()
    page.wait_for_load_state()
    assert "hạn cuối là Thứ Hai, 07/09/2026" in page.get_by_role("status").first.inner_text()
    assert page.get_by_role("table", name="Ngày làm việc bù được tính").get_by_text("22/08/2026").is_visible()
    skipped = page.get_by_role("table", name="Ngày nghỉ không tính (8 ngày)")
    assert skipped.get_by_text("Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/08/2026)").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
