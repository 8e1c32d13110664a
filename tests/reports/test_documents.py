"""Decree-30 documents: words, number and date line read back from the PDF and the DOCX; the embedded font."""

import datetime
import io
import subprocess

import pytest
from django.contrib.auth.models import Permission
from django.core.checks import run_checks
from django.urls import reverse
from django.utils import timezone
from docx import Document as WordDocument

from conferences.organisation.roles import ECONOMIC
from reports.documents import (
    Document,
    Heading,
    Issuer,
    Paragraph,
    Signer,
    Table,
    find_font_family,
    format_date_line,
    format_number_line,
    official_document,
    render_docx,
    render_pdf,
    static_file_fetcher,
)
from reports.documents.numbering import document_number_allocate
from reports.documents.pdf import BASE_URL
from reports.documents.phu_luc_2 import phu_luc_2
from tests.factories import (
    BodyFactory,
    ConferenceFactory,
    PetitionFactory,
    RegistrationFactory,
    StaffProfileFactory,
    UserFactory,
)

LIBERATION = "/usr/share/fonts/truetype/liberation2"
CROSCORE = "/usr/share/fonts/truetype/croscore"


def pdf_text(pdf: bytes) -> str:
    """The PDF's words as pdftotext reads them, whitespace collapsed."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def pdf_fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(font name without subset prefix, embedded?) for every font of the PDF, from pdffonts."""
    out = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    fonts = []
    for line in out.splitlines()[2:]:
        columns = line.split()
        name = columns[0].split("+", 1)[-1]
        # The last columns are: emb sub uni object-number generation.
        fonts.append((name, columns[-5] == "yes"))
    return fonts


def docx_text(content: bytes) -> str:
    """Every paragraph of the DOCX, body and table cells, in order, whitespace collapsed."""
    word = WordDocument(io.BytesIO(content))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return " ".join(" ".join(parts).split())


def docx_runs(content: bytes):
    word = WordDocument(io.BytesIO(content))
    paragraphs = list(word.paragraphs)
    for table in word.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    return [run for p in paragraphs for run in p.runs if run.text.strip()]


# --- the formatting rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("number", "symbol", "line"), [
    (5, "KH-UBND", "Số: 05/KH-UBND"), (9, "BC-UBND", "Số: 09/BC-UBND"), (10, "TB-UBND", "Số: 10/TB-UBND"),
    (12, "UBND-KT", "Số: 12/UBND-KT"), (123, "GM-UBND", "Số: 123/GM-UBND")])
def test_number_line_has_a_leading_zero_below_ten(number, symbol, line):
    assert format_number_line(number, symbol) == line


@pytest.mark.parametrize(("date", "line"), [
    (datetime.date(2026, 3, 5), "Hải Hưng, ngày 05 tháng 3 năm 2026"),
    (datetime.date(2026, 2, 9), "Hải Hưng, ngày 09 tháng 02 năm 2026"),
    (datetime.date(2026, 1, 15), "Hải Hưng, ngày 15 tháng 01 năm 2026"),
    (datetime.date(2026, 11, 24), "Hải Hưng, ngày 24 tháng 11 năm 2026"),
    (datetime.date(2026, 10, 1), "Hải Hưng, ngày 01 tháng 10 năm 2026")])
def test_date_line_leading_zero_for_days_below_ten_and_months_one_and_two(date, line):
    assert format_date_line("Hải Hưng", date) == line


def test_recipients_end_with_semicolons_and_a_full_stop():
    doc = Document(title="x", filename="x", recipients=["Sở Tài chính;", "Các phòng chuyên môn", "Lưu: VT, KT."])
    assert doc.recipient_lines == ["- Sở Tài chính;", "- Các phòng chuyên môn;", "- Lưu: VT, KT."]


# --- a Decree-30 document from a body ---------------------------------------------------------------------


@pytest.fixture
def body(db):
    return BodyFactory()


def plan_document(body, number=5):
    return Document(
        title="Kế hoạch",
        subtitle="Tổ chức Hội nghị đối thoại với các doanh nghiệp, hợp tác xã, hộ kinh doanh trên địa bàn xã Hải Hưng",
        filename="ke-hoach",
        issuer=Issuer.from_body(body),
        number=number,
        symbol="KH-UBND",
        place=body.place_name,
        date=datetime.date(2026, 3, 5),
        blocks=[
            Heading("I. MỤC ĐÍCH, YÊU CẦU"),
            Paragraph("Tuyên truyền, phổ biến, cập nhật các thông tin về tình hình phát triển kinh tế - xã hội."),
            Table(["TT", "Nội dung", "Người thực hiện"], [["1", "Đón tiếp đại biểu", "Văn phòng HĐND và UBND xã"]]),
        ],
        signer=Signer.for_body(body),
        recipients=["Sở Tài chính", "Thường trực Đảng ủy, HĐND xã", "Lưu: VT, KT"],
    )


