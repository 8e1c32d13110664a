"""Sở Tài chính's city-wide view: one workbook with a total and a sheet per commune; who has not reported."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conferences.models import Conference
from petitions.models import Category, Status
from reports.phu_luc_1 import counting as phu_luc_1
from reports.phu_luc_1.snapshots import report_submit
from tests.factories import BodyFactory, PetitionFactory, ScopingWorld


@pytest.fixture
def world(db):
    w = ScopingWorld()
    for _ in range(3):
        PetitionFactory(body=w.hd, conference=w.hd_conf, category=Category.LAND, status=Status.TRANSFERRED)
    PetitionFactory(body=w.hh, conference=w.hh_conf, category=Category.CAPITAL, status=Status.RESOLVED)
    # A body of another city is never in this city's totals.
    other_city = BodyFactory(name="thành phố Khác", kind="thanh_pho", parent=None, admin_unit_code="99")
    stranger = BodyFactory(parent=other_city, name="xã Ngoài")
    PetitionFactory(body=stranger, category=Category.LAND, status=Status.RESOLVED)
    return w


def city_workbook(client, user, world):
    client.force_login(user)
    response = client.get(reverse("reports:body_phu_luc_1", args=[world.city.slug, 2026, "xlsx"]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def totals(ws):
    return [ws.cell(21, c).value for c in range(3, 8)]


def test_workbook_has_the_total_first_then_a_sheet_per_commune(client, world):
    workbook = city_workbook(client, world.finance, world)
    assert workbook.sheetnames[0] == "Tổng hợp"
    assert set(workbook.sheetnames[1:]) == {"xã Hải Hưng", "xã Hà Đông"}
    hh, hd = workbook["xã Hải Hưng"], workbook["xã Hà Đông"]
    # Hải Hưng: the ScopingWorld's three received petitions and one resolved; Hà Đông: one + three transferred.
    assert totals(hh) == [4, 1, 3, 0, 0]
    assert totals(hd) == [4, 0, 1, 3, 0]
    assert totals(workbook["Tổng hợp"]) == [8, 1, 4, 3, 0]
    assert hd["A2"].value == "ỦY BAN NHÂN DÂN XÃ HÀ ĐÔNG"
    assert workbook["Tổng hợp"]["A8"].value == "- Đơn vị tổ chức: Các xã, phường, đặc khu thuộc thành phố Hải Phòng"
    for ws in workbook.worksheets:
        assert ws.print_title_rows == "$11:$13"
        assert {str(r) for r in ws.merged_cells.ranges} >= {"E11:G11"}


def test_each_sheet_matches_the_body_year_table(client, world):
    workbook = city_workbook(client, world.finance, world)
    for body in (world.hh, world.hd):
        assert totals(workbook[body.name]) == phu_luc_1.year_table(body, 2026).totals


def test_city_counting_query_count_does_not_grow(world, django_assert_num_queries):
    with django_assert_num_queries(2):
        phu_luc_1.city_tables(world.city, 2026)
    for body in (world.hh, world.hd):
        for _ in range(20):
            PetitionFactory(body=body, category=Category.CREDIT, status=Status.ESCALATED)
    with django_assert_num_queries(2):
        tables = phu_luc_1.city_tables(world.city, 2026)
    assert tables[world.hh.pk].rows[2].cells == [20, 0, 0, 0, 20]


def test_city_page_lists_bodies_that_have_not_reported(client, world):
    client.force_login(world.finance)
    url = reverse("reports:city_year", args=[2026])
    html = client.get(url).content.decode()
    section = html.split('class="not-reported"')[1].split("</ul>")[0]
    assert "xã Hải Hưng" in section and "xã Hà Đông" in section
    world.hh_conf.status = Conference.Status.HELD
    world.hh_conf.save(update_fields=["status"])
    report_submit(conference=world.hh_conf, user=world.economic, submitted_on=world.hh_conf.starts_at.date())
    html = client.get(url).content.decode()
    section = html.split('class="not-reported"')[1].split("</ul>")[0]
    assert "xã Hải Hưng" not in section and "xã Hà Đông" in section
    assert "01/BC-UBND" in html


@pytest.mark.parametrize(("who", "status"), [
    ("finance", 200), ("economic", 403), ("leader", 403), ("hd_economic", 403)])
def test_city_page_is_for_the_city_finance_department(client, world, who, status):
    client.force_login(getattr(world, who))
    assert client.get(reverse("reports:city_year", args=[2026])).status_code == status


def test_commune_staff_cannot_download_the_city_workbook(client, world):
    client.force_login(world.economic)
    response = client.get(reverse("reports:body_phu_luc_1", args=[world.city.slug, 2026, "xlsx"]))
    assert response.status_code == 404


def test_finance_can_download_a_commune_year_and_conference(client, world):
    client.force_login(world.finance)
    assert client.get(reverse("reports:body_phu_luc_1", args=[world.hd.slug, 2026, "pdf"])).status_code == 200
    assert client.get(reverse("reports:phu_luc_1_pdf", args=[world.hd_conf.pk])).status_code == 200
