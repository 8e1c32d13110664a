"""The public "Kiểm tra văn bản" page: the issued file, a changed file, a file never issued, an oversized one, the
QR code's page, the limits on untrusted files, and the per-address rate limit."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from freezegun import freeze_time

from reports.register import services
from reports.register.verification import check_signatures
from tests.reports.test_outgoing_register import World
from tests.signing import ensure_signing_setup

URL = "/kiem-tra-van-ban/"


@pytest.fixture
def w(db):
    ensure_signing_setup()
    cache.clear()
    world = World()
    document = world.notice()
    world.to_signed(document)
    with freeze_time("2026-06-05 09:30:00+07:00"):
        world.issued = services.outgoing_document_issue(document=document, actor=world.office)
    return world


def upload(client, data: bytes, url=URL):
    return client.post(url, {"file": SimpleUploadedFile("van-ban.pdf", data, content_type="application/pdf")})


def test_the_page_is_named_verify_document_and_offers_the_upload(client, db):
    assert reverse("verify_document") == URL
    page = client.get(URL).content.decode()
    assert "Kiểm tra văn bản" in page and 'name="file"' in page


def test_the_issued_file_is_recognised_with_its_number_signer_body_and_valid_signatures(w, client):
    response = upload(client, bytes(w.issued.issued_pdf))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tệp này đúng từng byte với tệp văn bản số 01/TB-UBND ban hành ngày 05/06/2026" in page
    assert "Thông báo tổ chức Hội nghị" in page and "Nguyễn Văn An" in page
    assert "Ủy ban nhân dân xã Hải Hưng" in page or "xã Hải Hưng" in page
    assert page.count("text-success") == 2 and "Không hợp lệ" not in page
    # Nothing personal beyond the document: no drafter, reviewer or issuer account, no trail.
    for user in (w.economic, w.office):
        assert user.username not in page
    assert "Sở Tài chính" not in page  # the recipients are the document's, not shown here


def test_a_changed_file_is_not_the_issued_one_and_its_signatures_are_invalid(w, client):
    data = bytearray(w.issued.issued_pdf)
    at = data.index(b"stream\n") + 12
    data[at] ^= 0x01
    page = upload(client, bytes(data)).content.decode()
    assert "không trùng với tệp văn bản nào đã ban hành" in page
    assert page.count("Không hợp lệ") == 2 and "01/TB-UBND" not in page


def test_a_file_never_issued_is_told_apart(w, client):
    other = w.notice()
    services.outgoing_document_submit(document=other, actor=w.economic)
    services.outgoing_document_pass(document=other, actor=w.office)
    other.refresh_from_db()
    page = upload(client, bytes(other.frozen_pdf)).content.decode()
    assert "không trùng với tệp văn bản nào đã ban hành" in page and "Tệp không có chữ ký số." in page
    page = upload(client, b"%PDF-1.7 not really").content.decode()
    assert "Không đọc được tệp" in page


def test_an_oversized_file_is_refused_before_parsing(w, client, settings):
    settings.VERIFY_MAX_BYTES = 1024
    response = upload(client, bytes(w.issued.issued_pdf))
    assert response.status_code == 400 and "Tệp quá lớn (tối đa 0 MB)" in response.content.decode()
    assert check_signatures(b"x" * 2048) == ([], "size")


def test_too_many_pages_and_a_parse_time_limit(w, settings):
    settings.VERIFY_MAX_PAGES = 0
    assert check_signatures(bytes(w.issued.issued_pdf)) == ([], "pages")
    settings.VERIFY_MAX_PAGES = 200
    settings.VERIFY_PARSE_SECONDS = 0.0001
    assert check_signatures(bytes(w.issued.issued_pdf)) == ([], "timeout")


def test_the_qr_code_page_shows_the_issued_document_and_compares_a_file(w, client):
    url = f"{URL}{w.issued.verification_id}/"
    assert f"Mã kiểm tra: {w.issued.verification_id}" in _text_of_pdf(bytes(w.issued.issued_pdf))
    page = client.get(url).content.decode()
    assert "01/TB-UBND" in page and "05/06/2026" in page and page.count("text-success") == 2
    page = upload(client, bytes(w.issued.issued_pdf), url).content.decode()
    assert "Tệp này đúng từng byte" in page
    page = upload(client, bytes(w.issued.issued_pdf)[:-10] + b"\n%%EOF\n\n\n", url).content.decode()
    assert "KHÁC tệp văn bản đã ban hành" in page


def _text_of_pdf(data: bytes) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def test_unknown_or_not_yet_issued_ids_are_not_found(w, client):
    assert client.get(f"{URL}khong-co-ma-nay-123456/").status_code == 404
    other = w.notice()
    services.outgoing_document_submit(document=other, actor=w.economic)
    services.outgoing_document_pass(document=other, actor=w.office)
    other.refresh_from_db()
    assert client.get(f"{URL}{other.verification_id}/").status_code == 404


def test_each_address_is_rate_limited(w, client, settings):
    settings.VERIFY_RATE_LIMIT = "2/h"
    for _ in range(2):
        assert upload(client, b"%PDF-1.7").status_code == 200
    assert upload(client, b"%PDF-1.7").status_code == 429
    assert client.post(URL, {}, REMOTE_ADDR="10.0.0.9").status_code == 400  # another address is not limited
