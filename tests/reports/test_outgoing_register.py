"""The outgoing-documents register: the lifecycle by role, numbers in the year of issue, the frozen and issued
files, the register page and its xlsx."""

import datetime
import functools
import hashlib
import io
import re
import subprocess
import tempfile
import threading
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from conferences.models import Unit
from conferences.organisation import roles
from reports.documents.numbering import ReportError, numbering_series
from reports.models import (
    NumberingPolicy,
    OutgoingDocument,
    OutgoingDocumentEvent,
    OutgoingKind,
    OutgoingStatus,
)
from reports.register import services
from tests.conftest import require_service
from tests.factories import BodyFactory, ConferenceFactory, PetitionFactory, UnitFactory, staff_user
from tests.signing import ensure_signing_setup, signed_by

S = OutgoingStatus


def pdf_text(data: bytes, mode: str = "-layout") -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["pdftotext", mode, f.name, "-"], capture_output=True, text=True,
                              check=True).stdout


def number_line(data: bytes) -> str:
    """ "Số: 01/TB-UBND" as printed (the filled number sits in its blank, so pdftotext may put spaces around it)."""
    match = re.search(r"Số:\s*(\d*)\s*/(\S+)", pdf_text(data))
    return f"Số: {match[1]}/{match[2]}" if match[1] else f"Số: /{match[2]}"


class World:
    def __init__(self):
        self.body = BodyFactory()
        self.kt = UnitFactory(body=self.body, code="KT", kind=Unit.Kind.ECONOMIC, name="Phòng Kinh tế")
        self.vp = UnitFactory(body=self.body, code="VP", kind=Unit.Kind.OFFICE, name="Văn phòng")
        self.tc = UnitFactory(body=self.body, code="TC", kind=Unit.Kind.OTHER, name="Phòng Tài chính - Kế hoạch",
                              handles_petitions=True)
        self.economic = staff_user(self.body, "Phòng Kinh tế", unit=self.kt)
        self.handler = staff_user(self.body, "Đơn vị xử lý", unit=self.tc)
        self.office = staff_user(self.body, "Văn phòng", unit=self.vp)
        self.leader = staff_user(self.body, "Lãnh đạo")
        self.leader.first_name, self.leader.last_name = "An", "Nguyễn Văn"
        self.leader.save()
        self.other_body = BodyFactory(name="xã Hà Đông", place_name="Hà Đông")
        self.outsider = staff_user(self.other_body, "Văn phòng", "Lãnh đạo", "Phòng Kinh tế")
        self.conference = ConferenceFactory(body=self.body, year=2027)

    def notice(self, **kw):
        return services.outgoing_document_create(
            body=self.body, kind=OutgoingKind.NOTICE, title="Thông báo tổ chức Hội nghị năm 2027",
            conference=self.conference, actor=self.economic, recipients="Sở Tài chính\nLưu: VT, KT", **kw)

    def letter(self):
        """An answer letter drafted by the unit: its draft answer starts the letter in the register."""
        from petitions.models import Status
        from petitions.triage.answers import petition_answer_draft
        from reports.register.answers import answer_document_current

        petition = PetitionFactory(body=self.body, conference=self.conference, lead_unit=self.tc,
                                   status=Status.ASSIGNED)
        petition = petition_answer_draft(petition=petition, text="Nội dung trả lời.", actor=self.handler)
        return answer_document_current(petition)

    def to_signed(self, document, reviewer=None):
        services.outgoing_document_submit(document=document, actor=self.economic if document.drafted_by_economic
                                          else self.handler)
        services.outgoing_document_pass(document=document, actor=reviewer or self.office,
                                        outcome="resolved" if document.kind == OutgoingKind.ANSWER_LETTER else "")
        return sign(document, self.leader)


def sign(document, leader):
    """Lãnh đạo signs digitally: the frozen file signed with their registered certificate, uploaded."""
    return services.outgoing_document_sign(document=document, actor=leader, signed_pdf=signed_by(document, leader))


@pytest.fixture
def w(db):
    ensure_signing_setup()
    return World()


