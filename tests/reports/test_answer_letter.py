"""The written answer to a petition as a letter: its number, addressee and words in the PDF and the DOCX."""

import pytest
from django.urls import reverse
from django.utils import timezone

from petitions.models import Status
from petitions.triage import answers
from petitions.triage import services as triage
from reports.models import DocumentType, IssuedDocumentNumber
from tests.factories import ScopingWorld
from tests.reports.test_documents import docx_text, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return ScopingWorld()


def url(petition, fmt):
    return reverse("reports:petition_answer_letter", args=[petition.pk, fmt])


def sent(world, petition, text="Ủy ban nhân dân xã đã bố trí thêm quầy tiếp nhận hồ sơ đất đai."):
    petition = triage.petition_assign(petition=petition, lead_unit=world.kt, actor=world.economic)
    petition = answers.petition_answer_draft(petition=petition, text=text, actor=world.economic)
    petition = answers.petition_answer_approve(petition=petition, actor=world.economic)
    return answers.petition_answer_send(petition=petition, actor=world.economic)


def test_sending_takes_the_next_letter_number_of_the_body(world):
    first = sent(world, world.p_kt)
    second = sent(world, world.p_pv)
    assert (first.answer_document_number, second.answer_document_number) == ("01/UBND-KT", "02/UBND-KT")
    issued = IssuedDocumentNumber.objects.filter(body=world.hh, doc_type=DocumentType.LETTER)
    assert sorted(issued.values_list("number", flat=True)) == [1, 2]
    assert first.code in issued.get(number=1).title


def test_letter_pdf_has_number_subject_addressee_and_answer(client, world):
    petition = sent(world, world.p_kt)
    client.force_login(world.economic)
    response = client.get(url(petition, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Số: 01/UBND-KT" in text
    assert f"V/v trả lời kiến nghị của {petition.organisation_name}" in text
    assert f"Kính gửi: {petition.organisation_name}" in text
    assert "ỦY BAN NHÂN DÂN XÃ HẢI HƯNG" in text
    assert "bố trí thêm quầy tiếp nhận hồ sơ đất đai" in text
    assert petition.code in text
    day = timezone.localdate(petition.answered_at)
    assert f"Hải Hưng, ngày {day.day:02d} tháng" in text
    assert "Lưu: VT, KT." in text


def test_letter_docx_has_the_same_words(client, world):
    petition = sent(world, world.p_kt)
    client.force_login(world.economic)
    response = client.get(url(petition, "docx"))
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "Số: 01/UBND-KT" in text and f"Kính gửi: {petition.organisation_name}" in text
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


def test_sent_answer_is_resolved(world):
    assert sent(world, world.p_kt).status == Status.RESOLVED
