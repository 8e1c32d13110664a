"""The documents of a conference's cycle: words, numbers given when the register issues them, QR codes, downloads
scoped to the body."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from conferences.lifecycle.services import conference_transition
from conferences.models import Conference, Participant, Unit
from conferences.organisation import roles
from reports.documents import render_html
from reports.documents.conference import notice
from reports.documents.numbering import document_number_allocate
from reports.models import IssuedDocumentNumber, OutgoingDocument
from tests.factories import (
    BodyFactory,
    CityFactory,
    ConferenceFactory,
    PetitionFactory,
    RegistrationFactory,
    StaffProfileFactory,
    UnitFactory,
    UserFactory,
)
from tests.reports import conference_register
from tests.reports.conference_register import body_staff, issue_conference_document
from tests.reports.test_documents import docx_text, pdf_text

pytestmark = pytest.mark.django_db
S = Conference.Status


def local(y, m, d, hh=9, mm=0):
    return timezone.make_aware(datetime.datetime(y, m, d, hh, mm))


@pytest.fixture
def conference():
    city = CityFactory(name="thành phố Hải Phòng")
    body = BodyFactory(name="xã Hải Hưng", slug="xa-hai-hung", code_prefix="HH", parent=city,
                       place_name="Hải Hưng", chair_name="Phạm Văn Hạnh", phone="02203123456")
    UnitFactory(body=body, name="Phòng Kinh tế", code="KT", kind=Unit.Kind.ECONOMIC)
    UnitFactory(body=body, name="Văn phòng HĐND và UBND", code="VP", kind=Unit.Kind.OFFICE)
    conference = ConferenceFactory(body=body, status=S.DRAFT, starts_at=local(2026, 6, 18, 8),
                                   venue="Hội trường trung tâm xã Hải Hưng", chair_name="Phạm Văn Hạnh",
                                   chair_title="Chủ tịch")
    Participant.objects.create(conference=conference, title="Đồng chí Bí thư Đảng ủy, Chủ tịch HĐND xã")
    return conference


@pytest.fixture
def economic(client, conference):
    user = UserFactory(roles=[roles.ECONOMIC])
    StaffProfileFactory(user=user, body=conference.body)
    client.force_login(user)
    return user


@pytest.fixture
def staff(conference):
    return body_staff(conference.body)


def get_pdf(client, conference, kind):
    """The document's PDF: the issued file once issued (its number filled into the blank), else generated."""
    response = client.get(reverse("reports:conference_document", args=[conference.pk, kind, "pdf"]))
    assert response.status_code == 200, response.content[:200]
    return conference_register.pdf_text(response.content)


def test_plan_is_drafted_from_the_settings_and_numbered_when_issued(client, conference, economic, staff):
    with freeze_time(local(2026, 3, 5)):
        document_number_allocate(body=conference.body, year=2026, doc_type="KH", title="Kế hoạch khác")
        conference_transition(conference=conference, to_status=S.PLAN_SENT, plan_number="02/KH-UBND")
    word = docx_text(client.get(reverse("reports:conference_document",
                                        args=[conference.pk, "ke-hoach", "docx"])).content)
    assert "Số:" in word and "/KH-UBND" in word and "02/KH-UBND" not in word  # no number before issue
    assert "III. TỔ CHỨC THỰC HIỆN" in word
    issue_conference_document(conference, "ke-hoach", staff, when="2026-03-05 10:00:00+07:00")
    assert IssuedDocumentNumber.objects.filter(body=conference.body, doc_type="KH").count() == 2
    text = get_pdf(client, conference, "ke-hoach")
    assert "Số: 02/KH-UBND" in text
    assert "Hải Hưng, ngày 05 tháng 3 năm 2026" in text
    assert "KẾ HOẠCH" in text
    assert "tối thiểu 15 doanh nghiệp, hợp tác xã, hộ kinh doanh đăng ký" in text
    assert "tối thiểu 05 kiến nghị" in text
    assert "trước ngày 15/4/2026" in text
    assert "08 giờ 00 phút, thứ Năm, ngày 18 tháng 6 năm 2026" in text
    assert "III. TỔ CHỨC THỰC HIỆN" in text
    assert "Văn phòng HĐND và UBND" in text and "Tham mưu ban hành Thông báo tổ chức Hội nghị" in text
    assert "Đồng chí Bí thư Đảng ủy, Chủ tịch HĐND xã" in text
    assert "Sở Tài chính (báo cáo);" in text and "Phạm Văn Hạnh" in text
    # Once issued, the DOCX gives way to the issued file.
    response = client.get(reverse("reports:conference_document", args=[conference.pk, "ke-hoach", "docx"]))
    assert response.status_code == 302 and response["Location"].endswith("/ke-hoach.pdf")


