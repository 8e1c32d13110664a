"""The written answer to a petition as a letter: its number, addressee and words in the PDF and the DOCX."""

import pytest
from django.urls import reverse
from django.utils import timezone

from conferences.outbox.models import OutboxMessage
from petitions.models import Status
from petitions.triage import answers
from petitions.triage import services as triage
from reports.models import DocumentType, IssuedDocumentNumber
from reports.register.answers import answer_document_issued
from tests import answer_flow
from tests.factories import ScopingWorld
from tests.reports.test_documents import docx_text, pdf_text
from tests.reports.test_outgoing_register import number_line
from tests.reports.test_outgoing_register import pdf_text as layout_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return ScopingWorld()


def url(petition, fmt):
    return reverse("reports:petition_answer_letter", args=[petition.pk, fmt])


def sent(world, petition, text="Ủy ban nhân dân xã đã bố trí thêm quầy tiếp nhận hồ sơ đất đai."):
    petition = triage.petition_assign(petition=petition, lead_unit=world.kt, actor=world.economic)
    petition, _document = answer_flow.answer_issued(world, petition, text=text)
    return petition


def test_issuing_takes_the_next_letter_number_of_the_body(world):
    first = sent(world, world.p_kt)
    second = sent(world, world.p_pv)
    assert (first.answer_document_number, second.answer_document_number) == ("01/UBND-KT", "02/UBND-KT")
    issued = IssuedDocumentNumber.objects.filter(body=world.hh, doc_type=DocumentType.LETTER)
    assert sorted(issued.values_list("number", flat=True)) == [1, 2]
    assert first.organisation_name in issued.get(number=1).title


def test_the_issued_letter_is_served_byte_for_byte_and_the_business_can_download_it(client, world):
    petition = sent(world, world.p_kt)
    document = answer_document_issued(petition)
    client.force_login(world.economic)
    assert client.get(url(petition, "pdf")).content == bytes(document.issued_pdf)
    assert client.get(url(petition, "docx"))["Location"] == url(petition, "pdf")
    # The business is told with the link to its status page, where the issued letter is.
    email = OutboxMessage.objects.get(related_id=str(petition.pk), channel="email").text
    registration = petition.registration
    status = f"/{world.hh.slug}/tra-cuu/{registration.code}/{registration.secret}/"
    assert f"/tc/{registration.code}/{registration.secret}/" in email  # the short link to the status page
    client.logout()
    page = client.get(status).content.decode()
    download = reverse("reports_public:answer_letter_pdf",
                       args=[world.hh.slug, registration.code, registration.secret, petition.code])
    assert download in page and "Tải Công văn số 01/UBND-KT" in page
    assert client.get(download).content == bytes(document.issued_pdf)
    assert client.get(download.replace(registration.secret, "x" * len(registration.secret))).status_code == 404


def test_the_letter_keeps_its_frame_around_the_text_of_the_register(client, world):
    petition = triage.petition_assign(petition=world.p_kt, lead_unit=world.kt, actor=world.economic)
    answers.petition_answer_draft(petition=petition, text="Nội dung trả lời mới.", actor=world.economic)
    client.force_login(world.economic)
    text = pdf_text(client.get(url(petition, "pdf")).content)
    assert "nhận được kiến nghị" in text and "trả lời như sau" in text and "Nội dung trả lời mới." in text
    assert "Số: 0" not in text  # unnumbered draft


def test_letter_pdf_has_number_subject_addressee_and_answer(client, world):
    petition = sent(world, world.p_kt)
    client.force_login(world.economic)
    response = client.get(url(petition, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert number_line(response.content) == "Số: 01/UBND-KT"
    layout = layout_text(response.content)
    assert f"V/v trả lời kiến nghị của {petition.organisation_name}" in text
    assert f"Kính gửi: {petition.organisation_name}" in text
    assert "ỦY BAN NHÂN DÂN XÃ HẢI HƯNG" in text
    assert "bố trí thêm quầy tiếp nhận hồ sơ đất đai" in text
    assert petition.code in text
    day = timezone.localdate()
    assert f"Hải Hưng, ngày {day.day:02d} tháng" in layout
    assert "Lưu: VT, KT." in text


def test_draft_letter_docx_has_the_same_words(client, world):
    petition = triage.petition_assign(petition=world.p_kt, lead_unit=world.kt, actor=world.economic)
    answers.petition_answer_draft(petition=petition, text="bố trí thêm quầy tiếp nhận hồ sơ đất đai",
                                  actor=world.economic)
    client.force_login(world.economic)
    response = client.get(url(petition, "docx"))
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "/UBND-KT" in text and f"Kính gửi: {petition.organisation_name}" in text
    assert "bố trí thêm quầy tiếp nhận hồ sơ đất đai" in text


def test_draft_letter_has_a_blank_number_for_review(client, world):
    petition = triage.petition_assign(petition=world.p_kt, lead_unit=world.kt, actor=world.economic)
    answers.petition_answer_draft(petition=petition, text="Dự thảo nội dung trả lời.", actor=world.economic)
    client.force_login(world.economic)
    text = pdf_text(client.get(url(petition, "pdf")).content)
    assert "Số:" in text and "/UBND-KT" in text and "Số: 0" not in text
    assert "Dự thảo nội dung trả lời." in text
    assert not IssuedDocumentNumber.objects.exists()


@pytest.mark.parametrize(("who", "petition", "status"), [
    ("handler", "p_kt", 404), ("handler", "p_pv", 200), ("hd_economic", "p_kt", 404), ("office", "p_kt", 403),
    ("leader", "p_kt", 200)])
def test_letter_is_scoped_like_the_petitions(client, world, who, petition, status):
    client.force_login(getattr(world, who))
    assert client.get(url(getattr(world, petition), "docx")).status_code == status


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(url(world.p_kt, "pdf"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_issued_answer_is_resolved(world):
    assert sent(world, world.p_kt).status == Status.RESOLVED


def test_the_review_page_shows_the_letter_as_images_beside_the_petition(client, world):
    from reports.register import services as register
    from reports.register.answers import answer_document_current

    petition = triage.petition_assign(petition=world.p_pv, lead_unit=world.pv, actor=world.economic)
    petition = answers.petition_answer_draft(petition=petition, text="Đã bố trí thêm quầy.", actor=world.handler)
    document = register.outgoing_document_submit(document=answer_document_current(petition), actor=world.handler)
    client.force_login(world.economic)
    page = client.get(reverse("reports:outgoing_document", args=[document.pk])).content.decode()
    image = reverse("reports:outgoing_document_page", args=[document.pk, 1])
    assert f'src="{image}"' in page and petition.content[:40] in page and petition.code in page
    assert 'name="outcome" value="resolved"' in page and 'value="answered_pending"' in page
    png = client.get(image)
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert client.get(reverse("reports:outgoing_document_page", args=[document.pk, 9])).status_code == 404
    # Văn phòng, who issues, does not see the petition file on the page.
    client.force_login(world.office)
    page = client.get(reverse("reports:outgoing_document", args=[document.pk])).content.decode()
    assert petition.content[:40] not in page
    # The pass through the page with its outcome moves the petition to approved.
    client.force_login(world.economic)
    client.post(reverse("reports:outgoing_document_step", args=[document.pk, "dat"]), {"outcome": "answered_pending"})
    petition.refresh_from_db()
    document.refresh_from_db()
    assert petition.status == Status.APPROVED and document.answer_outcome == "answered_pending"
