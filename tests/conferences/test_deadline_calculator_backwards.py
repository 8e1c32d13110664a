"""Public deadline calculator counting backwards (issue 21 item 7): "15 ngày làm việc trước 04/02/2027"."""

import datetime

import pytest
from freezegun import freeze_time

from conferences.calendar import workdays

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_2026")]

URL = "/cong-cu/tinh-han/"


@freeze_time("2026-12-05 09:00:00+07:00")
def test_fifteen_working_days_before_the_2027_conference(client):
    html = client.get(URL, {"start": "04/02/2027", "days": "15", "direction": "before"}).content.decode()
    # 04/02/2027 is itself a Tết day by the Labour Code's holidays (no official 2027 notice yet), so the first
    # day counted back is the working day before it.
    assert workdays.subtract_working_days(datetime.date(2027, 2, 4), 15) == datetime.date(2027, 1, 13)
    assert "15 ngày làm việc trước Thứ Năm, 04/02/2027: là <strong>Thứ Tư, 13/01/2027</strong>" in html
    assert "Ngày mốc là ngày nghỉ" in html
    assert "Ngày nghỉ không tính" in html and "Nghỉ cuối tuần" in html
    assert "Chiều tính" in html and 'value="before" checked' in html


@freeze_time("2026-12-05 09:00:00+07:00")
def test_backwards_over_tet_2026_lists_the_tet_days(client):
    # The mirror of the forward Tết test: 13/02 + 5 working days is 27/02.
    html = client.get(URL, {"start": "27/02/2026", "days": "5", "direction": "before"}).content.decode()
    assert "5 ngày làm việc trước Thứ Sáu, 27/02/2026: là <strong>Thứ Sáu, 13/02/2026</strong>" in html
    assert "Tết Nguyên Đán" in html


def test_forward_stays_the_default(client):
    html = client.get(URL, {"start": "2026-02-13", "days": "5"}).content.decode()
    assert "hạn cuối là <strong>Thứ Sáu, 27/02/2026</strong>" in html