def test_the_whole_way_records_every_step_and_the_number_is_taken_at_issue(w):
    document = w.notice()
    assert document.status == S.DRAFT and document.number is None
    w.to_signed(document)
    document.refresh_from_db()
    assert document.status == S.SIGNED and document.number is None
    assert document.signer == w.leader and document.signer_name == "Nguyễn Văn An"
    with freeze_time("2026-12-31 10:00:00+07:00"):
        document = services.outgoing_document_issue(document=document, actor=w.office)
    assert document.number.formatted == "01/TB-UBND" and document.number.year == 2026
    assert document.issued_on == datetime.date(2026, 12, 31)
    steps = list(OutgoingDocumentEvent.objects.filter(document=document).values_list("to_status", "actor"))
    assert steps == [(S.DRAFT, w.economic.pk), (S.UNDER_REVIEW, w.economic.pk), (S.AWAITING_SIGNATURE, w.office.pk),
                     (S.SIGNED, w.leader.pk), (S.ISSUED, w.office.pk)]


@pytest.mark.parametrize("conference_year", [2026, 2027])
def test_numbers_run_in_the_year_of_issue_whatever_the_conference_year(w, conference_year):
    w.conference.year = conference_year
    w.conference.save()
    first, second = w.notice(), w.notice()
    for document in (first, second):
        w.to_signed(document)
    with freeze_time("2026-12-31 16:00:00+07:00"):
        first = services.outgoing_document_issue(document=first, actor=w.office)
    with freeze_time("2027-01-02 09:00:00+07:00"):
        second = services.outgoing_document_issue(document=second, actor=w.office)
    assert (first.number.year, first.number.number) == (2026, 1)
    assert (second.number.year, second.number.number) == (2027, 1)
    assert "Hải Hưng, ngày 31 tháng 12 năm 2026" in pdf_text(bytes(first.issued_pdf))
    assert "ngày 02 tháng 01 năm 2027" in pdf_text(bytes(second.issued_pdf))
    assert number_line(bytes(first.issued_pdf)) == number_line(bytes(second.issued_pdf)) == "Số: 01/TB-UBND"


def test_conference_documents_are_numbered_in_the_year_they_are_issued(w):
    from reports.register.conference_documents import conference_document_draft

    document = conference_document_draft(conference=w.conference, kind="thong-bao", actor=w.economic)
    w.to_signed(document)
    with freeze_time("2026-12-05 09:00:00+07:00"):
        issued = services.outgoing_document_issue(document=document, actor=w.office)
    assert w.conference.year == 2027 and issued.number.year == 2026


def test_single_series_setting_takes_effect_on_the_next_first_of_january(w):
    with freeze_time("2026-06-01 09:00:00+07:00"):
        policy = services.numbering_policy_set(body=w.body, single_series=True, actor=w.office)
    assert policy.from_year == 2027
    assert numbering_series(body=w.body, year=2026, doc_type="TB") == "TB"
    assert numbering_series(body=w.body, year=2027, doc_type="TB") == "*"
    with pytest.raises(ReportError):
        services.numbering_policy_set(body=w.body, single_series=False, actor=w.economic)
    notice, letter = w.notice(), w.letter()
    w.to_signed(notice)
    w.to_signed(letter, reviewer=w.economic)
    with freeze_time("2027-01-05 09:00:00+07:00"):
        a = services.outgoing_document_issue(document=notice, actor=w.office)
        b = services.outgoing_document_issue(document=letter, actor=w.office)
    assert [a.number.formatted, b.number.formatted] == ["01/TB-UBND", "02/UBND-TC"]
    assert NumberingPolicy.objects.count() == 1


# Every step, by role: (step, status it is taken from, roles allowed). "drafter" is the document's drafter.
def _bring(w, document, status):
    if status in (S.UNDER_REVIEW, S.AWAITING_SIGNATURE, S.SIGNED):
        services.outgoing_document_submit(document=document, actor=w.economic)
    if status in (S.AWAITING_SIGNATURE, S.SIGNED):
        services.outgoing_document_pass(document=document, actor=w.office)
    if status == S.SIGNED:
        sign(document, w.leader)
    document.refresh_from_db()
    return document


