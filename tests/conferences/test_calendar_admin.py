"""Calendar admin: superusers only, entries change the calendar at once, the year view names every special day."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from conferences.calendar import workdays
from conferences.models import CalendarEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_2026")]

CHANGELIST = "admin:conferences_calendarentry_changelist"
ADD = "admin:conferences_calendarentry_add"


def year_url(year):
    return reverse("admin:conferences_calendarentry_year", args=[year])


@pytest.fixture
def staff_client(client, django_user_model):
    """A commune officer with every model permission on CalendarEntry, but not a superuser."""
    user = django_user_model.objects.create_user("canbo", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="conferences",
                                                        codename__endswith="calendarentry"))
    client.force_login(user)
    return client


class TestPermissions:
    def test_anonymous_is_sent_to_login(self, client):
        for url in (reverse(CHANGELIST), year_url(2026)):
            response = client.get(url)
            assert response.status_code == 302
            assert reverse("admin:login") in response["Location"]

    def test_staff_who_are_not_superusers_are_refused(self, staff_client):
        assert staff_client.get(reverse(CHANGELIST)).status_code == 403
        assert staff_client.get(reverse(ADD)).status_code == 403
        assert staff_client.get(year_url(2026)).status_code == 403
        response = staff_client.post(reverse(ADD), {"date": "2027-03-03", "kind": "day_off", "name": "X",
                                                    "legal_basis": "Y"})
        assert response.status_code == 403
        assert not CalendarEntry.objects.filter(date=date(2027, 3, 3)).exists()

    def test_the_calendar_is_not_on_a_staff_members_admin_index(self, staff_client):
        assert "calendarentry" not in staff_client.get(reverse("admin:index")).content.decode()

    def test_superuser_sees_the_2026_entries_and_a_link_to_the_year_view(self, admin_client):
        html = admin_client.get(reverse(CHANGELIST)).content.decode()
        assert "Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)" in html
        assert "Thông báo số 9441/TB-BNV của Bộ Nội vụ" in html
        assert reverse("admin:conferences_calendarentry_year", args=[date.today().year]) in html


class TestEditing:
    def test_adding_a_day_off_in_the_admin_changes_the_calendar_at_once(self, admin_client):
        assert workdays.add_working_days(date(2027, 3, 2), 1) == date(2027, 3, 3)  # warm the cache
        response = admin_client.post(reverse(ADD), {
            "date": "03/03/2027", "kind": "day_off", "name": "Nghỉ bổ sung", "legal_basis": "Thông báo thử",
        })
        assert response.status_code == 302, response.content.decode()[:2000]
        assert CalendarEntry.objects.filter(date=date(2027, 3, 3)).exists()
        assert workdays.add_working_days(date(2027, 3, 2), 1) == date(2027, 3, 4)

    def test_deleting_in_the_admin_restores_the_day(self, admin_client):
        entry = CalendarEntry.objects.get(date=date(2026, 1, 2))
        assert not workdays.is_working_day(date(2026, 1, 2))
        response = admin_client.post(reverse("admin:conferences_calendarentry_delete", args=[entry.pk]),
                                     {"post": "yes"})
        assert response.status_code == 302
        assert workdays.is_working_day(date(2026, 1, 2))

    def test_bulk_delete_action_goes_through_the_service(self, admin_client):
        pks = list(CalendarEntry.objects.filter(date__year=2026).values_list("pk", flat=True))
        assert workdays.is_working_day(date(2026, 1, 10))
        response = admin_client.post(reverse(CHANGELIST), {"action": "delete_selected", "_selected_action": pks,
                                                            "post": "yes"})
        assert response.status_code == 302
        assert not CalendarEntry.objects.filter(date__year=2026).exists()
        assert not workdays.is_working_day(date(2026, 1, 10))  # the make-up Saturday is a Saturday again

    def test_removing_a_day_that_is_not_a_baseline_holiday_is_refused(self, admin_client):
        response = admin_client.post(reverse(ADD), {
            "date": "04/03/2027", "kind": "holiday_removed", "name": "X", "legal_basis": "Y",
        })
        assert response.status_code == 200
        assert "không phải ngày nghỉ trong lịch gốc" in response.content.decode()
        assert not CalendarEntry.objects.filter(date=date(2027, 3, 4)).exists()


class TestYearView:
    def test_twelve_month_tables_with_captions_and_a_legend(self, admin_client):
        html = admin_client.get(year_url(2026)).content.decode()
        assert html.count('<table class="cal-month">') == 12
        assert "<caption>Tháng 1 2026</caption>" in html
        assert "<caption>Tháng 12 2026</caption>" in html
        assert "Chú giải" in html
        assert "B: ngày làm việc bù (đi làm)" in html

    def test_names_from_the_package_and_from_the_entries(self, admin_client):
        html = admin_client.get(year_url(2026)).content.decode()
        assert "Mùng hai Tết Nguyên Đán" in html  # package
        assert "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)" in html  # package, compensatory day
        assert "Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/08/2026)" in html  # entry
        assert "Làm việc bù cho ngày nghỉ thứ Sáu 02/01/2026" in html  # entry, make-up Saturday
        assert "Công văn số 12729/VPCP-KGVX của Văn phòng Chính phủ" in html
        assert 'class="day-makeup' in html and 'class="day-day_off' in html and 'class="day-holiday' in html

    def test_a_year_without_the_official_notice_says_so(self, admin_client):
        html = admin_client.get(year_url(2027)).content.decode()
        assert "Chưa nhập thông báo lịch nghỉ chính thức của năm 2027" in html
        assert "Chưa nhập thông báo" not in admin_client.get(year_url(2026)).content.decode()

    def test_query_count_is_small(self, admin_client, django_assert_max_num_queries):
        admin_client.get(reverse("admin:index"))
        with django_assert_max_num_queries(5):
            admin_client.get(year_url(2028))

    def test_out_of_range_year_is_not_found(self, admin_client):
        assert admin_client.get(year_url(1800)).status_code == 404


@pytest.mark.parametrize(
    "day,kind,message",
    [
        ("04/03/2027", "working_day", "vốn đã là ngày làm việc"),  # a Thursday
        ("06/03/2027", "day_off", "vốn đã là ngày nghỉ"),  # a Saturday
    ],
)
def test_entries_that_would_change_nothing_are_refused(admin_client, day, kind, message):
    response = admin_client.post(reverse(ADD), {"date": day, "kind": kind, "name": "X", "legal_basis": "Y"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CalendarEntry.objects.filter(date__year=2027).exists()


def test_admin_dates_are_read_day_first(admin_client):
    response = admin_client.post(reverse(ADD), {"date": "05/04/2027", "kind": "day_off", "name": "X",
                                                "legal_basis": "Y"})
    assert response.status_code == 302
    assert CalendarEntry.objects.get(name="X").date == date(2027, 4, 5)


def test_a_removed_baseline_holiday_is_marked_and_named(admin_client):
    CalendarEntry.objects.create(date=date(2027, 2, 10), kind="holiday_removed", name="Không nghỉ mùng năm Tết",
                                 legal_basis="Thông báo thử")
    html = admin_client.get(year_url(2027)).content.decode()
    assert "X: ngày nghỉ của lịch gốc đã được bỏ (đi làm)" in html
    assert "Không nghỉ mùng năm Tết" in html
    assert "Lịch gốc: Mùng năm Tết Nguyên Đán" in html