def test_notice_has_the_registration_page_qr_the_cutoff_and_the_blank_form(client, conference, economic, staff):
    issue_conference_document(conference, "ke-hoach", staff, when="2026-03-05 10:00:00+07:00")
    word = client.get(reverse("reports:conference_document", args=[conference.pk, "thong-bao", "docx"])).content
    assert b"word/media/" in word  # the QR as a picture in the DOCX drafted offline
    issue_conference_document(conference, "thong-bao", staff, when="2026-05-04 10:00:00+07:00")
    text = get_pdf(client, conference, "thong-bao")
    assert "THÔNG BÁO" in text and "Số: 01/TB-UBND" in text
    assert "Thực hiện Kế hoạch số 01/KH-UBND ngày 05/3/2026" in text
    assert "http://testserver/xa-hai-hung/hoi-nghi/2026/dang-ky/" in text
    assert "Phụ lục II" in text
    assert "trước 17 giờ 00 phút ngày 28/5/2026" in text
    assert "Hội trường trung tâm xã Hải Hưng" in text
    html = render_html(notice(conference, registration_url="https://x.vn/xa-hai-hung/hoi-nghi/2026/dang-ky/"))
    assert "<svg" in html and "<path" in html


def test_stop_and_postpone_report_to_the_department(client, conference, economic, staff):
    for _ in range(3):
        registration = RegistrationFactory(conference=conference, received_at=local(2026, 5, 4))
        PetitionFactory(body=conference.body, conference=conference, registration=registration,
                        tax_code=registration.tax_code, received_at=local(2026, 5, 5))
    Conference.objects.filter(pk=conference.pk).update(status=S.CUTOFF_PASSED, plan_number="05/KH-UBND",
                                                       plan_sent_on=datetime.date(2026, 3, 5))
    conference.refresh_from_db()
    with freeze_time(local(2026, 5, 29)):
        conference_transition(conference=conference, to_status=S.NOT_ELIGIBLE)
        conference_transition(conference=conference, to_status=S.POSTPONED, starts_at=local(2026, 9, 17, 8),
                              note="Không đủ số lượng doanh nghiệp đăng ký.")
    issue_conference_document(conference, "bao-cao-dung-hoan", staff, when="2026-05-29 15:00:00+07:00")
    text = get_pdf(client, conference, "bao-cao-dung-hoan")
    assert "BÁO CÁO" in text and "Số: 01/BC-UBND" in text
    assert "Về việc hoãn tổ chức Hội nghị đối thoại" in text
    assert "Kính gửi: Sở Tài chính thành phố Hải Phòng" in text
    assert "03/15" in text and "03/05" in text
    assert "Hội nghị không đủ điều kiện tổ chức theo Kế hoạch." in text
    assert "sang 08 giờ 00 phút, thứ Năm, ngày 17 tháng 9 năm 2026" in text
    assert "lần hoãn thứ 01" in text
    assert "Lý do: Không đủ số lượng doanh nghiệp đăng ký." in text
    with freeze_time(local(2026, 8, 20)):
        conference_transition(conference=conference, to_status=S.STOPPED, note="Vẫn không đủ điều kiện.")
    # The issued postponement report is never edited: the stop report is a second report of the kind.
    assert "Về việc hoãn tổ chức Hội nghị đối thoại" in get_pdf(client, conference, "bao-cao-dung-hoan")
    issue_conference_document(conference, "bao-cao-dung-hoan", staff, when="2026-08-20 15:00:00+07:00")
    assert OutgoingDocument.objects.filter(conference=conference, kind="stop_postpone_report").count() == 2
    text = get_pdf(client, conference, "bao-cao-dung-hoan")
    assert "Số: 02/BC-UBND" in text and "Về việc dừng tổ chức Hội nghị" in text
    assert "03 kiến nghị đã tiếp nhận được trả lời bằng văn bản chậm nhất 07 ngày làm việc" in text


def test_invitation_per_registrant_carries_its_code(client, conference, economic, staff):
    registration = RegistrationFactory(conference=conference, full_name="Nguyễn Văn An", position="Giám đốc",
                                       organisation_name="Công ty TNHH Hải Hưng Xanh")
    issue_conference_document(conference, "giay-moi", staff)
    response = client.get(reverse("reports:registration_invitation", args=[registration.pk, "pdf"]))
    text = pdf_text(response.content)
    assert "GIẤY MỜI" in text and "Số: 01/GM-UBND" in text
    assert "Ông/Bà Nguyễn Văn An, Giám đốc, Công ty TNHH Hải Hưng Xanh" in text
    assert f"Mã đăng ký: {registration.code}" in text
    assert f"giay-moi-{registration.code}.pdf" in response["Content-Disposition"]


