"""Official details (issue 21 items 12, 13): the city's plan of the year cited by every commune; Phụ lục I
printed from Excel on one A4 landscape page with its signer."""

import datetime
import io

import pytest
from django.urls import reverse
from freezegun import freeze_time
from openpyxl import load_workbook

from conferences.models import CityPlan
from tests.factories import ScopingWorld
from tests.reports.test_documents import pdf_text

pytestmark = pytest.mark.django_db
CITED = "Kế hoạch số 45/KH-UBND ngày 10/02/2026 của UBND thành phố Hải Phòng"


@pytest.fixture
def world():
    return ScopingWorld()


def phu_luc_1_sheet(client, user, conference):
    client.force_login(user)
    response = client.get(reverse("reports:phu_luc_1_xlsx", args=[conference.pk]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


@freeze_time("2026-06-22 09:00:00+07:00")
def test_plan_and_phu_luc_1_cite_the_city_plan_of_the_year(client, world):
    CityPlan.objects.create(city=world.city, year=2026, number="45/KH-UBND", issued_on=datetime.date(2026, 2, 10))
    CityPlan.objects.create(city=world.city, year=2025, number="12/KH-UBND", issued_on=datetime.date(2025, 3, 1))
    for user, conference in ((world.economic, world.hh_conf), (world.hd_economic, world.hd_conf)):
        ws = phu_luc_1_sheet(client, user, conference)
        assert ws["A6"].value == f"(Kèm theo {CITED})"
        pdf = client.get(reverse("reports:conference_document", args=[conference.pk, "ke-hoach", "pdf"]))
        assert f"Căn cứ {CITED} về tổ chức Hội nghị đối thoại" in pdf_text(pdf.content)


@freeze_time("2026-06-22 09:00:00+07:00")
def test_without_the_city_plan_the_clerk_gets_dotted_blanks(client, world):
    ws = phu_luc_1_sheet(client, world.economic, world.hh_conf)
    assert ws["A6"].value == "(Kèm theo Kế hoạch số ....../KH-UBND ngày ..../..../2026 của UBND thành phố Hải Phòng)"


@freeze_time("2026-06-22 09:00:00+07:00")
def test_phu_luc_1_prints_on_one_a4_landscape_page_with_its_signer(client, world):
    ws = phu_luc_1_sheet(client, world.economic, world.hh_conf)
    signer_row = max(cell.row for row in ws.iter_rows() for cell in row if cell.value == world.hh.chair_name) \
        if world.hh.chair_name else ws.max_row
    assert ws.print_area == f"'{ws.title}'!$A$1:$G${signer_row}"
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)
