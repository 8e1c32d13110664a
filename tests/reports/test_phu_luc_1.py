"""Phụ lục I: counts by category × column, as_of from the history, the Excel and PDF files, who may download."""

import datetime
import io
import re
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conferences.models import Conference
from petitions.models import Category, PetitionEvent, Status
from reports.phu_luc_1 import counting as phu_luc_1
from tests.factories import BodyFactory, ConferenceFactory, PetitionFactory, ScopingWorld
from tests.reports.test_documents import pdf_fonts, pdf_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# (category, status) -> how many; every column, a withdrawn and a merged petition.
PLAN = {
    (Category.CAPITAL, Status.RESOLVED): 3,
    (Category.CAPITAL, Status.ASSIGNED): 2,
    (Category.INTEREST_RATE, Status.TRANSFERRED): 1,
    (Category.INTEREST_RATE, Status.GUIDED): 1,
    (Category.CREDIT, Status.ESCALATED): 2,
    (Category.POLICY, Status.NOT_ACCEPTED): 1,
    (Category.ADMIN_PROCEDURE, Status.RECEIVED): 4,
    (Category.ADMIN_PROCEDURE, Status.ANSWERED_PENDING): 1,
    (Category.LAND, Status.DRAFTED): 1,
    (Category.LAND, Status.APPROVED): 1,
    (Category.OTHER, Status.RESOLVED): 5,
}
# Expected rows, columns (3)…(7).
EXPECTED = {
    1: [5, 3, 2, 0, 0], 2: [2, 0, 0, 2, 0], 3: [2, 0, 0, 0, 2], 4: [1, 0, 0, 1, 0], 5: [5, 0, 5, 0, 0],
    6: [2, 0, 2, 0, 0], 7: [5, 5, 0, 0, 0],
}
EXPECTED_TOTAL = [22, 8, 9, 3, 2]
# The ScopingWorld adds one received petition (Thủ tục hành chính) to its Hải Hưng conference.
WORLD_EXPECTED = {**EXPECTED, 5: [6, 0, 6, 0, 0]}
WORLD_TOTAL = [23, 8, 10, 3, 2]


def pdf_lines(pdf: bytes) -> list[str]:
    """The PDF's lines as laid out on the page (pdftotext -layout), spaces collapsed: one table row a line."""
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                         check=True).stdout.decode("utf-8")
    return [" ".join(line.split()) for line in out.splitlines() if line.strip()]


def make_petitions(body, conference, plan=PLAN):
    petitions = []
    for (category, status), count in plan.items():
        petitions += [PetitionFactory(body=body, conference=conference, category=category, status=status)
                      for _ in range(count)]
    return petitions


@pytest.fixture
def conference(db):
    body = BodyFactory(name="xã Hải Hưng", chair_name="Phạm Văn Hạnh")
    conference = ConferenceFactory(body=body, status=Conference.Status.HELD)
    petitions = make_petitions(body, conference)
    PetitionFactory(body=body, conference=conference, category=Category.LAND, status=Status.WITHDRAWN,
                    withdrawn_at=timezone.now(), organisation_name="Công ty Rút Đơn")
    PetitionFactory(body=body, conference=conference, category=Category.CAPITAL, status=Status.MERGED,
                    merged_into=petitions[0], organisation_name="Công ty Trùng Lặp")
    return conference


# --- counting ---------------------------------------------------------------------------------------------


def test_rows_in_plan_order_and_received_is_the_sum_of_the_four_columns(conference):
    table = phu_luc_1.conference_table(conference)
    assert [r.label for r in table.rows] == ["Vốn", "Lãi suất", "Tín dụng", "Cơ chế chính sách",
                                             "Thủ tục hành chính", "Đất đai", "Lĩnh vực khác"]
    assert {r.number: r.cells for r in table.rows} == EXPECTED
    assert table.totals == EXPECTED_TOTAL
    assert all(r.received == sum(r.cells[1:]) for r in table.rows)


def test_withdrawn_and_merged_are_listed_not_counted(conference):
    table = phu_luc_1.conference_table(conference)
    assert [p.organisation for p in table.withdrawn] == ["Công ty Rút Đơn"]
    assert [p.organisation for p in table.merged] == ["Công ty Trùng Lặp"]
    assert table.received == 22
    assert "1 kiến nghị doanh nghiệp rút và 1 kiến nghị đã gộp" in table.note_lines[0]


