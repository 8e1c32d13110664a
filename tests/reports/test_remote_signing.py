"""Remote signing through the generic HTTP adapter and the local double (real keys, HTTP on loopback): the digest
now, the signature embedded when the signer confirms on the "Xác nhận ký" page; an unconfirmed request expires
(periodic scan, and on the next look) leaving the document awaiting signature; a second confirmation is refused."""

import datetime
import urllib.error
import urllib.request

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.documents.numbering import ReportError
from reports.models import OutgoingStatus
from reports.register import services
from reports.register.signing import double as signing_double
from reports.register.signing import pki, remote, signatures
from reports.register.signing.models import SignatureRequest, SignedFile
from reports.register.signing.requests import scan, signature_request_refresh, signature_request_start
from reports.tasks import signature_requests_scan
from tests.reports.test_outgoing_register import World
from tests.signing import ensure_signing_setup, register_signer

S = OutgoingStatus
R = SignatureRequest.Status


@pytest.fixture
def service_url(settings):
    ensure_signing_setup()
    server, _state = signing_double.serve("127.0.0.1", 0, key_dir=pki.demo_ca_dir(), api_key="khoa-thu")
    url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.SIGNING_REMOTE_URL = url
    settings.SIGNING_REMOTE_API_KEY = "khoa-thu"
    settings.SIGNING_REMOTE_CONFIRM_URL = f"{url}/xac-nhan/"
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def w(db, service_url):
    world = World()
    document = world.notice()
    services.outgoing_document_submit(document=document, actor=world.economic)
    services.outgoing_document_pass(document=document, actor=world.office)
    document.refresh_from_db()
    world.document = document
    register_signer(world.leader)
    return world


def phone(service_url, request: SignatureRequest, action: str = "xac-nhan") -> tuple[int, str]:
    """The signer's answer on the double's "Xác nhận ký" page."""
    try:
        with urllib.request.urlopen(urllib.request.Request(  # noqa: S310
                f"{service_url}/{action}/{request.service_request_id}/", data=b"", method="POST")) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_the_signer_confirms_on_the_phone_and_the_signature_is_embedded(w, service_url, client):
    client.force_login(w.leader)
    page = client.get(reverse("reports:outgoing_document", args=[w.document.pk])).content.decode()
    assert "Ký số từ xa" in page
    client.post(reverse("reports:outgoing_document_step", args=[w.document.pk, "ky-so-tu-xa"]))
    request = SignatureRequest.objects.get(document=w.document)
    assert request.status == R.PENDING and request.service_request_id
    page = client.get(reverse("reports:outgoing_document", args=[w.document.pk])).content.decode()
    assert "Chờ người ký xác nhận" in page and f"{service_url}/xac-nhan/" in page
    with urllib.request.urlopen(f"{service_url}/xac-nhan/") as response:  # noqa: S310
        assert "Xác nhận ký" in response.read().decode()
    assert phone(service_url, request)[0] == 200
    # The next look at the document collects the signature.
    page = client.get(reverse("reports:outgoing_document", args=[w.document.pk])).content.decode()
    w.document.refresh_from_db()
    request.refresh_from_db()
    assert request.status == R.COMPLETED and w.document.status == S.SIGNED
    assert SignedFile.objects.get(document=w.document).method == "remote"
    assert "Hợp lệ" in page
    document = services.outgoing_document_issue(document=w.document, actor=w.office)
    reports = signatures.validate_pdf(bytes(document.issued_pdf))
    assert [r.role for r in reports] == ["signer", "body"] and all(r.ok for r in reports)


def test_a_second_confirmation_is_refused(w, service_url):
    request = signature_request_start(document=w.document, actor=w.leader)
    assert phone(service_url, request)[0] == 200
    status, text = phone(service_url, request)
    assert status == 409 and "đã được xác nhận ký rồi" in text
    assert signature_request_refresh(document=w.document).status == R.COMPLETED
    assert signature_request_refresh(document=w.document) is None  # nothing pending: applied once
    assert SignedFile.objects.filter(document=w.document).count() == 1


def test_an_unconfirmed_request_expires_by_the_periodic_scan(w, service_url):
    start = timezone.now()
    request = signature_request_start(document=w.document, actor=w.leader, now=start)
    with pytest.raises(ReportError, match="đang chờ người ký xác nhận"):
        signature_request_start(document=w.document, actor=w.leader, now=start)
    assert scan(now=start + datetime.timedelta(minutes=1)) == 1
    request.refresh_from_db()
    assert request.status == R.PENDING
    assert scan(now=request.expires_at + datetime.timedelta(seconds=1)) == 1
    request.refresh_from_db()
    w.document.refresh_from_db()
    assert request.status == R.EXPIRED and "không xác nhận trong thời hạn" in request.message
    assert w.document.status == S.AWAITING_SIGNATURE and not SignedFile.objects.filter(document=w.document).exists()
    # A new request may be sent; the expired one can no longer be applied.
    again = signature_request_start(document=w.document, actor=w.leader)
    assert again.status == R.PENDING and again.pk != request.pk


def test_an_unconfirmed_request_expires_on_the_next_look_without_a_scheduler(w, service_url, client, settings):
    settings.SIGNING_REMOTE_EXPIRY_MINUTES = 0
    request = signature_request_start(document=w.document, actor=w.leader)
    client.force_login(w.leader)
    page = client.get(reverse("reports:outgoing_document", args=[w.document.pk])).content.decode()
    request.refresh_from_db()
    assert request.status == R.EXPIRED and "Hết hạn, chưa xác nhận" in page
    w.document.refresh_from_db()
    assert w.document.status == S.AWAITING_SIGNATURE
    assert phone(service_url, request)[0] == 409  # the double expired it too


def test_a_refusal_on_the_phone_leaves_the_document_awaiting(w, service_url):
    request = signature_request_start(document=w.document, actor=w.leader)
    assert phone(service_url, request, "tu-choi")[0] == 200
    assert signature_requests_scan() == 1
    request.refresh_from_db()
    w.document.refresh_from_db()
    assert request.status == R.REJECTED and w.document.status == S.AWAITING_SIGNATURE


class WrongKeyService(remote.RemoteSigningService):
    """A service answering with a signature that does not belong to the certificate."""

    def start(self, **kwargs):
        return "x1"

    def status(self, request_id):
        return remote.RemoteStatus(status="signed", signature=b"\x01" * 256)


def test_a_signature_that_does_not_verify_is_not_used(w):
    signature_request_start(document=w.document, actor=w.leader, service=WrongKeyService())
    request = signature_request_refresh(document=w.document, service=WrongKeyService())
    w.document.refresh_from_db()
    assert request.status == R.FAILED and "không còn nguyên vẹn" in request.message
    assert w.document.status == S.AWAITING_SIGNATURE


def test_only_the_signer_may_start_and_an_unreachable_service_is_said(w, settings):
    with pytest.raises(ReportError):
        signature_request_start(document=w.document, actor=w.office)
    settings.SIGNING_REMOTE_URL = "http://127.0.0.1:9/"
    with pytest.raises(ReportError, match="Không liên lạc được"):
        signature_request_start(document=w.document, actor=w.leader)
    assert not SignatureRequest.objects.filter(document=w.document).exists()


def test_the_double_wants_the_api_key(service_url):
    request = urllib.request.Request(f"{service_url}/requests/abc")  # noqa: S310
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request)  # noqa: S310
    assert caught.value.code == 401
