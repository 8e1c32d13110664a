"""A conference's documents go through the outgoing-documents register: "Soạn văn bản" on the conference's page by
role, the steps on the register's page, the number in the year of issue, the issued file everywhere (conference
page, public folder, API), corrections naming what they replace, the results report's figures frozen for
signature."""

import hashlib

import pytest
from django.urls import reverse
from freezegun import freeze_time

from conferences.models import Conference, Unit
from petitions.models import Status
from reports.documents.numbering import ReportError
from reports.models import OutgoingDocument, OutgoingStatus, ReportSnapshot, ResultsReportFigures
from reports.phu_luc_1.counting import PhuLucITable
from reports.register import services
from reports.register.conference_documents import (
    blocks_text,
    conference_document_draft,
    conference_issued_document,
    text_blocks,
)
from tests.factories import BodyFactory, CityFactory, ConferenceFactory, PetitionFactory, UnitFactory
from tests.reports.conference_register import (
    body_staff,
    issue_conference_document,
    pdf_text,
    through_register,
)
from tests.signing import signed_by

pytestmark = pytest.mark.django_db
S = OutgoingStatus


@pytest.fixture
def conference():
    city = CityFactory(name="thành phố Hải Phòng")
    body = BodyFactory(name="xã Hải Hưng", slug="xa-hai-hung", code_prefix="HH", parent=city, place_name="Hải Hưng")
    UnitFactory(body=body, name="Phòng Kinh tế", code="KT", kind=Unit.Kind.ECONOMIC)
    UnitFactory(body=body, name="Văn phòng HĐND và UBND", code="VP", kind=Unit.Kind.OFFICE)
    return ConferenceFactory(body=body, year=2027, status=Conference.Status.REGISTRATION_OPEN, is_public=True)


@pytest.fixture
def staff(conference):
    return body_staff(conference.body)


def page(client, conference) -> str:
    return client.get(reverse("reports:conference_documents", args=[conference.pk])).content.decode()


def step(client, document, slug, **data):
    response = client.post(reverse("reports:outgoing_document_step", args=[document.pk, slug]), data)
    assert response.status_code == 302
    document.refresh_from_db()
    return document


def test_a_notice_from_the_conference_page_through_every_step_by_role(client, conference, staff):
    new_url = reverse("reports:conference_document_new", args=[conference.pk, "thong-bao"])
    client.force_login(staff.office)
    assert new_url not in page(client, conference)  # Văn phòng reviews and issues, it does not draft
    client.post(new_url)
    assert not OutgoingDocument.objects.exists()
    client.force_login(staff.economic)
    listing = page(client, conference)
    assert new_url in listing and "Lấy số" not in listing
    response = client.post(new_url)
    document = OutgoingDocument.objects.get()
    assert response["Location"] == reverse("reports:outgoing_document", args=[document.pk])
    assert (document.kind, document.status, document.conference) == ("notice", S.DRAFT, conference)
    # Prefilled with the text the portal generates: the drafter edits it in the portal.
    assert "Phụ lục II" in document.text and "http://testserver/xa-hai-hung/hoi-nghi/2027/dang-ky/" in document.text
    assert "Lưu: VT, KT" in document.recipients
    listing = page(client, conference)
    assert reverse("reports:outgoing_document", args=[document.pk]) in listing and "Dự thảo" in listing
    # The steps happen on the register's page, each by its role.
    step(client, document, "trinh")
    client.force_login(staff.leader)
    assert step(client, document, "dat").status == S.UNDER_REVIEW  # Lãnh đạo does not review
    client.force_login(staff.office)
    assert step(client, document, "dat").status == S.AWAITING_SIGNATURE
    client.force_login(staff.leader)
    upload = signed_by(document, staff.leader)
    from django.core.files.uploadedfile import SimpleUploadedFile

    assert step(client, document, "ky", signed_pdf=SimpleUploadedFile("ky.pdf", upload)).status == S.SIGNED
    client.force_login(staff.office)
    with freeze_time("2026-12-05 10:00:00+07:00"):  # the 2027 conference's notice, issued in December 2026
        document = step(client, document, "ban-hanh")
    assert document.status == S.ISSUED
    assert document.number.formatted == "01/TB-UBND" and document.number.year == 2026
    listing = page(client, conference)
    assert "Đã ban hành" in listing and "số 01/TB-UBND, 05/12/2026" in listing
    assert "PDF đã ban hành (01/TB-UBND)" in listing
    # Its DOCX link gave way to the issued PDF, served byte for byte.
    assert reverse("reports:conference_document", args=[conference.pk, "thong-bao", "docx"]) not in listing
    docx = client.get(reverse("reports:conference_document", args=[conference.pk, "thong-bao", "docx"]))
    assert docx.status_code == 302 and docx["Location"].endswith("thong-bao.pdf")
    served = client.get(reverse("reports:conference_document", args=[conference.pk, "thong-bao", "pdf"])).content
    assert served == bytes(document.issued_pdf)
    text = pdf_text(served)
    assert "Số: 01/TB-UBND" in text and "Hải Hưng, ngày 05 tháng 12 năm 2026" in text and "Phụ lục II" in text
    register_page = client.get(reverse("reports:outgoing_document", args=[document.pk])).content.decode()
    assert "Văn bản đã ban hành (PDF)" in register_page and "Tải DOCX" not in register_page