def test_other_conferences_petitions_are_not_counted(conference):
    other = ConferenceFactory(body=BodyFactory(), year=2026)
    PetitionFactory(body=other.body, conference=other, category=Category.CAPITAL, status=Status.RESOLVED)
    assert phu_luc_1.conference_table(conference).totals == EXPECTED_TOTAL


@pytest.mark.parametrize("count", [10, 200])
def test_counting_takes_two_queries_whatever_the_number_of_petitions(db, count, django_assert_num_queries):
    body = BodyFactory()
    conference = ConferenceFactory(body=body)
    statuses = list(Status)
    for i in range(count):
        status = statuses[i % len(statuses)]
        if status in (Status.WITHDRAWN, Status.MERGED):
            status = Status.RESOLVED
        PetitionFactory(body=body, conference=conference, category=i % 7 + 1, status=status)
    with django_assert_num_queries(2):
        table = phu_luc_1.conference_table(conference)
    assert table.received == count


def test_year_counts_a_stopped_conference_and_petitions_without_one(db):
    body = BodyFactory()
    stopped = ConferenceFactory(body=body, year=2026, status=Conference.Status.STOPPED)
    held = ConferenceFactory(body=body, year=2026, status=Conference.Status.HELD,
                             starts_at=timezone.make_aware(datetime.datetime(2026, 9, 10, 8)))
    PetitionFactory(body=body, conference=stopped, category=Category.LAND, status=Status.RESOLVED)
    PetitionFactory(body=body, conference=held, category=Category.LAND, status=Status.ASSIGNED)
    PetitionFactory(body=body, category=Category.CREDIT, status=Status.ESCALATED,
                    received_at=timezone.make_aware(datetime.datetime(2026, 12, 31, 23, 30)))
    # Received on the first minutes of 2027 local time (still 2026 in UTC): another year.
    PetitionFactory(body=body, category=Category.CREDIT, status=Status.ESCALATED,
                    received_at=timezone.make_aware(datetime.datetime(2027, 1, 1, 0, 30)))
    PetitionFactory(body=BodyFactory(), category=Category.LAND, status=Status.RESOLVED,
                    received_at=timezone.make_aware(datetime.datetime(2026, 5, 1, 9)))
    table = phu_luc_1.year_table(body, 2026)
    assert table.rows[5].cells == [2, 1, 1, 0, 0]
    assert table.rows[2].cells == [1, 0, 0, 0, 1]
    assert table.totals == [3, 1, 1, 0, 1]


# --- as_of from the event history ---------------------------------------------------------------------------


def local(day, hour=10):
    return timezone.make_aware(datetime.datetime(2026, 6, day, hour))


def event(petition, from_status, to_status, at):
    e = PetitionEvent.objects.create(petition=petition, from_status=from_status, to_status=to_status)
    PetitionEvent.objects.filter(pk=e.pk).update(created_at=at)


@pytest.fixture
def history(db):
    body = BodyFactory()
    conference = ConferenceFactory(body=body)
    resolved = PetitionFactory(body=body, conference=conference, category=Category.CAPITAL,
                               status=Status.RESOLVED, received_at=local(1))
    event(resolved, "", Status.RECEIVED, local(1))
    event(resolved, Status.RECEIVED, Status.ASSIGNED, local(5))
    event(resolved, Status.ASSIGNED, Status.RESOLVED, local(20, 23))  # 23:00 local on the 20th
    withdrawn = PetitionFactory(body=body, conference=conference, category=Category.LAND,
                                status=Status.WITHDRAWN, withdrawn_at=local(15), received_at=local(2))
    event(withdrawn, "", Status.RECEIVED, local(2))
    event(withdrawn, Status.RECEIVED, Status.WITHDRAWN, local(15))
    # Entered into the portal later than it was received; no event before the day asked about.
    late_entry = PetitionFactory(body=body, conference=conference, category=Category.OTHER,
                                 status=Status.ESCALATED, received_at=local(3))
    event(late_entry, Status.RECEIVED, Status.ESCALATED, local(25))
    PetitionFactory(body=body, conference=conference, category=Category.CREDIT, status=Status.RESOLVED,
                    received_at=local(18))
    return conference