def letter_document(body):
    return Document(
        title="", filename="cong-van", issuer=Issuer.from_body(body), number=12, symbol="UBND-KT",
        subject="tổ chức Hội nghị đối thoại doanh nghiệp năm 2026", place=body.place_name,
        date=datetime.date(2026, 2, 9), addressees=["Sở Tài chính thành phố Hải Phòng"],
        blocks=[Paragraph("Ủy ban nhân dân xã Hải Hưng báo cáo như sau.")],
        signer=Signer(on_behalf="KT. CHỦ TỊCH", title="PHÓ CHỦ TỊCH", name="Lê Văn Bình"),
        recipients=["Như trên", "Lưu: VT, KT"])


PLAN_WORDS = [
    "UBND THÀNH PHỐ HẢI PHÒNG", "ỦY BAN NHÂN DÂN XÃ HẢI HƯNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc", "Số: 05/KH-UBND", "Hải Hưng, ngày 05 tháng 3 năm 2026", "KẾ HOẠCH",
    "Tổ chức Hội nghị đối thoại", "I. MỤC ĐÍCH, YÊU CẦU", "Đón tiếp đại biểu", "Nơi nhận:", "- Sở Tài chính;",
    "- Lưu: VT, KT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An",
]


def test_plan_pdf_reads_back_header_number_date_title_signer_recipients(body):
    text = pdf_text(render_pdf(plan_document(body)))
    for words in PLAN_WORDS:
        assert words in text, words


def test_plan_docx_has_the_same_words_in_times_new_roman_on_a4(body):
    content = render_docx(plan_document(body))
    text = docx_text(content)
    for words in PLAN_WORDS:
        assert words in text, words
    runs = docx_runs(content)
    assert runs and {run.font.name for run in runs} == {"Times New Roman"}
    section = WordDocument(io.BytesIO(content)).sections[0]
    # Word stores twentieths of a point: compare in whole millimetres.
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    bold = {run.text for run in runs if run.bold}
    assert "ỦY BAN NHÂN DÂN XÃ HẢI HƯNG" in bold and "UBND THÀNH PHỐ HẢI PHÒNG" not in bold
    assert "Nguyễn Văn An" in bold


@pytest.mark.parametrize("render", [render_pdf, render_docx], ids=["pdf", "docx"])
def test_letter_has_number_without_type_code_and_subject_line(body, render):
    content = render(letter_document(body))
    text = pdf_text(content) if render is render_pdf else docx_text(content)
    for words in ["Số: 12/UBND-KT", "V/v tổ chức Hội nghị đối thoại doanh nghiệp năm 2026",
                  "Hải Hưng, ngày 09 tháng 02 năm 2026", "Kính gửi: Sở Tài chính thành phố Hải Phòng",
                  "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Bình", "- Như trên;", "- Lưu: VT, KT."]:
        assert words in text, words


@pytest.mark.parametrize("render", [render_pdf, render_docx], ids=["pdf", "docx"])
def test_official_document_takes_its_number_from_the_numbering_service(body, render):
    document_number_allocate(body=body, year=2026, doc_type="TB")
    issued = document_number_allocate(body=body, year=2026, doc_type="TB", title="Thông báo kết luận")
    doc = official_document(body=body, title="Thông báo", subtitle="Kết luận của Chủ tịch UBND xã tại Hội nghị",
                            filename="tb", issued=issued, date=datetime.date(2026, 7, 2),
                            blocks=[Paragraph("Ngày 18 tháng 6 năm 2026, UBND xã tổ chức Hội nghị.")],
                            recipients=["Sở Tài chính", "Lưu: VT, KT"])
    content = render(doc)
    text = pdf_text(content) if render is render_pdf else docx_text(content)
    for words in ["Số: 02/TB-UBND", "Hải Hưng, ngày 02 tháng 7 năm 2026", "THÔNG BÁO",
                  "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An", "- Lưu: VT, KT."]:
        assert words in text, words


