"""Layout that never breaks (issue 17 part 4): every kind of document of the register, rendered with worst-case
values, keeps every word inside the Decree 30 margins (domain.md §5: top and bottom 20 mm, left 30 mm, right
15 mm), read back from the PDF's word boxes (`pdftotext -bbox`)."""

import datetime
import re
import subprocess
import tempfile

import pytest
from django.utils import timezone

from conferences.models import Conference, Participant, Unit
from reports.documents import render_pdf
from reports.register.models import OutgoingDocument, OutgoingKind
from reports.register.rendering import outgoing_document_content
from tests.factories import BodyFactory, CityFactory, ConferenceFactory, PetitionFactory, UnitFactory

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
LEFT, RIGHT, TOP, BOTTOM = 30 * MM, 15 * MM, 20 * MM, 20 * MM
TOLERANCE = 0.5  # points: rounding of the glyph boxes
LONG_WORD = "Siêudàikhôngngắtdòng" * 4  # 80 letters without a space
ORGANISATION = ("Công ty trách nhiệm hữu hạn một thành viên sản xuất thương mại dịch vụ xuất nhập khẩu "
                f"{LONG_WORD} ") * 3
ORGANISATION = ORGANISATION[:250]
SUBJECT = ("đề nghị xem xét, hướng dẫn và giải quyết dứt điểm các vướng mắc về thủ tục đất đai, xây dựng, thuế, "
           "phòng cháy chữa cháy và môi trường của doanh nghiệp ") * 3
SUBJECT = SUBJECT[:300]
RECIPIENTS = "\n".join(f"Phòng, ban, đơn vị nhận văn bản số {i} của Ủy ban nhân dân xã" for i in range(1, 61))


def bbox_html(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as source:
        source.write(pdf)
        source.flush()
        return subprocess.run(["pdftotext", "-bbox", source.name, "-"], capture_output=True, check=True,  # noqa: S603, S607
                              text=True).stdout


def first_page_words(pdf: bytes) -> list[tuple[str, float, float, float, float]]:
    page = re.split(r"<page ", bbox_html(pdf))[1]
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page)]


def words_outside(pdf: bytes) -> list[str]:
    """The words (with page and box) whose box leaves the page's Decree-30 text area; a page number in the top
    margin (digits only, Decree 30 Appendix I) is where it belongs."""
    html = bbox_html(pdf)
    outside = []
    for page_no, page in enumerate(re.split(r"<page ", html)[1:], start=1):
        width, height = (float(v) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        for x0, y0, x1, y1, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page):
            x0, y0, x1, y1 = float(x0), float(y0), float(x1), float(y1)
            if y1 <= TOP and word.strip().isdigit():
                continue
            if (x0 < LEFT - TOLERANCE or x1 > width - RIGHT + TOLERANCE or y0 < TOP - TOLERANCE
                    or y1 > height - BOTTOM + TOLERANCE):
                outside.append(f"p{page_no} {word!r} x {x0:.1f}–{x1:.1f} y {y0:.1f}–{y1:.1f}")
    return outside


@pytest.fixture
def world():
    city = CityFactory(name="thành phố Hải Phòng")
    body = BodyFactory(name="xã Hải Hưng", slug="xa-hai-hung", code_prefix="HH", parent=city,
                       place_name="Hải Hưng", chair_name="Phạm Văn Hạnh", phone="02203123456")
    unit = UnitFactory(body=body, name=f"Trung tâm Phục vụ hành chính công {LONG_WORD}", code="PVHCC")
    UnitFactory(body=body, name="Phòng Kinh tế", code="KT", kind=Unit.Kind.ECONOMIC)
    conference = ConferenceFactory(
        body=body, status=Conference.Status.HELD,
        starts_at=timezone.make_aware(datetime.datetime(2026, 6, 18, 8)),
        venue=f"Hội trường trung tâm xã Hải Hưng {LONG_WORD}", chair_name="Phạm Văn Hạnh", chair_title="Chủ tịch")
    Participant.objects.create(conference=conference, title=f"Đồng chí Bí thư Đảng ủy {LONG_WORD}")
    petitions = [PetitionFactory(body=body, conference=conference, lead_unit=unit, organisation_name=ORGANISATION,
                                 content=f"Đề nghị giải quyết {LONG_WORD} " + SUBJECT, answer_draft=SUBJECT,
                                 status="resolved", answer=f"Đã giải quyết {LONG_WORD}.")
                 for _ in range(3)]
    return body, unit, conference, petitions[0]