def test_as_of_before_anything_was_received_is_empty(history):
    table = phu_luc_1.conference_table(history, as_of=datetime.date(2026, 5, 31))
    assert table.totals == [0, 0, 0, 0, 0]
    assert table.left_out == []


def test_as_of_gives_the_status_at_the_end_of_that_local_day(history):
    table = phu_luc_1.conference_table(history, as_of=datetime.date(2026, 6, 10))
    assert table.rows[0].cells == [1, 0, 1, 0, 0]  # assigned then, resolved later
    assert table.rows[5].cells == [1, 0, 1, 0, 0]  # not yet withdrawn
    assert table.rows[6].cells == [1, 0, 1, 0, 0]  # "received" before its first event
    assert table.rows[2].cells == [0, 0, 0, 0, 0]  # received after that day
    assert table.left_out == []


def test_as_of_counts_a_change_late_in_the_evening_on_its_local_day(history):
    on_the_day = phu_luc_1.conference_table(history, as_of=datetime.date(2026, 6, 20))
    assert on_the_day.rows[0].cells == [1, 1, 0, 0, 0]
    assert [p.status for p in on_the_day.left_out] == [Status.WITHDRAWN]
    assert on_the_day.rows[2].cells == [1, 1, 0, 0, 0]  # no history: its current status
    before = phu_luc_1.conference_table(history, as_of=datetime.date(2026, 6, 19))
    assert before.rows[0].cells == [1, 0, 1, 0, 0]


def test_as_of_today_equals_the_live_table(history):
    live = phu_luc_1.conference_table(history)
    assert phu_luc_1.conference_table(history, as_of=timezone.localdate()).totals == live.totals
    assert live.totals == [3, 2, 0, 0, 1]


def test_as_of_query_count_is_constant(history, django_assert_num_queries):
    with django_assert_num_queries(2):
        phu_luc_1.conference_table(history, as_of=datetime.date(2026, 6, 10))


# --- the Excel workbook ----------------------------------------------------------------------------------


@pytest.fixture
def world(db):
    w = ScopingWorld()
    make_petitions(w.hh, w.hh_conf)
    return w


def download(client, user, name, pk, **params):
    client.force_login(user)
    return client.get(reverse(name, args=[pk]), params)


def sheet_of(response):
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


