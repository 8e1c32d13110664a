"""The number book in the admin: staff take a number through the service; numbers are never edited."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from reports.documents.numbering import document_number_allocate
from reports.models import IssuedDocumentNumber
from tests.factories import BodyFactory, StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    return BodyFactory()


@pytest.fixture
def clerk(client, body):
    user = UserFactory()
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="reports", codename__in=[
            "view_issueddocumentnumber", "add_issueddocumentnumber", "change_issueddocumentnumber",
            "view_documentnumber"]))
    StaffProfileFactory(user=user, body=body)
    client.force_login(user)
    client.user = user
    return client


def test_clerk_takes_the_next_number(clerk, body):
    document_number_allocate(body=body, year=2026, doc_type="KH")
    response = clerk.post(reverse("admin:reports_issueddocumentnumber_add"), {
        "body": body.pk, "year": 2026, "doc_type": "KH", "title": "Kế hoạch tổ chức hội nghị đối thoại"})
    assert response.status_code == 302
    issued = IssuedDocumentNumber.objects.get(title="Kế hoạch tổ chức hội nghị đối thoại")
    assert issued.formatted == "02/KH-UBND"
    assert issued.issued_by == clerk.user
    page = clerk.get(reverse("admin:reports_issueddocumentnumber_changelist")).content.decode()
    assert "02/KH-UBND" in page and "01/KH-UBND" in page


def test_letter_without_unit_is_refused_and_with_unit_numbered(clerk, body):
    url = reverse("admin:reports_issueddocumentnumber_add")
    response = clerk.post(url, {"body": body.pk, "year": 2026, "doc_type": "CV", "title": "Công văn"})
    assert response.status_code == 200
    assert "Công văn cần ký hiệu đơn vị soạn thảo" in response.content.decode()
    assert not IssuedDocumentNumber.objects.exists()
    clerk.post(url, {"body": body.pk, "year": 2026, "doc_type": "CV", "unit_code": "KT", "title": "Công văn"})
    assert IssuedDocumentNumber.objects.get().formatted == "01/UBND-KT"


def test_clerk_cannot_number_for_another_body_nor_see_its_numbers(clerk, body):
    other = BodyFactory()
    document_number_allocate(body=other, year=2026, doc_type="BC", title="Báo cáo của xã khác")
    response = clerk.post(reverse("admin:reports_issueddocumentnumber_add"),
                          {"body": other.pk, "year": 2026, "doc_type": "KH", "title": "x"})
    assert response.status_code == 200  # the other body is not a valid choice
    assert IssuedDocumentNumber.objects.filter(body=other).count() == 1
    page = clerk.get(reverse("admin:reports_issueddocumentnumber_changelist")).content.decode()
    assert "Báo cáo của xã khác" not in page


def test_a_taken_number_cannot_be_edited(clerk, body):
    issued = document_number_allocate(body=body, year=2026, doc_type="TB", title="Thông báo")
    clerk.post(reverse("admin:reports_issueddocumentnumber_change", args=[issued.pk]),
               {"body": body.pk, "year": 2026, "doc_type": "TB", "title": "Sửa"})
    issued.refresh_from_db()
    assert issued.title == "Thông báo" and issued.number == 1