def test_unnumbered_document_leaves_the_number_blank(body):
    doc = official_document(body=body, title="Kế hoạch", filename="kh", symbol="KH-UBND")
    text = pdf_text(render_pdf(doc))
    assert "Số: /KH-UBND" in text
    assert f"Hải Hưng, ngày tháng năm {timezone.localdate().year}" in text


# --- fonts ------------------------------------------------------------------------------------------------


def test_pdf_embeds_liberation_serif_and_never_dejavu(body, settings):
    settings.DOCUMENT_FONT_DIRS = [LIBERATION]
    fonts = pdf_fonts(render_pdf(plan_document(body)))
    names = {name for name, _embedded in fonts}
    assert names and all(embedded for _name, embedded in fonts)
    assert all(name.replace("-", "").startswith("LiberationSerif") for name in names), names
    assert not any("DejaVu" in name for name in names)
    assert {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic"} <= names


def test_tinos_is_used_when_liberation_serif_is_absent(body, settings, tmp_path):
    settings.DOCUMENT_FONT_DIRS = [str(tmp_path), CROSCORE]
    fonts = pdf_fonts(render_pdf(plan_document(body)))
    assert fonts and all(name.startswith("Tinos") for name, _embedded in fonts)


def test_missing_fonts_are_a_system_check_error_and_never_a_silent_fallback(body, settings, tmp_path):
    settings.DOCUMENT_FONT_DIRS = [str(tmp_path)]
    assert find_font_family() is None
    assert "dialogue_portal.E010" in [e.id for e in run_checks()]
    with pytest.raises(RuntimeError):
        render_pdf(plan_document(body))
    settings.DOCUMENT_FONT_DIRS = [LIBERATION]
    assert "dialogue_portal.E010" not in [e.id for e in run_checks()]


# --- the URL fetcher --------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["http://example.com/logo.png", "https://127.0.0.1:8000/admin/",
                                 "file:///etc/passwd", f"{BASE_URL}media/registrations/1.pdf",
                                 f"{BASE_URL}static/../../etc/passwd", "data:text/plain,hello"])
def test_fetcher_refuses_anything_but_local_static_files(url):
    with pytest.raises(ValueError):
        static_file_fetcher().fetch(url)


def test_fetcher_serves_static_files_and_the_font():
    fetcher = static_file_fetcher()
    assert b"<svg" in fetcher.fetch(f"{BASE_URL}static/img/favicon.svg").read()
    font = find_font_family().files["regular"]
    assert fetcher.fetch(font.as_uri()).read()[:4] in {b"\x00\x01\x00\x00", b"true"}


# --- Phụ lục II ---------------------------------------------------------------------------------------------

FORM_WORDS = [
    "Phụ lục II", "PHIẾU ĐĂNG KÝ THAM DỰ HỘI NGHỊ ĐỐI THOẠI VỚI", "CÁC DOANH NGHIỆP, HỢP TÁC XÃ, HỘ KINH DOANH",
    "TRÊN ĐỊA BÀN XÃ HẢI HƯNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Kính gửi: Ủy ban nhân dân xã Hải Hưng",
    "Họ và tên:", "Chức vụ:", "Doanh nghiệp/hợp tác xã/Hộ kinh doanh cá thể:", "Điện thoại liên hệ:", "Địa chỉ:",
    "Đăng ký tham gia Hội nghị đối thoại với Lãnh đạo Ủy ban nhân dân xã Hải Hưng các nội dung sau:",
    "1. Kiến nghị khó khăn, vướng mắc về vốn", "6. Kiến nghị khó khăn, vướng mắc về thủ tục đất đai",
    "7. Kiến nghị khó khăn, vướng mắc về lĩnh vực khác", "8. Đề xuất giải pháp tháo gỡ khó khăn, vướng mắc:",
    "NGƯỜI ĐĂNG KÝ", "(Ký, ghi rõ họ tên hoặc đóng dấu)",
]


@pytest.mark.django_db
@pytest.mark.parametrize("render", [render_pdf, render_docx], ids=["pdf", "docx"])
def test_blank_phu_luc_2(render):
    conference = ConferenceFactory()
    content = render(phu_luc_2(conference))
    text = pdf_text(content) if render is render_pdf else docx_text(content)
    for words in FORM_WORDS:
        assert words in text, words
    assert "Kèm theo Kế hoạch số" in text and "/KH-UBND" in text
    assert "Hải Phòng, ngày" in text and "năm 2026" in text