def test_xlsx_layout_labels_and_numbers(client, world):
    ws = sheet_of(download(client, world.economic, "reports:phu_luc_1_xlsx", world.hh_conf.pk))
    merges = {str(r) for r in ws.merged_cells.ranges}
    assert {"E11:G11", "A11:A12", "B11:B12", "C11:C12", "D11:D12", "A21:B21", "A1:C1", "D1:G1"} <= merges
    assert ws["A1"].value == "UBND THÀNH PHỐ HẢI PHÒNG"
    assert ws["A2"].value == "ỦY BAN NHÂN DÂN XÃ HẢI HƯNG"
    assert ws["D1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert ws["D2"].value == "Độc lập - Tự do - Hạnh phúc"
    assert ws["A4"].value == "PHỤ LỤC I"
    assert ws["A5"].value == ("Báo cáo kết quả tổ chức Hội nghị đối thoại với các doanh nghiệp, hợp tác xã, "
                              "hộ kinh doanh trên địa bàn xã Hải Hưng")
    assert ws["A6"].value.startswith("(Kèm theo Kế hoạch số")
    assert ws["A8"].value == "- Đơn vị tổ chức: Ủy ban nhân dân xã Hải Hưng"
    assert ws["A9"].value == "- Thời gian tổ chức: 08 giờ 00, ngày 18/6/2026"
    assert [ws.cell(11, c).value for c in range(1, 6)] == [
        "Stt", "Nhóm kiến nghị", "Tổng số kiến nghị đã tiếp nhận", "Tổng số kiến nghị đã giải quyết triệt để",
        "Tổng số kiến nghị chưa giải quyết triệt để"]
    assert ws["E12"].value.startswith("Kiến nghị đang xử lý (nêu rõ quá trình giải quyết; vướng mắc; đề xuất")
    assert ws["F12"].value == "Kiến nghị chuyển cơ quan khác giải quyết"
    assert ws["G12"].value == "Kiến nghị xin ý kiến chỉ đạo của cơ quan cấp trên"
    assert [ws.cell(13, c).value for c in range(1, 8)] == [f"({i})" for i in range(1, 8)]
    assert [ws.cell(r, 2).value for r in range(14, 21)] == [
        "Vốn", "Lãi suất", "Tín dụng", "Cơ chế chính sách", "Thủ tục hành chính", "Đất đai", "Lĩnh vực khác"]
    for number, expected in WORLD_EXPECTED.items():
        row = 13 + number
        assert ws.cell(row, 1).value == number
        assert [ws.cell(row, c).value for c in range(3, 8)] == expected
    assert ws["A21"].value == "Cộng"
    assert [ws.cell(21, c).value for c in range(3, 8)] == WORLD_TOTAL
    assert all(isinstance(ws.cell(21, c).value, int) for c in range(3, 8))


def test_xlsx_print_setup_and_font(client, world):
    ws = sheet_of(download(client, world.economic, "reports:phu_luc_1_xlsx", world.hh_conf.pk))
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == "9"  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 1  # one page, signer with the table (issue 21)
    assert ws.print_title_rows == "$11:$13"
    fonts = {ws.cell(r, c).font.name for r in range(1, 22) for c in range(1, 8) if ws.cell(r, c).value is not None}
    assert fonts == {"Times New Roman"}


def test_xlsx_notes_withdrawn_and_merged_under_the_table_and_signer(client, world):
    merged_into = world.p_kt
    PetitionFactory(body=world.hh, conference=world.hh_conf, status=Status.MERGED, merged_into=merged_into,
                    organisation_name="Công ty Gộp")
    ws = sheet_of(download(client, world.economic, "reports:phu_luc_1_xlsx", world.hh_conf.pk))
    texts = [ws.cell(r, 1).value for r in range(22, ws.max_row + 1) if ws.cell(r, 1).value]
    assert texts[0].startswith("Ghi chú: không tính vào bảng 0 kiến nghị doanh nghiệp rút và 1 kiến nghị đã gộp")
    assert f"đã gộp vào kiến nghị {merged_into.code}" in texts[1]
    right = [ws.cell(r, 4).value for r in range(22, ws.max_row + 1) if ws.cell(r, 4).value]
    assert right[0].startswith("Hải Hưng, ngày")
    assert right[1:] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An"]
    # The merged petition's own conference counts did not change.
    assert [ws.cell(21, c).value for c in range(3, 8)] == WORLD_TOTAL


def test_xlsx_as_of_is_noted(client, world):
    ws = sheet_of(download(client, world.economic, "reports:phu_luc_1_xlsx", world.hh_conf.pk, as_of="2030-01-01"))
    assert ws["A7"].value == "(Số liệu tính đến hết ngày 01/01/2030)"


def test_bad_as_of_is_a_bad_request(client, world):
    assert download(client, world.economic, "reports:phu_luc_1_xlsx", world.hh_conf.pk,
                    as_of="18/6/2026").status_code == 400


# --- the PDF ------------------------------------------------------------------------------------------------


def test_pdf_has_the_table_words_numbers_and_the_embedded_font(client, world):
    response = download(client, world.leader, "reports:phu_luc_1_pdf", world.hh_conf.pk)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for words in ("UBND THÀNH PHỐ HẢI PHÒNG", "ỦY BAN NHÂN DÂN XÃ HẢI HƯNG", "PHỤ LỤC I",
                  "Tổng số kiến nghị chưa giải quyết triệt để", "Đơn vị tổ chức: Ủy ban nhân dân xã Hải Hưng",
                  "TM. ỦY BAN NHÂN DÂN", *(f"({i})" for i in range(1, 8))):
        assert words in text
    lines = pdf_lines(response.content)
    assert "(1) (2) (3) (4) (5) (6) (7)" in lines
    assert "7 Lĩnh vực khác 5 5 0 0 0" in lines
    assert "Cộng 23 8 10 3 2" in lines
    fonts = pdf_fonts(response.content)
    assert fonts and all(embedded for _name, embedded in fonts)
    assert {name.split("-")[0] for name, _e in fonts} == {"Liberation"}
    info = subprocess.run(["pdfinfo", "-"], input=response.content, capture_output=True, check=True).stdout.decode()
    assert "841.89 x 595.276 pts (A4)" in info  # landscape: wider than high
    assert re.search(r"^Pages:\s+1$", info, re.M)  # the table, its note and the signer on one page


# --- who may download ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["reports:phu_luc_1_xlsx", "reports:phu_luc_1_pdf"])
@pytest.mark.parametrize(("who", "status"), [
    ("economic", 200), ("leader", 200), ("finance", 200), ("superuser", 200),
    ("handler", 403), ("office", 403), ("hd_economic", 404), ("no_profile", 404)])
def test_permission_matrix(client, world, name, who, status):
    assert download(client, getattr(world, who), name, world.hh_conf.pk).status_code == status


def test_anonymous_goes_to_the_login(client, world):
    response = client.get(reverse("reports:phu_luc_1_xlsx", args=[world.hh_conf.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(("who", "status"), [
    ("economic", 200), ("leader", 200), ("finance", 200), ("superuser", 200), ("office", 403),
    ("hd_economic", 404)])
def test_body_year_download(client, world, who, status):
    client.force_login(getattr(world, who))
    response = client.get(reverse("reports:body_phu_luc_1", args=[world.hh.slug, 2026, "xlsx"]))
    assert response.status_code == status
    if status == 200:
        ws = sheet_of(response)
        # The ScopingWorld's own petitions: one with the conference, two received this year without one.
        assert ws["A9"].value.startswith("- Thời gian tổ chức: 08 giờ 00, ngày 18/6/2026")
        assert ws["C21"].value == EXPECTED_TOTAL[0] + 3


def test_view_query_count_does_not_grow_with_petitions(client, world):
    client.force_login(world.economic)
    url = reverse("reports:phu_luc_1_xlsx", args=[world.hh_conf.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    make_petitions(world.hh, world.hh_conf, {(c, Status.ASSIGNED): 30 for c in Category.values})
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert sheet_of(response)["C21"].value == EXPECTED_TOTAL[0] + 1 + 210
    assert len(many.captured_queries) == len(few.captured_queries)


def test_report_page_lists_the_conference_with_its_buttons(client, world):
    client.force_login(world.economic)
    response = client.get(reverse("reports:report_index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("reports:phu_luc_1_xlsx", args=[world.hh_conf.pk]) in html
    assert reverse("reports:phu_luc_1_pdf", args=[world.hh_conf.pk]) in html
    assert reverse("reports:phu_luc_1_xlsx", args=[world.hd_conf.pk]) not in html
    client.force_login(world.office)
    assert client.get(reverse("reports:report_index")).status_code == 403


def test_conference_admin_page_has_the_buttons(client, world):
    client.force_login(world.economic)
    html = client.get(reverse("admin:conferences_conference_change", args=[world.hh_conf.pk])).content.decode()
    assert reverse("reports:phu_luc_1_xlsx", args=[world.hh_conf.pk]) in html
    assert reverse("reports:phu_luc_1_pdf", args=[world.hh_conf.pk]) in html


def test_a_long_list_of_withdrawn_petitions_is_cut_short_with_exact_counts(db):
    body = BodyFactory()
    conference = ConferenceFactory(body=body)
    for _ in range(phu_luc_1.LEFT_OUT_LISTED + 5):
        PetitionFactory(body=body, conference=conference, status=Status.WITHDRAWN, withdrawn_at=timezone.now())
    table = phu_luc_1.conference_table(conference)
    lines = table.note_lines
    assert lines[0].startswith(f"Ghi chú: không tính vào bảng {phu_luc_1.LEFT_OUT_LISTED + 5} kiến nghị")
    assert len(lines) == 1 + phu_luc_1.LEFT_OUT_LISTED + 1
    assert lines[-1] == "- … và 5 kiến nghị khác (xem danh sách kiến nghị chi tiết)."
    assert phu_luc_1.PhuLucITable.from_json(table.to_json()).note_lines == lines
