"""Detail export of petitions: one row each, formula-looking text kept as text, who may export."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from petitions.models import Category, Status
from reports.exports.petitions import LATE, ON_TIME, OPEN_LATE, on_time_label
from tests.factories import PetitionFactory, ScopingWorld

HEADER = ["Mã kiến nghị", "Nhóm kiến nghị", "Doanh nghiệp / HTX / HKD", "Đơn vị chủ trì", "Trạng thái",
          "Quy tắc tính hạn", "Tiếp nhận", "Hạn trả lời", "Trả lời", "Kết quả (Phụ lục I)", "Đúng hạn"]


@pytest.fixture
def world(db):
    return ScopingWorld()


def export(client, user, world):
    client.force_login(user)
    return client.get(reverse("reports:conference_petitions_xlsx", args=[world.hh_conf.pk]))


def rows_of(response):
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return ws, [[c.value for c in row] for row in ws.iter_rows()]


def test_one_row_per_petition_with_labels(client, world):
    answered = timezone.make_aware(datetime.datetime(2026, 6, 25, 15))
    p = PetitionFactory(body=world.hh, conference=world.hh_conf, category=Category.LAND, status=Status.RESOLVED,
                        lead_unit=world.kt, deadline_rule="after_conference", due_date=datetime.date(2026, 6, 29),
                        answered_at=answered, organisation_name="Công ty Đất Vàng",
                        received_at=timezone.make_aware(datetime.datetime(2026, 6, 1, 9, 30)))
    _ws, rows = rows_of(export(client, world.economic, world))
    assert rows[0] == HEADER
    assert len(rows) == 3  # the header, the ScopingWorld's conference petition and this one
    row = next(r for r in rows if r[0] == p.code)
    assert row[1:6] == ["Đất đai", "Công ty Đất Vàng", "Phòng Kinh tế", "Đã giải quyết triệt để (trả lời tại hội "
                        "nghị hoặc bằng văn bản, đã đóng)", "Trả lời bằng văn bản sau hội nghị"]
    assert row[6] == datetime.datetime(2026, 6, 1, 9, 30)  # local time
    assert row[7].date() == datetime.date(2026, 6, 29)
    assert row[8].date() == datetime.date(2026, 6, 25)
    assert row[9] == "(4) Đã giải quyết triệt để"
    assert row[10] == ON_TIME


def test_formula_looking_text_is_written_as_text(client, world):
    PetitionFactory(body=world.hh, conference=world.hh_conf, organisation_name='=HYPERLINK("http://x.invalid","a")')
    PetitionFactory(body=world.hh, conference=world.hh_conf, organisation_name="@SUM(A1:A2)")
    ws, rows = rows_of(export(client, world.economic, world))
    cells = [c for row in ws.iter_rows(min_col=3, max_col=3) for c in row
             if str(c.value).startswith(("=", "@"))]
    assert len(cells) == 2
    assert all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize(("answered", "due", "today", "label"), [
    (datetime.date(2026, 6, 29), datetime.date(2026, 6, 29), datetime.date(2026, 7, 1), ON_TIME),
    (datetime.date(2026, 6, 30), datetime.date(2026, 6, 29), datetime.date(2026, 7, 1), LATE),
    (None, datetime.date(2026, 6, 29), datetime.date(2026, 6, 30), OPEN_LATE),
    (None, datetime.date(2026, 6, 29), datetime.date(2026, 6, 29), ""),
    (None, None, datetime.date(2026, 6, 29), "")])
def test_on_time_label(answered, due, today, label):
    assert on_time_label(answered=answered, due=due, today=today) == label


def test_query_count_does_not_grow_with_rows(client, world):
    export(client, world.economic, world)
    with CaptureQueriesContext(connection) as few:
        export(client, world.economic, world)
    for i in range(60):
        PetitionFactory(body=world.hh, conference=world.hh_conf, category=i % 7 + 1, lead_unit=world.kt)
    with CaptureQueriesContext(connection) as many:
        response = export(client, world.economic, world)
    assert len(rows_of(response)[1]) == 62
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize(("who", "status"), [
    ("economic", 200), ("leader", 200), ("superuser", 200), ("finance", 403), ("handler", 403), ("office", 403),
    ("hd_economic", 404)])
def test_who_may_export(client, world, who, status):
    assert export(client, getattr(world, who), world).status_code == status


def test_year_export_has_the_petitions_without_a_conference(client, world):
    client.force_login(world.economic)
    response = client.get(reverse("reports:body_petitions_xlsx", args=[world.hh.slug, timezone.localdate().year]))
    codes = {r[0] for r in rows_of(response)[1][1:]}
    assert {world.p_pv.code, world.p_coord.code} <= codes
    assert world.p_hd.code not in codes
    client.force_login(world.hd_economic)
    assert client.get(reverse("reports:body_petitions_xlsx", args=[world.hh.slug, 2026])).status_code == 404


def test_stream_writer_values_round_trip():
    from reports.exports.xlsx_stream import column_letter, write_table

    rows = [("Tên", "Số", "Ngày", "Lúc", "Có"),
            ("A & B <c> \"d\"\x07", 42, datetime.date(2026, 2, 9), datetime.datetime(2026, 6, 1, 17, 45), True),
            ("=1+1", 3.5, None, None, False)]
    content = write_table(rows, sheet_name="Danh sách: kiến nghị", widths=(10, 10, 10, 10, 10))
    workbook = load_workbook(io.BytesIO(content))
    ws = workbook.worksheets[0]
    assert ws.title == "Danh sách- kiến nghị"
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.bold is True
    assert [c.value for c in ws[2]] == ["A & B <c> \"d\"", 42, datetime.datetime(2026, 2, 9),
                                        datetime.datetime(2026, 6, 1, 17, 45), True]
    assert ws["B3"].value == 3.5 and ws["C3"].value is None
    assert ws["A3"].value == "=1+1" and ws["A3"].data_type == "s"
    assert [column_letter(i) for i in (1, 26, 27, 52, 53)] == ["A", "Z", "AA", "AZ", "BA"]


# --- the background export (ExportJob + Celery task, eager in tests) ---------------------------------------


@pytest.fixture
def export_dir(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "exports"


def test_background_export_runs_and_only_its_owner_downloads_it(client, world, export_dir,
                                                                django_capture_on_commit_callbacks):
    from reports.models import ExportJob

    for _ in range(3):
        PetitionFactory(body=world.hh, conference=world.hh_conf)
    client.force_login(world.economic)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:export_create"), {"conference": world.hh_conf.pk})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:export_status", args=[job.pk])
    assert job.status == ExportJob.Status.DONE and job.total_rows == 4 and job.progress == 100
    assert (export_dir / job.file.name).is_file()  # outside MEDIA_ROOT
    page = client.get(reverse("reports:export_status", args=[job.pk])).content.decode()
    assert reverse("reports:export_download", args=[job.pk]) in page
    download = client.get(reverse("reports:export_download", args=[job.pk]))
    content = b"".join(download.streaming_content)
    assert len(rows_of(type("R", (), {"content": content})())[1]) == 5
    client.force_login(world.leader)
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404


def test_background_export_of_a_year_and_progress(world, export_dir):
    from reports.exports.petitions import PetitionExporter
    from reports.exports.services import export_job_execute
    from reports.models import ExportJob

    job = ExportJob.objects.create(user=world.economic, body=world.hh, year=timezone.localdate().year)
    job = export_job_execute(job_id=job.pk)
    assert job.total_rows == 3  # the conference's and the two received this year without one
    seen = []
    list(PetitionExporter(world.hh.petitions.all(), on_progress=seen.append, progress_every=1).rows())
    assert seen == [1, 2, 3]


@pytest.mark.parametrize(("who", "status"), [("finance", 403), ("handler", 403), ("hd_economic", 404)])
def test_background_export_permissions(client, world, export_dir, who, status):
    client.force_login(getattr(world, who))
    assert client.post(reverse("reports:export_create"), {"conference": world.hh_conf.pk}).status_code == status


@pytest.mark.django_db(transaction=True)
def test_background_export_asked_while_the_broker_is_down_keeps_the_job(export_dir):
    from unittest import mock

    from kombu.exceptions import OperationalError

    from reports.exports.services import export_job_create
    from reports.models import ExportJob

    world = ScopingWorld()
    with mock.patch("reports.tasks.export_job_run.delay", side_effect=OperationalError("broker down")):
        job = export_job_create(user=world.economic, body=world.hh, year=2026, conference=world.hh_conf)
    assert ExportJob.objects.get().pk == job.pk
    assert job.status == ExportJob.Status.PENDING