@pytest.mark.django_db
@pytest.mark.parametrize("render", [render_pdf, render_docx], ids=["pdf", "docx"])
def test_phu_luc_2_filled_with_a_registration_and_its_petitions(render):
    registration = RegistrationFactory()
    conference = registration.conference
    plan = document_number_allocate(body=conference.body, year=2026, doc_type="KH", conference=conference)
    land = PetitionFactory(conference=conference, registration=registration, category=6,
                           content="Chậm cấp giấy chứng nhận quyền sử dụng đất cho nhà xưởng.",
                           proposed_solution="Rút ngắn thời gian giải quyết hồ sơ đất đai.")
    capital = PetitionFactory(conference=conference, registration=registration, category=1,
                              content="Khó tiếp cận vốn vay ưu đãi.")
    content = render(phu_luc_2(conference, registration=registration, petitions=[capital, land], plan=plan))
    text = pdf_text(content) if render is render_pdf else docx_text(content)
    for words in FORM_WORDS + [
        "Họ và tên: Phạm Thị Hoa", "Chức vụ: Giám đốc", "Công ty TNHH Thương mại Hải Hưng",
        "Điện thoại liên hệ: 0912345678", "Thôn Đông, xã Hải Hưng",
        "Hải Phòng, ngày 04 tháng 5 năm 2026", "Phạm Thị Hoa",
        f"Kèm theo Kế hoạch số 01/KH-UBND ngày {plan.issued_at.astimezone().day:02d}",
    ]:
        assert words in text, words
    # Each petition stands under its own category; the proposed solution under item 8.
    assert text.index("1. Kiến nghị khó khăn, vướng mắc về vốn") < text.index("Khó tiếp cận vốn vay ưu đãi.") \
        < text.index("2. Kiến nghị khó khăn, vướng mắc về lãi suất")
    assert text.index("6. Kiến nghị khó khăn, vướng mắc về thủ tục đất đai") < text.index(
        "Chậm cấp giấy chứng nhận") < text.index("7. Kiến nghị khó khăn")
    assert text.index("8. Đề xuất giải pháp") < text.index("Rút ngắn thời gian giải quyết hồ sơ đất đai.")
    if render is render_pdf:
        assert not any("DejaVu" in name for name, _embedded in pdf_fonts(content))


# --- staff URLs ---------------------------------------------------------------------------------------------


def staff_client(client, body, *codenames, roles=()):
    user = UserFactory(roles=list(roles))
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    StaffProfileFactory(user=user, body=body)
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(("fmt", "content_type", "magic"), [
    ("pdf", "application/pdf", b"%PDF"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK")])
def test_staff_download_the_blank_form(client, fmt, content_type, magic):
    conference = ConferenceFactory()
    staff_client(client, conference.body, "view_conference")
    response = client.get(reverse("reports:conference_phu_luc_2", args=[conference.pk, fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.content.startswith(magic)
    assert f"phu-luc-2-{conference.body.slug}-2026.{fmt}" in response["Content-Disposition"]


@pytest.mark.django_db
def test_staff_download_a_filled_form(client):
    registration = RegistrationFactory()
    PetitionFactory(conference=registration.conference, registration=registration, category=3,
                    content="Lãi suất tín dụng cao.")
    staff_client(client, registration.conference.body, roles=[ECONOMIC])
    response = client.get(reverse("reports:registration_phu_luc_2", args=[registration.pk, "pdf"]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Họ và tên: Phạm Thị Hoa" in text and "Lãi suất tín dụng cao." in text


@pytest.mark.django_db
def test_permission_matrix(client):
    conference = ConferenceFactory()
    registration = RegistrationFactory(conference=conference)
    urls = [reverse("reports:conference_phu_luc_2", args=[conference.pk, "pdf"]),
            reverse("reports:registration_phu_luc_2", args=[registration.pk, "docx"])]
    for url in urls:  # anonymous: to the login page
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    staff_client(client, conference.body)  # own body, no permission
    assert [client.get(url).status_code for url in urls] == [403, 403]
    staff_client(client, BodyFactory(), roles=[ECONOMIC])  # another body
    assert [client.get(url).status_code for url in urls] == [404, 404]
    staff_client(client, conference.body, roles=[ECONOMIC])
    assert [client.get(url).status_code for url in urls] == [200, 200]
    assert client.get(f"/reports/conferences/{conference.pk}/phu-luc-2.html").status_code == 404