def test_every_kind_of_the_cycle_is_creatable_and_several_of_one_kind_are_allowed(client, conference, staff):
    client.force_login(staff.economic)
    for slug in ("ke-hoach", "thong-bao", "bao-cao-dung-hoan", "giay-moi", "bien-ban", "thong-bao-ket-luan",
                 "thong-bao-ket-qua", "bao-cao-ket-qua"):
        assert client.post(reverse("reports:conference_document_new", args=[conference.pk, slug])).status_code == 302
    client.post(reverse("reports:conference_document_new", args=[conference.pk, "bao-cao-dung-hoan"]))
    kinds = sorted(OutgoingDocument.objects.values_list("kind", flat=True))
    assert kinds == sorted(["plan", "notice", "stop_postpone_report", "stop_postpone_report", "invitation",
                            "minutes", "conclusion", "results_notice", "results_report"])
    assert client.post(reverse("reports:conference_document_new", args=[conference.pk, "khac"])).status_code == 404
    other = ConferenceFactory()
    assert client.post(reverse("reports:conference_document_new", args=[other.pk, "ke-hoach"])).status_code == 404
    # The draft's DOCX, for drafting offline, renders the text as edited in the portal.
    draft = OutgoingDocument.objects.get(kind="minutes")
    response = client.get(reverse("reports:outgoing_document_docx", args=[draft.pk]))
    assert response.status_code == 200 and response.content.startswith(b"PK")


def test_a_correction_names_the_document_it_replaces_and_takes_over(client, conference, staff):
    first = issue_conference_document(conference, "ke-hoach", staff, when="2026-12-01 09:00:00+07:00")
    with pytest.raises(ReportError, match="cùng loại"):
        conference_document_draft(conference=conference, kind="thong-bao", actor=staff.economic, replaces=first)
    client.force_login(staff.economic)
    listing = page(client, conference)
    assert f'<option value="{first.pk}">01/KH-UBND, 01/12/2026</option>' in listing
    client.post(reverse("reports:conference_document_new", args=[conference.pk, "ke-hoach"]),
                {"replaces": first.pk})
    correction = OutgoingDocument.objects.exclude(pk=first.pk).get()
    assert correction.replaces == first and "thay thế văn bản số 01/KH-UBND" in correction.title
    assert conference_issued_document(conference, "ke-hoach") == first  # until the correction is issued
    correction = through_register(correction, staff, when="2026-12-03 09:00:00+07:00")
    assert conference_issued_document(conference, "ke-hoach") == correction
    first.refresh_from_db()
    assert first.status == S.ISSUED and first.number.formatted == "01/KH-UBND"  # never edited
    assert correction.number.formatted == "02/KH-UBND"
    assert "(thay thế văn bản số 01/KH-UBND)" in page(client, conference)
    response = client.post(reverse("reports:conference_document_new", args=[conference.pk, "ke-hoach"]),
                           {"replaces": correction.pk + 999}, follow=True)
    assert "phải là văn bản đã ban hành cùng loại" in response.content.decode()


def test_the_public_folder_serves_exactly_the_issued_file_and_not_unissued_ones(client, conference, staff):
    plan = issue_conference_document(conference, "plan", staff)
    slug = conference.body.slug
    response = client.get(reverse("reports_public:folder_item_pdf", args=[slug, 2027, "noi-dung"]))
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == plan.issued_sha256 == response["X-Content-SHA256"]
    # The notice is drafted, even signed, but not issued: no file, "chưa ban hành".
    notice = conference_document_draft(conference=conference, kind="notice", actor=staff.economic)
    services.outgoing_document_submit(document=notice, actor=staff.economic)
    assert client.get(reverse("reports_public:folder_item_pdf", args=[slug, 2027, "thong-bao"])).status_code == 404
    item = client.get(reverse("reports_public:folder_item", args=[slug, 2027, "thong-bao"])).content.decode()
    assert "Văn bản chưa ban hành." in item
    assert reverse("reports_public:folder_item_pdf", args=[slug, 2027, "thong-bao"]) not in item
    folder = client.get(reverse("reports_public:folder_year", args=[slug, 2027])).content.decode()
    assert reverse("reports_public:folder_item_pdf", args=[slug, 2027, "noi-dung"]) in folder
    assert "văn bản chưa ban hành" in folder
    folder_api = client.get("/api/v1/folders/", {"body": slug, "year": 2027}).json()["results"][0]
    items = {i["item"]: i for i in folder_api["items"]}
    assert items["noi-dung"]["issued"] and items["noi-dung"]["pdf_url"].endswith("/2027/noi-dung.pdf")
    assert not items["thong-bao"]["issued"] and items["thong-bao"]["pdf_url"] is None