ROLE_CASES = [
    ("submit", S.DRAFT, {"economic"}),
    ("pass", S.UNDER_REVIEW, {"office"}),  # Phòng Kinh tế drafted it: Văn phòng reviews the form
    ("sign", S.AWAITING_SIGNATURE, {"leader"}),
    ("issue", S.SIGNED, {"office"}),
    ("withdraw", S.DRAFT, {"economic", "leader"}),
]


@pytest.mark.parametrize(("step", "status", "allowed"), ROLE_CASES)
@pytest.mark.parametrize("role", ["economic", "handler", "office", "leader", "outsider"])
def test_each_step_is_allowed_to_its_role_only(w, step, status, allowed, role):
    document = _bring(w, w.notice(), status)
    service = getattr(services, f"outgoing_document_{step}")
    if step == "sign":
        signed = signed_by(document, w.leader)
        service = functools.partial(service, signed_pdf=signed)
    if role in allowed:
        service(document=document, actor=getattr(w, role))
        document.refresh_from_db()
        assert document.status != status
    else:
        with pytest.raises(ReportError):
            service(document=document, actor=getattr(w, role))
        document.refresh_from_db()
        assert document.status == status


@pytest.mark.parametrize("role", ["economic", "handler", "office", "leader", "outsider"])
def test_a_units_draft_is_submitted_by_the_unit_and_reviewed_by_phong_kinh_te(w, role):
    letter = w.letter()
    with pytest.raises(ReportError):
        services.outgoing_document_submit(document=letter, actor=w.office)
    services.outgoing_document_submit(document=letter, actor=w.handler)
    actor = getattr(w, role)
    if role == "economic":
        services.outgoing_document_pass(document=letter, actor=actor, outcome="resolved")
        letter.refresh_from_db()
        assert letter.status == S.AWAITING_SIGNATURE
    else:
        with pytest.raises(ReportError):
            services.outgoing_document_pass(document=letter, actor=actor, outcome="resolved")


def test_steps_out_of_order_are_refused(w):
    document = w.notice()
    for step in ("pass", "sign", "issue"):
        with pytest.raises(ReportError, match="Không thể chuyển|Chỉ"):
            getattr(services, f"outgoing_document_{step}")(
                document=document, actor={"pass": w.office, "sign": w.leader, "issue": w.office}[step])
    document.refresh_from_db()
    assert document.status == S.DRAFT


@pytest.mark.parametrize(("status", "who"), [(S.UNDER_REVIEW, "office"), (S.AWAITING_SIGNATURE, "leader")])
def test_a_returned_document_keeps_the_comment_and_shows_it(w, client, status, who):
    document = _bring(w, w.notice(), status)
    with pytest.raises(ReportError):
        services.outgoing_document_return(document=document, actor=getattr(w, who), comment="  ")
    with pytest.raises(ReportError):
        services.outgoing_document_return(document=document, actor=w.handler, comment="Sửa lại")
    services.outgoing_document_return(document=document, actor=getattr(w, who), comment="Sửa lại đoạn 2.")
    document.refresh_from_db()
    assert document.status == S.DRAFT and document.return_comment == "Sửa lại đoạn 2."
    assert document.frozen_pdf is None
    event = document.events.last()
    assert (event.from_status, event.to_status, event.note) == (status, S.DRAFT, "Sửa lại đoạn 2.")
    client.force_login(w.economic)
    page = client.get(reverse("reports:outgoing_document", args=[document.pk])).content.decode()
    assert "Sửa lại đoạn 2." in page


def test_an_issued_document_cannot_change(w):
    document = w.notice()
    w.to_signed(document)
    services.outgoing_document_issue(document=document, actor=w.office)
    for step, actor in (("submit", w.economic), ("pass", w.office), ("sign", w.leader), ("issue", w.office),
                        ("withdraw", w.leader)):
        with pytest.raises(ReportError):
            getattr(services, f"outgoing_document_{step}")(document=document, actor=actor)
    with pytest.raises(ReportError):
        services.outgoing_document_return(document=document, actor=w.leader, comment="Sai")
    with pytest.raises(ReportError):
        services.outgoing_document_update(document=document, actor=w.economic, text="Đổi")
    document.refresh_from_db()
    assert document.status == S.ISSUED and document.number.number == 1


