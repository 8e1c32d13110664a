"""Excel export of petitions and import of answers typed offline: scoped, through the service, all or nothing."""

import io

import pytest
import tablib
from django.urls import reverse
from import_export.formats.base_formats import XLSX
from openpyxl import load_workbook

from petitions.models import Status
from petitions.triage import services as triage
from petitions.triage.resources import PetitionResource
from tests.factories import ScopingWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = ScopingWorld()
    for p in (w.p_pv, w.p_coord):
        triage.petition_assign(petition=p, lead_unit=w.pv, actor=w.economic)
    return w


def workbook(user) -> list[list]:
    content = XLSX().export_data(PetitionResource(user=user).export())
    sheet = load_workbook(io.BytesIO(content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def import_rows(user, rows, dry_run=False):
    header = ["Mã kiến nghị", "Doanh nghiệp / HTX / HKD", "Dự thảo trả lời"]
    # Through real xlsx bytes, as a workbook filled offline comes back.
    dataset = XLSX().create_dataset(XLSX().export_data(tablib.Dataset(*rows, headers=header)))
    return PetitionResource(user=user).import_data(dataset, dry_run=dry_run, user=user)


def test_export_has_the_columns_and_only_the_users_petitions(world):
    rows = workbook(world.handler)
    assert rows[0][:3] == ["Mã kiến nghị", "Doanh nghiệp / HTX / HKD", "Mã số thuế / định danh"]
    assert "Dự thảo trả lời" in rows[0]
    assert {r[0] for r in rows[1:]} == {world.p_pv.code, world.p_coord.code}
    status_col = rows[0].index("Trạng thái")
    assert rows[1][status_col] == "Đã phân công đơn vị xử lý"


def test_answers_typed_offline_come_back_through_the_service(world):
    result = import_rows(world.handler, [
        (world.p_pv.code.lower(), "ignored name", "Đã bố trí thêm quầy tiếp nhận."),
        (world.p_coord.code, "", ""),  # empty cell: the row is skipped, nothing erased
    ])
    assert not result.has_errors() and not result.has_validation_errors()
    world.p_pv.refresh_from_db()
    assert world.p_pv.status == Status.DRAFTED and world.p_pv.answer_draft == "Đã bố trí thêm quầy tiếp nhận."
    assert world.p_pv.organisation_name != "ignored name"  # reference columns are not imported
    assert world.p_pv.events.last().actor == world.handler
    world.p_coord.refresh_from_db()
    assert world.p_coord.status == Status.ASSIGNED


def test_an_invalid_row_is_reported_and_nothing_is_imported(world):
    result = import_rows(world.handler, [
        (world.p_pv.code, "", "Trả lời hợp lệ."),
        (world.p_kt.code, "", "Kiến nghị của đơn vị khác."),  # not the unit's petition
        ("HH26-ZZZZZ", "", "Mã không tồn tại."),
    ])
    assert result.has_validation_errors()
    invalid = {row.number for row in result.invalid_rows}
    assert invalid == {2, 3}
    assert "Không tìm thấy kiến nghị" in str(result.invalid_rows[0].error_dict)
    world.p_pv.refresh_from_db()
    assert world.p_pv.status == Status.ASSIGNED and world.p_pv.answer_draft == ""


def test_a_petition_that_cannot_take_a_draft_is_reported(world):
    triage.petition_resolve(petition=world.p_coord, actor=world.economic)
    result = import_rows(world.economic, [(world.p_coord.code, "", "Muộn.")])
    assert result.has_validation_errors()
    assert "Không thể chuyển" in str(result.invalid_rows[0].error_dict)


def test_admin_offers_xlsx_export_and_import(client, world):
    client.force_login(world.economic)
    assert client.get(reverse("admin:petitions_petition_export")).status_code == 200
    assert client.get(reverse("admin:petitions_petition_import")).status_code == 200
    client.force_login(world.leader)
    assert client.get(reverse("admin:petitions_petition_import")).status_code == 403