def test_minutes_and_conclusion_list_the_petitions(client, conference, economic, staff):
    registration = RegistrationFactory(conference=conference, checked_in_at=local(2026, 6, 18, 7, 45))
    PetitionFactory(body=conference.body, conference=conference, registration=registration,
                    tax_code=registration.tax_code, organisation_name="Công ty Hoa Sen",
                    content="Đề nghị rút ngắn thời gian cấp phép xây dựng.", received_at=local(2026, 5, 5))
    PetitionFactory(body=conference.body, conference=conference, organisation_name="HTX Nông nghiệp Đông",
                    content="Đề nghị hỗ trợ vốn vay.", raised_at_conference=True,
                    received_at=local(2026, 6, 18, 9))
    Conference.objects.filter(pk=conference.pk).update(status=S.HELD)
    minutes = get_pdf(client, conference, "bien-ban")
    assert "BIÊN BẢN" in minutes and "Số: /BB-UBND" in minutes  # no number taken: left blank
    assert "01 đơn vị có mặt / 01 đơn vị đăng ký" in minutes
    assert "Đề nghị rút ngắn thời gian cấp phép xây dựng." in minutes and "HTX Nông nghiệp Đông" in minutes
    assert "THƯ KÝ" in minutes and "CHỦ TRÌ" in minutes
    issue_conference_document(conference, "thong-bao-ket-luan", staff, when="2026-06-22 10:00:00+07:00")
    conclusion = get_pdf(client, conference, "thong-bao-ket-luan")
    assert "Số: 01/TB-UBND" in conclusion
    assert "Kết luận của Chủ tịch Ủy ban nhân dân xã Hải Hưng" in conclusion
    assert "đã tiếp nhận 02 kiến nghị (trong đó 01 kiến nghị nêu tại Hội nghị)" in conclusion
    assert "chậm nhất ngày 29/6/2026" in conclusion  # 7 working days after 18/6 (report and answers)


def test_downloads_are_scoped_and_drafting_needs_the_register(client, conference):
    url = reverse("reports:conference_document", args=[conference.pk, "ke-hoach", "pdf"])
    number_url = reverse("reports:conference_document_new", args=[conference.pk, "ke-hoach"])
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    other = UserFactory(roles=[roles.ECONOMIC])
    StaffProfileFactory(user=other, body=BodyFactory())
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.post(number_url).status_code == 404
    leader = UserFactory(roles=[roles.LEADERSHIP])
    StaffProfileFactory(user=leader, body=conference.body)
    client.force_login(leader)
    assert client.get(url).status_code == 200
    assert client.post(number_url).status_code == 403
    assert client.get(number_url).status_code in (403, 405)
    assert client.get(reverse("reports:conference_document", args=[conference.pk, "khac", "pdf"])).status_code == 404


def test_invitation_to_an_invitee_that_has_not_registered_points_to_the_registration_page(client, conference,
                                                                                          economic):
    from conferences.models import Invitee

    invitee = Invitee.objects.create(conference=conference, organisation_name="Hợp tác xã Đông Hưng",
                                     contact_name="Trần Thị Bình")
    other = Invitee.objects.create(conference=ConferenceFactory(), organisation_name="Công ty khác")
    response = client.get(reverse("reports:invitee_invitation", args=[invitee.pk, "pdf"]))
    text = pdf_text(response.content)
    assert "Kính gửi: Hợp tác xã Đông Hưng" in text
    assert "Ông/Bà Trần Thị Bình, Hợp tác xã Đông Hưng" in text
    assert "http://testserver/xa-hai-hung/hoi-nghi/2026/dang-ky/" in text
    assert "trước ngày 28/5/2026" in text
    assert client.get(reverse("reports:invitee_invitation", args=[other.pk, "pdf"])).status_code == 404


def test_invitations_zip_for_printing_and_no_sending_outside_the_register(client, conference, economic, staff):
    """The per-registrant ZIP stays as a printing aid; sending is the register's (one issued giấy mời, sent with
    each registrant's check-in slip: tests/reports/test_invitation_send.py), not the documents page's."""
    import io
    import zipfile

    first = RegistrationFactory(conference=conference, email="an@example.vn")
    RegistrationFactory(conference=conference, email="")
    RegistrationFactory(conference=conference, email="rut@example.vn", withdrawn_at=local(2026, 5, 1))
    response = client.get(reverse("reports:conference_invitations_zip", args=[conference.pk]))
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert len(names) == 2 and f"giay-moi-{first.code}.pdf" in names
    page = client.get(reverse("reports:conference_documents", args=[conference.pk])).content.decode()
    assert "Gửi giấy mời qua thư điện tử" not in page
    assert "nút “Gửi giấy mời” trên trang văn bản" in page