def test_the_results_report_figures_are_frozen_when_sent_for_signature(conference, staff):
    Conference.objects.filter(pk=conference.pk).update(status=Conference.Status.CONCLUDED)
    conference.refresh_from_db()
    for _ in range(2):
        PetitionFactory(body=conference.body, conference=conference, status=Status.RESOLVED, answer="Đã giải quyết.")
    report = conference_document_draft(conference=conference, kind="results_report", actor=staff.economic)
    assert report.text == ""  # its figures come from the conference, frozen at signature
    services.outgoing_document_submit(document=report, actor=staff.economic)
    services.outgoing_document_pass(document=report, actor=staff.office, base_url="http://testserver")
    frozen = ResultsReportFigures.objects.get(document=report)
    assert PhuLucITable.from_json(frozen.table).totals[0] == 2
    # A petition received after the report went for signature changes neither the signed file nor the snapshot.
    PetitionFactory(body=conference.body, conference=conference, status=Status.RECEIVED)
    report.refresh_from_db()
    assert "Tổng số kiến nghị đã tiếp nhận: 2;" in pdf_text(bytes(report.frozen_pdf))
    services.outgoing_document_sign(document=report, actor=staff.leader, signed_pdf=signed_by(report, staff.leader))
    with freeze_time("2027-07-01 09:00:00+07:00"):
        report = services.outgoing_document_issue(document=report, actor=staff.office)
    snapshot = ReportSnapshot.objects.get(conference=conference)
    assert snapshot.table == frozen.table and snapshot.in_process == frozen.in_process
    assert snapshot.document_number == report.number and report.number.formatted == "01/BC-UBND"
    assert str(snapshot.submitted_on) == "2027-07-01"
    assert "Tổng số kiến nghị đã tiếp nhận: 2;" in pdf_text(bytes(report.issued_pdf))
    conference.refresh_from_db()
    assert conference.status == Conference.Status.REPORTED


def test_a_returned_results_report_is_frozen_again_at_the_next_sending(conference, staff):
    Conference.objects.filter(pk=conference.pk).update(status=Conference.Status.HELD)
    report = conference_document_draft(conference=conference, kind="results_report", actor=staff.economic)
    services.outgoing_document_submit(document=report, actor=staff.economic)
    services.outgoing_document_pass(document=report, actor=staff.office, base_url="http://testserver")
    services.outgoing_document_return(document=report, actor=staff.leader, comment="Bổ sung số liệu.")
    assert not ResultsReportFigures.objects.filter(document=report).exists()
    PetitionFactory(body=conference.body, conference=conference, status=Status.RECEIVED)
    services.outgoing_document_submit(document=report, actor=staff.economic)
    services.outgoing_document_pass(document=report, actor=staff.office, base_url="http://testserver")
    assert PhuLucITable.from_json(ResultsReportFigures.objects.get(document=report).table).totals[0] == 1


def test_the_generated_text_keeps_headings_tables_and_lines_to_fill(conference):
    from reports.documents import conference as c
    from reports.documents.base import Heading, Item, Paragraph, Table

    PetitionFactory(body=conference.body, conference=conference, organisation_name="Công ty Hoa | Sen",
                    content="Đề nghị rút ngắn thời gian cấp phép.")
    minutes = c.minutes(conference, petitions=conference.petitions.all())
    text = blocks_text(minutes.blocks)
    assert "## I. THÀNH PHẦN" in text and "| TT | Đơn vị kiến nghị | Nội dung kiến nghị | Ý kiến trả lời |" in text
    blocks = text_blocks(text)
    assert [b.text for b in blocks if isinstance(b, Heading)] == [
        "I. THÀNH PHẦN", "II. NỘI DUNG", "III. Ý KIẾN, KIẾN NGHỊ VÀ TRẢ LỜI TẠI HỘI NGHỊ"]
    tables = [b for b in blocks if isinstance(b, Table)]
    assert tables[-1].rows == [["1", "Công ty Hoa / Sen", "Đề nghị rút ngắn thời gian cấp phép.", ""]]
    assert any(isinstance(b, Item) and b.blank_lines == 4 for b in blocks)
    plan = blocks_text(c.plan(conference).blocks)
    assert "**1. Xây dựng Kế hoạch**" in plan
    assert Paragraph("1. Xây dựng Kế hoạch", bold=True) in text_blocks(plan)
    assert text_blocks(blocks_text(blocks)) == blocks  # stable once edited and saved again