def test_draft_shows_blank_number_and_draft_mark_on_every_page(w, client):
    document = w.notice(text="\n".join(f"Đoạn thứ {i}: nội dung dài để văn bản sang trang." * 3 for i in range(40)))
    client.force_login(w.economic)
    response = client.get(reverse("reports:outgoing_document_pdf", args=[document.pk]))
    pages = [p for p in pdf_text(response.content, "-raw").split("\f") if p.strip()]
    assert len(pages) >= 2
    assert all("DỰ THẢO" in " ".join(page.split()) for page in pages)
    assert number_line(response.content) == "Số: /TB-UBND"


def test_the_frozen_file_is_the_prefix_of_the_issued_file(w, tmp_path):
    document = w.notice()
    w.to_signed(document)
    document.refresh_from_db()
    frozen = bytes(document.frozen_pdf)
    assert document.frozen_sha256 == hashlib.sha256(frozen).hexdigest()
    assert len(document.verification_id) >= 20
    frozen_text = pdf_text(frozen)
    assert "DỰ THẢO" not in pdf_text(frozen, "-raw") and document.verification_id in frozen_text
    assert number_line(frozen) == "Số: /TB-UBND" and "Hải Hưng, ngày" not in frozen_text
    with freeze_time("2026-03-05 09:00:00+07:00"):
        document = services.outgoing_document_issue(document=document, actor=w.office)
    issued = bytes(document.issued_pdf)
    assert issued.startswith(frozen) and len(issued) > len(frozen)
    assert document.issued_sha256 == hashlib.sha256(issued).hexdigest()
    text = pdf_text(issued)
    assert number_line(issued) == "Số: 01/TB-UBND"
    assert "Hải Hưng, ngày 05 tháng 3 năm 2026" in text
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(issued))
    # The frozen file, the signer's signature, then number, date and the body's signature in one revision.
    assert reader.xrefs.total_revisions == 3
    assert [s.signed_revision for s in reader.embedded_regular_signatures] == [1, 2]
    Path(tmp_path / "issued.pdf").write_bytes(issued)


def test_register_page_and_xlsx(w, client):
    issued = w.notice()
    w.to_signed(issued)
    with freeze_time("2026-03-05 09:00:00+07:00"):
        services.outgoing_document_issue(document=issued, actor=w.office)
    formula = services.outgoing_document_create(
        body=w.body, kind=OutgoingKind.PLAN, title="=HYPERLINK(\"http://x\")", actor=w.economic,
        recipients="+Sở Tài chính\n@Lưu")
    other = World.__new__(World)
    services.outgoing_document_create(body=w.other_body, kind=OutgoingKind.PLAN, title="Của xã khác",
                                      actor=w.outsider)
    client.force_login(w.leader)
    page = client.get(reverse("reports:outgoing_register")).content.decode()
    assert "01/TB-UBND" in page and "Thông báo tổ chức Hội nghị năm 2027" in page and "Của xã khác" not in page
    page = client.get(reverse("reports:outgoing_register"), {"status": "issued"}).content.decode()
    assert "01/TB-UBND" in page and "HYPERLINK" not in page
    page = client.get(reverse("reports:outgoing_register"), {"signer": w.leader.pk, "year": 2026,
                                                             "kind": "notice"}).content.decode()
    assert "01/TB-UBND" in page
    response = client.get(reverse("reports:outgoing_register_xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:7] == ("Số và ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung",
                           "Người ký", "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản")
    by_number = {r[0]: r for r in rows[1:]}
    row = by_number["01/TB-UBND"]
    assert row[1].date() == datetime.date(2026, 3, 5) and row[3] == "Nguyễn Văn An" and row[6] == 1
    assert "Sở Tài chính" in row[4] and row[5] == "VT, KT"
    formula_row = next(r for r in rows[1:] if r[0] is None)
    assert formula_row[2] == 'Kế hoạch tổ chức Hội nghị: =HYPERLINK("http://x")'
    assert formula_row[4].startswith("+Sở Tài chính")
    for cells in sheet.iter_rows(min_row=2):
        assert all(c.data_type != "f" for c in cells)
    del other, formula


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_issues_at_once_get_consecutive_distinct_numbers():
    require_service("PostgreSQL", connection.vendor == "postgresql", "row locks need PostgreSQL")
    for role in roles.ALL_ROLES:  # an earlier transactional test may have flushed the migrations' groups
        Group.objects.get_or_create(name=role)
    ensure_signing_setup()
    w = World()
    documents = [w.notice() for _ in range(4)]
    for document in documents:
        w.to_signed(document)
    barrier = threading.Barrier(len(documents))
    errors = []

    def issue(pk):
        try:
            barrier.wait()
            services.outgoing_document_issue(document=OutgoingDocument.objects.get(pk=pk), actor=w.office,
                                             now=timezone.make_aware(datetime.datetime(2026, 5, 4, 9)))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(d.pk,)) for d in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(OutgoingDocument.objects.values_list("number__number", flat=True))
    assert numbers == [1, 2, 3, 4]