def test_attendance_list_as_pdf_and_xlsx(client, conference, economic):
    import io

    from openpyxl import load_workbook

    present = RegistrationFactory(conference=conference, organisation_name="Công ty Có Mặt",
                                  checked_in_at=local(2026, 6, 18, 7, 40), phone="0912345678")
    RegistrationFactory(conference=conference, organisation_name="=HYPERLINK(\"x\")")
    RegistrationFactory(conference=conference, organisation_name="Công ty Đã Rút", withdrawn_at=local(2026, 5, 2))
    text = pdf_text(client.get(reverse("reports:conference_attendance", args=[conference.pk, "pdf"])).content)
    assert "DANH SÁCH ĐIỂM DANH" in text and "Có mặt: 01/02 đơn vị đăng ký." in text
    squashed = text.replace(" ", "")  # table cells may wrap
    assert present.code in text and "07:4018/06" in squashed and "Công ty Đã Rút" not in text
    assert "PhạmThịHoa," in squashed and "Ký tên" in text and "0912345678" not in text
    response = client.get(reverse("reports:conference_attendance", args=[conference.pk, "xlsx"]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:3] == ("TT", "Mã đăng ký", "Đơn vị")
    # Formula-looking text is a text cell, shown as typed, without an apostrophe (issue 20 item 10).
    assert {r[2] for r in rows[2:]} == {"Công ty Có Mặt", "=HYPERLINK(\"x\")"}
    assert client.get(f"/reports/conferences/{conference.pk}/diem-danh.html").status_code == 404


def test_results_notice_and_banner(client, conference, economic, staff):
    from petitions.models import Status

    PetitionFactory(body=conference.body, conference=conference, organisation_name="Công ty Hoa Sen",
                    content="Đề nghị rút ngắn thời gian cấp phép.", status=Status.RESOLVED,
                    answer="Đã rút ngắn còn 10 ngày.", answer_document_number="15/UBND-KT",
                    publication_consent=True, publish_answer=True)
    PetitionFactory(body=conference.body, conference=conference, organisation_name="Công ty Rút",
                    content="Nội dung đã rút.", status=Status.WITHDRAWN, withdrawn_at=local(2026, 5, 20))
    issue_conference_document(conference, "thong-bao-ket-qua", staff)
    text = get_pdf(client, conference, "thong-bao-ket-qua")
    assert "Số: 01/TB-UBND" in text
    assert "Kết quả giải quyết kiến nghị của các doanh nghiệp" in text
    assert "kết quả giải quyết 01 kiến nghị" in text
    squashed = text.replace(" ", "")  # table cells wrap: compare without spaces
    assert "Vănbảnsố15/UBND-KT" in squashed and "Đãrútngắncòn10ngày." in squashed
    assert "Nội dung đã rút." not in text
    response = client.get(reverse("reports:conference_document", args=[conference.pk, "maket", "pdf"]))
    banner = pdf_text(response.content)
    assert "HỘI NGHỊ ĐỐI THOẠI VỚI CÁC DOANH NGHIỆP, HỢP TÁC XÃ, HỘ KINH DOANH" in banner
    assert "TRÊN ĐỊA BÀN XÃ HẢI HƯNG NĂM 2026" in banner
    assert "Hải Hưng, ngày 18 tháng 6 năm 2026" in banner
    assert client.post(reverse("reports:conference_document_new", args=[conference.pk, "maket"])).status_code == 404


def test_minutes_carry_the_secretary_left_and_the_chair_right(client, conference, economic):
    # Issue 21 item 11: two signature blocks, THƯ KÝ (left) and CHỦ TRÌ (right), in the PDF and the DOCX.
    import subprocess

    from docx import Document as WordDocument

    Conference.objects.filter(pk=conference.pk).update(status=S.HELD)
    pdf = client.get(reverse("reports:conference_document", args=[conference.pk, "bien-ban", "pdf"])).content
    layout = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                            check=True).stdout.decode()
    line = next(line for line in layout.splitlines() if "THƯ KÝ" in line)
    assert "CHỦ TRÌ" in line and line.index("THƯ KÝ") < line.index("CHỦ TRÌ")
    assert "CHỦ TRÌ HỘI NGHỊ" not in layout
    word = client.get(reverse("reports:conference_document", args=[conference.pk, "bien-ban", "docx"])).content
    import io
    closing = WordDocument(io.BytesIO(word)).tables[-2]
    left, right = closing.rows[0].cells
    assert left.paragraphs[0].text == "THƯ KÝ"
    assert [p.text for p in right.paragraphs if p.text][0] == "CHỦ TRÌ"
