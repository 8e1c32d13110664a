"""Issue 20 item 1: files received with a refused Phụ lục II submission are held under the form's token, listed by
name with "Xóa", attached when the corrected form is accepted, and deleted when the token expires."""

import datetime
import os
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time

from conferences.models import Registration
from petitions.models import Attachment, HeldAttachment
from tests.factories import UpcomingConferenceFactory as ConferenceFactory
from tests.petitions.test_registration_form import pdf_bytes, url, valid_data

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.REGISTRATION_RATE_LIMIT = ""
    settings.MEDIA_ROOT = tmp_path
    with freeze_time(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=VN)):
        yield


@pytest.fixture
def conference():
    return ConferenceFactory()


def scan(name="giay-phep.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def held_names(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r"Đã nhận tệp <strong>(.*?)</strong>", html)


def refused_then_corrected(client, conference):
    """Post with a bad phone and a file on petition 1; then post the corrected form as the page would."""
    refused = client.post(url(conference), valid_data(phone="12345", **{"petitions-0-attachment": scan()}))
    assert refused.status_code == 200
    return refused


def test_a_refused_submission_keeps_the_file_and_lists_it_by_name(client, conference):
    response = refused_then_corrected(client, conference)
    assert held_names(response) == ["giay-phep.pdf"]
    assert 'name="remove_held"' in response.content.decode()
    held = HeldAttachment.objects.get()
    assert (held.form_token, held.row, held.content_type) == ("tok-form-1", 0, "application/pdf")
    assert default_storage.exists(held.file.name) and held.file.name.startswith("held/")


def test_the_corrected_form_attaches_the_held_file_to_its_petition(client, conference,
                                                                  django_capture_on_commit_callbacks):
    refused_then_corrected(client, conference)
    held_path = HeldAttachment.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(conference), valid_data(held="1"))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "giay-phep.pdf"
    assert attachment.petition.registration == Registration.objects.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.file.read() == pdf_bytes()
    assert attachment.file.name.startswith(f"petitions/{conference.body.slug}/{attachment.petition.code}/")
    assert not HeldAttachment.objects.exists() and not default_storage.exists(held_path)


def test_a_held_file_and_a_new_one_both_reach_the_petitions(client, conference):
    refused_then_corrected(client, conference)
    response = client.post(url(conference), valid_data(held="1", **{
        "petitions-1-category": "6", "petitions-1-content": "Chậm giao đất.",
        "petitions-1-attachment": scan("so-do.pdf")}))
    assert response.status_code == 302
    names = dict(Attachment.objects.values_list("original_name", "petition__content"))
    assert names == {"giay-phep.pdf": "Thủ tục cấp phép kéo dài.", "so-do.pdf": "Chậm giao đất."}


def test_remove_drops_the_held_file_and_keeps_what_was_typed(client, conference, django_capture_on_commit_callbacks):
    refused_then_corrected(client, conference)
    held = HeldAttachment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(conference), valid_data(phone="12345", held="1", remove_held=held.key))
    assert response.status_code == 200
    assert held_names(response) == []
    assert "Thủ tục cấp phép kéo dài." in response.content.decode()
    assert not HeldAttachment.objects.exists() and not default_storage.exists(held.file.name)
    assert client.post(url(conference), valid_data(held="1")).status_code == 302
    assert not Attachment.objects.exists()


def test_a_held_file_on_an_emptied_row_is_not_lost_silently(client, conference):
    refused_then_corrected(client, conference)
    response = client.post(url(conference), valid_data(held="1", **{
        "petitions-0-category": "", "petitions-0-content": "", "petitions-0-proposed_solution": ""}))
    assert response.status_code == 200
    assert "Vui lòng chọn nhóm cho kiến nghị này." in response.content.decode()
    assert held_names(response) == ["giay-phep.pdf"] and Registration.objects.count() == 0


def test_a_file_refused_by_content_is_not_held(client, conference):
    fake = SimpleUploadedFile("hoa-don.pdf", b"MZ\x90\x00 executable", content_type="application/pdf")
    response = client.post(url(conference), valid_data(**{"petitions-0-attachment": fake}))
    assert response.status_code == 200 and not HeldAttachment.objects.exists()


def test_another_form_token_does_not_see_or_remove_the_held_file(client, conference):
    refused_then_corrected(client, conference)
    held = HeldAttachment.objects.get()
    other = client.post(url(conference), valid_data(form_token="tok-other", phone="1", held="1", remove_held=held.key))
    assert held_names(other) == [] and HeldAttachment.objects.filter(pk=held.pk).exists()


def test_held_files_of_an_expired_token_are_deleted_by_the_retention_run(client, conference,
                                                                        django_capture_on_commit_callbacks):
    from petitions.privacy.anonymise import personal_data_anonymise_expired

    refused_then_corrected(client, conference)
    held = HeldAttachment.objects.get()
    path = default_storage.path(held.file.name)
    with freeze_time(datetime.datetime(2026, 11, 20, 20, 0, tzinfo=VN)):
        assert personal_data_anonymise_expired().as_dict()["held_attachments"] == 0
    assert os.path.exists(path)
    with freeze_time(datetime.datetime(2026, 11, 21, 10, 0, tzinfo=VN)), \
            django_capture_on_commit_callbacks(execute=True):
        assert personal_data_anonymise_expired().as_dict()["held_attachments"] == 1
    assert not HeldAttachment.objects.exists() and not os.path.exists(path)


def test_held_files_survive_when_the_cache_is_down(client, conference, settings):
    """The held files and their index live in the database and media storage, not in Redis."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    refused_then_corrected(client, conference)
    assert client.post(url(conference), valid_data(held="1")).status_code == 302
    assert Attachment.objects.get().original_name == "giay-phep.pdf"


def test_files_posted_with_add_petition_count_toward_the_refused_posts_limit(client, conference, settings):
    """Holding files must not be a free store: "Thêm kiến nghị" with a file counts like a refused post."""
    from tests.petitions.test_registration_abuse import fresh_ip

    settings.REGISTRATION_INVALID_RATE_LIMIT = "2/h"
    ip = fresh_ip()  # counters of other tests (or runs) do not interfere
    for _attempt in range(3):
        client.post(url(conference), valid_data(add_petition="1", **{"petitions-0-attachment": scan()}), REMOTE_ADDR=ip)
    assert HeldAttachment.objects.count() == 2


def test_add_petition_without_script_keeps_the_file(client, conference):
    response = client.post(url(conference), valid_data(add_petition="1", **{"petitions-0-attachment": scan()}))
    assert response.status_code == 200 and held_names(response) == ["giay-phep.pdf"]
    assert 'name="petitions-2-content"' in response.content.decode()
    assert "chọn lại tệp" not in response.content.decode()
