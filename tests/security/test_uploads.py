"""Attachments: count and size limits, type read from the content on every upload path (public form and admin),
and served only to authorised staff through the download view, under a server-chosen name."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from freezegun import freeze_time

from conferences.models import AuditEntry, Registration
from petitions.models import Attachment, Category
from petitions.registration.services import PetitionInput, registration_submit
from petitions.workflow.services import PetitionError
from tests.factories import ScopingWorld, UpcomingConferenceFactory
from tests.security.forms import form_data

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
EXE = b"MZ\x90\x00\x03\x00\x00\x00 this program cannot be run in DOS mode"
HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world():
    return ScopingWorld()


def stored(petition, content=PDF, name="don.pdf", content_type="application/pdf"):
    row = Attachment(petition=petition, original_name=name, content_type=content_type, size=len(content))
    row.file.save(name, ContentFile(content), save=True)
    return row


# ---- The public form: a count limit per submission on top of the existing size and type checks.

@pytest.fixture
def _frozen():
    with freeze_time(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        yield


def public_data(rows: int):
    data = {
        "form_token": "tok-uploads", "full_name": "Trần Thị Bình", "position": "Chủ hộ",
        "organisation_name": "Cơ sở may Bình An", "organisation_kind": "DN", "tax_code": "0312687878",
        "phone": "0912 345 678", "email": "", "address": "Thôn Tây", "attending": "yes", "notify_sms": "on",
        "consent": "on", "petitions-TOTAL_FORMS": str(rows), "petitions-INITIAL_FORMS": "0",
    }
    for i in range(rows):
        data[f"petitions-{i}-category"] = "5"
        data[f"petitions-{i}-content"] = f"Nội dung kiến nghị số {i + 1} cần giữ lại."
        data[f"petitions-{i}-attachment"] = SimpleUploadedFile(f"giay-to-{i}.pdf", PDF)
    return data


@pytest.mark.usefixtures("_frozen")
def test_too_many_files_in_one_submission_are_refused_and_the_text_kept(client, settings):
    settings.PETITION_ATTACHMENT_MAX_PER_SUBMISSION = 2
    settings.REGISTRATION_RATE_LIMIT = ""
    conference = UpcomingConferenceFactory()
    response = client.post(f"/{conference.body.slug}/hoi-nghi/{conference.year}/dang-ky/", public_data(3))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tối đa 2 tệp đính kèm trong một lần gửi (bạn đã chọn 3 tệp)." in html
    assert "Nội dung kiến nghị số 3 cần giữ lại." in html and "Cơ sở may Bình An" in html
    assert Registration.objects.count() == 0 and Attachment.objects.count() == 0


def test_the_submission_service_refuses_too_many_files_per_petition(settings):
    settings.PETITION_ATTACHMENT_MAX_PER_PETITION = 1
    conference = UpcomingConferenceFactory()
    files = [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)]
    with pytest.raises(PetitionError, match="Mỗi kiến nghị có tối đa 1 tệp đính kèm"):
        registration_submit(conference=conference, form_token="tok-svc", full_name="A", organisation_name="B",
                            organisation_kind="DN", identifier_kind="mst", tax_code="0312687878", phone="0912345678",
                            petitions=[PetitionInput(category=Category.LAND, content="Đất", files=files)],
                            consent_version="v1", consented_at=datetime.datetime.now(datetime.UTC))
    assert Registration.objects.count() == 0


def test_the_submission_service_checks_the_content_of_files_it_was_not_told_about():
    conference = UpcomingConferenceFactory()
    with pytest.raises(PetitionError, match="không phải tệp PDF"):
        registration_submit(conference=conference, form_token="tok-svc2", full_name="A", organisation_name="B",
                            organisation_kind="DN", identifier_kind="mst", tax_code="0312687878", phone="0912345678",
                            petitions=[PetitionInput(category=Category.LAND, content="Đất",
                                                     files=[SimpleUploadedFile("hoa-don.pdf", EXE)])],
                            consent_version="v1", consented_at=datetime.datetime.now(datetime.UTC))
    assert Attachment.objects.count() == 0


# ---- The admin's upload path: the same checks.

def admin_post(client, petition, *files, draft="Dự thảo trả lời đang gõ dở, không được mất."):
    url = reverse("admin:petitions_petition_change", args=[petition.pk])
    data = form_data(client.get(url).content.decode(), "petition_form")
    data["answer_draft"] = draft
    start = int(data["attachments-TOTAL_FORMS"])
    for i, upload in enumerate(files, start=start):
        data[f"attachments-{i}-file"] = upload
        data[f"attachments-{i}-petition"] = str(petition.pk)
    data["attachments-TOTAL_FORMS"] = str(start + len(files))
    return client.post(url, data)


@pytest.mark.parametrize("name,content", [("hoa-don.pdf", EXE), ("thu-moi.pdf", HTML), ("anh.png", PDF)])
def test_admin_refuses_a_disguised_upload_and_keeps_what_was_typed(client, world, name, content):
    client.force_login(world.economic)
    response = admin_post(client, world.p_kt, SimpleUploadedFile(name, content, content_type="application/pdf"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Tệp “{name}” không phải tệp PDF, JPG, PNG hoặc DOCX hợp lệ" in html
    assert "Dự thảo trả lời đang gõ dở, không được mất." in html
    assert not Attachment.objects.exists()
    world.p_kt.refresh_from_db()
    assert world.p_kt.answer_draft == ""


def test_admin_refuses_an_oversized_upload(client, world, settings):
    settings.PETITION_ATTACHMENT_MAX_BYTES = 1024
    client.force_login(world.economic)
    response = admin_post(client, world.p_kt, SimpleUploadedFile("lon.pdf", PDF + b"\0" * 2048))
    assert response.status_code == 200
    assert "Tệp “lon.pdf” quá lớn" in response.content.decode()
    assert not Attachment.objects.exists()


def test_admin_refuses_more_files_than_a_petition_may_hold(client, world, settings):
    settings.PETITION_ATTACHMENT_MAX_PER_PETITION = 2
    stored(world.p_kt)
    client.force_login(world.economic)
    response = admin_post(client, world.p_kt, SimpleUploadedFile("b.pdf", PDF), SimpleUploadedFile("c.png", PNG))
    assert response.status_code == 200
    assert "Mỗi kiến nghị có tối đa 2 tệp đính kèm." in response.content.decode()
    assert Attachment.objects.count() == 1


def test_admin_upload_takes_its_type_from_the_content_and_is_audited(client, world):
    client.force_login(world.handler)  # a unit handler adds files to its unit's petitions
    response = admin_post(client, world.p_pv, SimpleUploadedFile("Ảnh chụp.PNG", PNG, content_type="text/html"),
                          draft="")
    assert response.status_code == 302, response.content.decode()[:3000]
    attachment = Attachment.objects.get()
    assert (attachment.content_type, attachment.original_name, attachment.size) == ("image/png", "Ảnh chụp.PNG",
                                                                                      len(PNG))
    assert attachment.file.name.endswith(".png") and attachment.uploaded_by == world.handler
    assert AuditEntry.objects.filter(user=world.handler, action="add", object_type="petitions.attachment",
                                     object_id=str(attachment.pk)).exists()


# ---- Serving: only through the view, only to the petition's staff, under a server-chosen name.

def download_url(attachment):
    return reverse("admin:petitions_attachment_download", args=[attachment.pk])


def test_staff_download_gets_a_server_chosen_name_and_safe_headers(client, world):
    attachment = stored(world.p_kt, name="../../Đơn <script>.pdf")
    stored(world.p_kt, PNG, "anh.png", "image/png")
    client.force_login(world.leader)
    response = client.get(download_url(attachment))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{world.p_kt.code}-1.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF
    second = client.get(download_url(Attachment.objects.get(original_name="anh.png")))
    assert second["Content-Disposition"] == f'attachment; filename="{world.p_kt.code}-2.png"'
    assert second["Content-Type"] == "image/png"


def test_an_unchecked_old_file_is_served_as_opaque_bytes(client, world):
    # An upload from before the admin checked content types, stored with the type the browser claimed.
    attachment = stored(world.p_kt, HTML, "trang.pdf", "text/html")
    client.force_login(world.economic)
    response = client.get(download_url(attachment))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == f'attachment; filename="{world.p_kt.code}-1.bin"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_download_is_refused_outside_the_petitions_scope(client, world):
    kt_file, pv_file = stored(world.p_kt), stored(world.p_pv)
    client.force_login(world.hd_economic)  # another body's Phòng Kinh tế
    assert client.get(download_url(kt_file)).status_code == 404
    client.force_login(world.handler)  # a unit handler: only its unit's petitions
    assert client.get(download_url(kt_file)).status_code == 404
    assert client.get(download_url(pv_file)).status_code == 200
    client.force_login(world.office)  # Văn phòng works with no petitions
    assert client.get(download_url(pv_file)).status_code == 403
    client.logout()
    response = client.get(download_url(pv_file))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_the_admin_links_to_the_download_view_not_to_the_file(client, world):
    attachment = stored(world.p_kt)
    for user in (world.economic, world.leader):  # an editable row and a read-only one
        client.force_login(user)
        html = client.get(reverse("admin:petitions_petition_change", args=[world.p_kt.pk])).content.decode()
        assert download_url(attachment) in html
        assert attachment.file.url not in html and attachment.file.name not in html
