"""The results report to Sở Tài chính: its deadline, the snapshot frozen at submission, PDF and DOCX."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conferences.models import Conference
from petitions.models import Category, PetitionEvent, Status
from petitions.workflow.services import petition_transition
from reports.documents.numbering import ReportError, document_number_allocate
from reports.models import ReportSnapshot
from reports.phu_luc_1 import counting as phu_luc_1
from reports.phu_luc_1.snapshots import bodies_not_reported, report_due_date, report_submit
from tests.factories import PetitionFactory, ScopingWorld
from tests.reports.test_documents import docx_text, pdf_text

SUBMITTED = datetime.date(2026, 6, 25)


@pytest.fixture
def world(db, calendar_2026):
    w = ScopingWorld()
    w.hh_conf.status = Conference.Status.HELD
    w.hh_conf.save(update_fields=["status"])
    w.open_one = PetitionFactory(body=w.hh, conference=w.hh_conf, category=Category.LAND, status=Status.ASSIGNED,
                                 lead_unit=w.kt, content="Chậm cấp giấy chứng nhận quyền sử dụng đất.")
    PetitionEvent.objects.create(petition=w.open_one, from_status="", to_status=Status.RECEIVED, note="Tiếp nhận")
    PetitionEvent.objects.create(petition=w.open_one, from_status=Status.RECEIVED, to_status=Status.ASSIGNED,
                                 note="Chờ ý kiến Văn phòng đăng ký đất đai.")
    PetitionFactory(body=w.hh, conference=w.hh_conf, category=Category.CAPITAL, status=Status.RESOLVED)
    return w


def test_deadline_is_seven_working_days_after_the_conference(world):
    # Thursday 18/6/2026 + 7 working days (weekends skipped) = Monday 29/6/2026.
    assert report_due_date(world.hh_conf) == datetime.date(2026, 6, 29)


def test_submission_takes_a_report_number_and_freezes_the_numbers(world):
    snapshot = report_submit(conference=world.hh_conf, user=world.economic, submitted_on=SUBMITTED)
    assert snapshot.document_number.formatted == "01/BC-UBND"
    assert snapshot.due_on == datetime.date(2026, 6, 29)
    assert snapshot.on_time is True
    assert snapshot.table == phu_luc_1.conference_table(world.hh_conf).to_json()
    details = {d["code"]: d for d in snapshot.in_process}
    assert set(details) == {world.open_one.code, world.p_kt.code}
    assert "đơn vị chủ trì: Phòng Kinh tế" in details[world.open_one.code]["process"]
    assert details[world.open_one.code]["obstacles"] == "Chờ ý kiến Văn phòng đăng ký đất đai."


def test_a_given_report_number_is_used(world):
    issued = document_number_allocate(body=world.hh, year=2026, doc_type="BC")
    issued = document_number_allocate(body=world.hh, year=2026, doc_type="BC")
    snapshot = report_submit(conference=world.hh_conf, user=world.economic, submitted_on=SUBMITTED, issued=issued)
    assert snapshot.document_number.formatted == "02/BC-UBND"


def test_a_number_of_another_type_or_body_is_refused(world):
    plan = document_number_allocate(body=world.hh, year=2026, doc_type="KH")
    with pytest.raises(ReportError):
        report_submit(conference=world.hh_conf, user=world.economic, submitted_on=SUBMITTED, issued=plan)
    other = document_number_allocate(body=world.hd, year=2026, doc_type="BC")
    with pytest.raises(ReportError):
        report_submit(conference=world.hh_conf, user=world.economic, submitted_on=SUBMITTED, issued=other)


def test_a_date_before_the_conference_is_refused(world):
    with pytest.raises(ReportError, match="trước ngày tổ chức"):
        report_submit(conference=world.hh_conf, user=world.economic, submitted_on=datetime.date(2026, 6, 17))
    assert not ReportSnapshot.objects.exists()


def test_submitting_twice_or_before_the_conference_is_refused(world):
    report_submit(conference=world.hh_conf, user=world.economic, submitted_on=SUBMITTED)
    with pytest.raises(ReportError, match="đã được ghi nhận"):
        report_submit(conference=world.hh_conf, user=world.economic, submitted_on=SUBMITTED)
    with pytest.raises(ReportError, match="chưa được tổ chức"):
        report_submit(conference=world.hd_conf, user=world.hd_economic, submitted_on=SUBMITTED)
    assert ReportSnapshot.objects.count() == 1


def xlsx_totals(response):
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [ws.cell(21, c).value for c in range(3, 8)], ws


def test_downloads_after_submission_do_not_change_when_petitions_do(client, world):
    report_submit(conference=world.hh_conf, user=world.economic, submitted_on=SUBMITTED)
    client.force_login(world.leader)
    url = reverse("reports:phu_luc_1_xlsx", args=[world.hh_conf.pk])
    before, ws = xlsx_totals(client.get(url))
    assert before == [3, 1, 2, 0, 0]
    assert "Hải Hưng, ngày 25 tháng 6 năm 2026" in [ws.cell(r, 4).value for r in range(22, ws.max_row + 1)]
    pdf_before = pdf_text(client.get(reverse("reports:results_report", args=[world.hh_conf.pk, "pdf"])).content)

    petition_transition(petition=world.open_one, to_status=Status.RESOLVED, actor=world.economic)
    PetitionFactory(body=world.hh, conference=world.hh_conf, category=Category.OTHER, status=Status.ESCALATED)

    assert phu_luc_1.conference_table(world.hh_conf).totals == [4, 2, 1, 0, 1]
    after, _ws = xlsx_totals(client.get(url))
    assert after == before
    pdf_after = pdf_text(client.get(reverse("reports:results_report", args=[world.hh_conf.pk, "pdf"])).content)
    assert pdf_after == pdf_before
    assert world.open_one.code in pdf_after
    # as_of still reads the live history.
    live, _ws = xlsx_totals(client.get(url, {"as_of": "2099-12-31"}))
    assert live == [4, 2, 1, 0, 1]


def test_results_report_pdf_and_docx(client, world):
    report_submit(conference=world.hh_conf, user=world.economic, submitted_on=SUBMITTED)
    client.force_login(world.economic)
    pdf = pdf_text(client.get(reverse("reports:results_report", args=[world.hh_conf.pk, "pdf"])).content)
    for words in ("Số: 01/BC-UBND", "Hải Hưng, ngày 25 tháng 6 năm 2026", "BÁO CÁO",
                  "Kính gửi: Sở Tài chính thành phố Hải Phòng", "CÁC KIẾN NGHỊ ĐANG XỬ LÝ",
                  "Quá trình giải quyết:", "Vướng mắc: Chờ ý kiến Văn phòng đăng ký đất đai.", "Đề xuất:",
                  "Cộng 3 1 2 0 0"):
        assert words in pdf
    response = client.get(reverse("reports:results_report", args=[world.hh_conf.pk, "docx"]))
    assert response["Content-Disposition"].startswith("attachment")
    text = docx_text(response.content)
    assert "Số: 01/BC-UBND" in text
    assert "Chậm cấp giấy chứng nhận quyền sử dụng đất." in text
    assert "Quá trình giải quyết:" in text


def test_draft_results_report_before_submission_has_a_blank_number(client, world):
    client.force_login(world.leader)
    pdf = pdf_text(client.get(reverse("reports:results_report", args=[world.hh_conf.pk, "pdf"])).content)
    assert "Số: /BC-UBND" in pdf


def test_report_page_sends_to_the_register_and_shows_the_recorded_report(client, world):
    """No number is taken on the report page: the BC is drafted, signed and issued through the register (whose
    issue records the snapshot, tests/reports/test_conference_documents_register.py); the page links there."""
    client.force_login(world.economic)
    html = client.get(reverse("reports:report_index")).content.decode()
    assert "29/06/2026" in html
    assert reverse("reports:conference_documents", args=[world.hh_conf.pk]) in html
    assert "Soạn báo cáo, trình ký và ban hành" in html
    assert "ghi-nhan-bao-cao" not in html
    from reports.register.conference_documents import conference_document_draft

    document = conference_document_draft(conference=world.hh_conf, kind="bao-cao-ket-qua", actor=world.economic)
    html = client.get(reverse("reports:report_index")).content.decode()
    assert "Báo cáo trong sổ văn bản đi: Dự thảo" in html
    assert reverse("reports:outgoing_document", args=[document.pk]) in html
    report_submit(conference=world.hh_conf, user=world.economic, submitted_on=SUBMITTED)  # a report sent on paper
    html = client.get(reverse("reports:report_index")).content.decode()
    assert "Số 01/BC-UBND ngày" in html


def test_bodies_not_reported(world):
    assert list(bodies_not_reported(world.city, 2026)) == sorted([world.hd, world.hh], key=lambda b: b.name)
    report_submit(conference=world.hh_conf, user=world.economic, submitted_on=SUBMITTED)
    assert list(bodies_not_reported(world.city, 2026)) == [world.hd]
    assert set(bodies_not_reported(world.city, 2027)) == {world.hd, world.hh}


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_clerks_recording_at_the_same_moment_make_one_snapshot():
    import threading

    from django.db import connection

    from tests.conftest import require_service
    from tests.factories import BodyFactory, ConferenceFactory, UserFactory

    require_service("PostgreSQL", connection.vendor == "postgresql",
                    "row locks need PostgreSQL (DATABASE_URL=postgres://…); SQLite runs the sequential tests")
    body = BodyFactory()
    conference = ConferenceFactory(body=body, status=Conference.Status.HELD)
    PetitionFactory(body=body, conference=conference, status=Status.RESOLVED)
    user = UserFactory()
    workers = 4
    barrier = threading.Barrier(workers)
    made, refused, errors = [], [], []

    def submit():
        try:
            barrier.wait()
            made.append(report_submit(conference=conference, user=user, submitted_on=SUBMITTED))
        except ReportError as exc:
            refused.append(exc)
        except Exception as exc:  # a deadlock or an integrity error must fail the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(made) == 1 and len(refused) == workers - 1
    assert ReportSnapshot.objects.filter(conference=conference).count() == 1
    # The refused clerks took no report number: only the snapshot's number was handed out.
    from reports.models import IssuedDocumentNumber

    assert IssuedDocumentNumber.objects.filter(body=body, doc_type="BC").count() == 1


def test_submitted_reports_in_the_admin_are_read_only_and_scoped(client, world):
    report_submit(conference=world.hh_conf, user=world.economic, submitted_on=SUBMITTED)
    changelist = reverse("admin:reports_reportsnapshot_changelist")
    for who, sees in (("leader", True), ("finance", True), ("hd_economic", False)):
        client.force_login(getattr(world, who))
        response = client.get(changelist)
        assert response.status_code == 200
        assert ("01/BC-UBND" in response.content.decode()) is sees
    client.force_login(world.office)
    assert client.get(changelist).status_code == 403
    client.force_login(world.economic)
    assert client.get(reverse("admin:reports_reportsnapshot_add")).status_code == 403


def test_a_concluded_conference_moves_to_reported_with_the_snapshot(world):
    world.hh_conf.status = Conference.Status.CONCLUDED
    world.hh_conf.save(update_fields=["status"])
    report_submit(conference=world.hh_conf, user=world.economic, submitted_on=SUBMITTED)
    world.hh_conf.refresh_from_db()
    assert world.hh_conf.status == Conference.Status.REPORTED
    event = world.hh_conf.events.order_by("-pk").first()
    assert (event.from_status, event.to_status, event.note) == ("concluded", "reported", "Báo cáo số 01/BC-UBND")


def test_a_conference_reported_through_the_lifecycle_counts_as_reported(world):
    world.hd_conf.status = Conference.Status.REPORTED
    world.hd_conf.save(update_fields=["status"])
    assert list(bodies_not_reported(world.city, 2026)) == [world.hh]