@pytest.mark.parametrize("number", [1, 1234])
@pytest.mark.parametrize("kind", OutgoingKind.values)
def test_every_word_stays_inside_the_margins(world, kind, number):
    body, unit, conference, petition = world
    document = OutgoingDocument.objects.create(
        body=body, kind=kind, conference=conference,
        petition=petition if kind in (OutgoingKind.ANSWER_LETTER, OutgoingKind.TRANSFER_LETTER,
                                      OutgoingKind.ESCALATION_LETTER) else None,
        drafting_unit=unit, title=SUBJECT, recipients=RECIPIENTS,
        text="" if kind != OutgoingKind.TRANSFER_LETTER else f"Chuyển kiến nghị {LONG_WORD}.\n{SUBJECT}")
    doc = outgoing_document_content(document, "https://doithoai.example.vn")
    doc.number = number
    doc.date = datetime.date(2026, 12, 31)
    pdf = render_pdf(doc)
    assert words_outside(pdf) == []
    if kind in (OutgoingKind.ANSWER_LETTER, OutgoingKind.TRANSFER_LETTER, OutgoingKind.ESCALATION_LETTER):
        # The V/v line wraps under the number, in the issuer's column (left of the national title, 42 % of the
        # text width), and the national title stays on its line at the top right.
        words = first_page_words(pdf)
        number = next(w for w in words if w[0] == "Số:")
        vv = next(w for w in words if w[0] == "V/v")
        column = LEFT + 0.42 * (A4[0] - LEFT - RIGHT)
        assert vv[2] > number[2] and vv[3] < column
        nation = next(w for w in words if w[0] == "CỘNG")
        assert nation[1] > column - 1 and nation[2] < number[2]
        # Below the number, the words of the issuer's column (the V/v lines) end inside it until the first line
        # across the page; a 300-character subject takes several lines.
        subject_lines = set()
        for word in sorted((w for w in words if w[2] >= vv[2]), key=lambda w: (w[2], w[1])):
            if word[1] >= column - 1:
                continue  # the national column (date line)
            if word[3] > column + TOLERANCE:
                break
            subject_lines.add(round(word[2]))
        assert len(subject_lines) > 3


def test_the_invitation_with_its_list_of_sixty_five_registrants_stays_inside_the_margins(world, tmp_path):
    """Issue 17: one Giấy mời "theo danh sách kèm theo", the list on its own pages after the signer block; a
    household's personal ID is masked in it, a tax code is not."""
    from conferences.models import OrganisationKind
    from tests.factories import RegistrationFactory

    body, unit, conference, _petition = world
    for i in range(65):
        household = i % 5 == 0
        RegistrationFactory(
            conference=conference, organisation_name=f"{i:02d} {ORGANISATION}",
            organisation_kind=OrganisationKind.HOUSEHOLD if household else OrganisationKind.ENTERPRISE,
            identifier_kind="cccd" if household else "mst",
            tax_code=f"0310790{i:05d}" if household else f"02{i:08d}-001",
            address=f"Số {i} đường {LONG_WORD}, thôn Đông, xã Hải Hưng, thành phố Hải Phòng")
    RegistrationFactory(conference=conference, organisation_name="Đã rút đăng ký",
                        withdrawn_at=timezone.now())
    document = OutgoingDocument.objects.create(body=body, kind=OutgoingKind.INVITATION, conference=conference,
                                               title=SUBJECT, recipients=RECIPIENTS)
    doc = outgoing_document_content(document, "https://doithoai.example.vn")
    doc.number, doc.date = 1234, datetime.date(2026, 12, 31)
    pdf = render_pdf(doc)
    (tmp_path / "giay-moi.pdf").write_bytes(pdf)
    assert words_outside(pdf) == []
    pages = re.split(r"<page ", bbox_html(pdf))[1:]
    words_of = [" ".join(re.findall(r">([^<]+)</word>", page)) for page in pages]
    assert "Kính gửi: Các doanh nghiệp, hợp tác xã, hộ kinh doanh (theo danh sách kèm theo)" in words_of[0]
    signer_page = next(i for i, words in enumerate(words_of) if "Phạm Văn Hạnh" in words)
    list_page = next(i for i, words in enumerate(words_of) if "DANH SÁCH" in words)
    assert list_page > signer_page  # the list comes after the signer block, on a page of its own
    listed = " ".join(words_of[list_page:])
    assert "65" in listed.split() and "Đã rút đăng ký" not in listed
    assert "031079000005" not in listed and "*********005" in listed  # the 12-digit IDs masked …
    assert "0200000001-001" in listed  # … the tax codes not