def test_admin_creates_through_the_service_and_steps_are_actions(w, client):
    client.force_login(w.economic)
    response = client.post(reverse("admin:reports_outgoingdocument_add"), {
        "kind": "plan", "title": "Kế hoạch tổ chức Hội nghị năm 2027", "text": "Nội dung kế hoạch.",
        "conference": w.conference.pk, "recipients": "Sở Tài chính", "copies": 2,
        "events-TOTAL_FORMS": 0, "events-INITIAL_FORMS": 0})
    assert response.status_code == 302
    document = OutgoingDocument.objects.get(title="Kế hoạch tổ chức Hội nghị năm 2027")
    assert document.body == w.body and document.drafted_by == w.economic and document.copies == 2
    assert document.events.get().to_status == S.DRAFT
    changelist = reverse("admin:reports_outgoingdocument_changelist")
    client.post(changelist, {"action": "action_submit", "_selected_action": [document.pk]})
    client.force_login(w.leader)  # Lãnh đạo cannot pass a draft: the action is not offered to them
    response = client.post(changelist, {"action": "action_pass", "_selected_action": [document.pk]})
    document.refresh_from_db()
    assert document.status == S.UNDER_REVIEW
    client.force_login(w.office)
    client.post(changelist, {"action": "action_pass", "_selected_action": [document.pk]})
    document.refresh_from_db()
    assert document.status == S.AWAITING_SIGNATURE and document.frozen_sha256


def test_the_reviewer_sends_it_to_a_deputy_whose_block_says_kt_chu_tich(w, client):
    deputy = staff_user(w.body, "Lãnh đạo")
    deputy.first_name, deputy.last_name = "Bình", "Trần Thị"  # given name; family and middle names
    deputy.save()
    deputy.staff_profile.position = "Phó Chủ tịch"
    deputy.staff_profile.save()
    document = w.notice()
    services.outgoing_document_submit(document=document, actor=w.economic)
    with pytest.raises(ReportError):
        services.outgoing_document_pass(document=document, actor=w.office, signer=w.economic)
    client.force_login(w.office)
    client.post(reverse("reports:outgoing_document_step", args=[document.pk, "dat"]), {"signer": deputy.pk})
    document.refresh_from_db()
    assert document.status == S.AWAITING_SIGNATURE and document.signer == deputy
    text = " ".join(pdf_text(bytes(document.frozen_pdf)).split())
    assert all(line in text for line in ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Bình"))
    # Links printed in the frozen file use this portal's address as the request reached it.
    assert f"http://testserver/{w.body.slug}/hoi-nghi/2027/dang-ky/" in text
    with pytest.raises(ReportError, match="Trần Thị Bình"):
        sign(document, w.leader)
    sign(document, deputy)
    document.refresh_from_db()
    assert document.status == S.SIGNED and document.signer_title == "Phó Chủ tịch"
