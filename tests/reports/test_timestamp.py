"""The optional RFC 3161 timestamp server (SIGNING_TIMESTAMP_URL), against the local double (tsa_double, a TSA
certificate of the tests' demo CA): with it, every signature of an issued file carries a timestamp token that
pyHanko validates and the staff page shows, and pdfsig still calls the signatures valid; with the server down,
issuing says so in Vietnamese and the document stays signed, without a number; with the setting empty, no
timestamp."""

import datetime

import pytest
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID
from django.urls import reverse
from django.utils import timezone

from reports.models import OutgoingStatus
from reports.register import pdf, services
from reports.register.signing import signatures, tsa_double
from tests.reports.test_outgoing_register import World
from tests.reports.test_signatures import nss_db, pdfsig  # noqa: F401 (nss_db: a fixture)
from tests.signing import ensure_signing_setup

S = OutgoingStatus


@pytest.fixture
def w(db):
    ensure_signing_setup()
    return World()


@pytest.fixture
def tsa(settings):
    """The double on a free loopback port, SIGNING_TIMESTAMP_URL pointing at it."""
    ensure_signing_setup()
    server = tsa_double.serve("127.0.0.1", 0)
    settings.SIGNING_TIMESTAMP_URL = f"http://127.0.0.1:{server.server_address[1]}/"
    yield server
    server.shutdown()
    server.server_close()


def issued(w, document=None):
    document = document or w.notice()
    if document.status != S.SIGNED:
        w.to_signed(document)
    return services.outgoing_document_issue(document=document, actor=w.office)


def test_the_double_signs_with_a_timestamping_certificate_of_the_demo_ca(tsa):
    cert = tsa_double.tsa_files().certificate
    usage = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert usage.critical and list(usage.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    assert cert.issuer.rfc4514_string() != cert.subject.rfc4514_string()


def test_every_signature_carries_a_valid_timestamp_shown_on_the_staff_page(w, tsa, nss_db, tmp_path,  # noqa: F811
                                                                           client):
    before = timezone.now()
    document = issued(w)
    data = bytes(document.issued_pdf)
    reports = signatures.validate_pdf(data)
    assert [r.role for r in reports] == ["signer", "body"]
    assert all(r.ok for r in reports), [r.problems for r in reports]
    for report in reports:
        assert report.timestamp_time is not None
        assert before - datetime.timedelta(seconds=5) <= report.timestamp_time <= timezone.now()
    verdicts = pdfsig(data, nss_db, tmp_path)
    assert [v["field"] for v in verdicts] == [pdf.SIGNER_FIELD, pdf.SEAL_FIELD]
    assert all(v["signature"] == "Signature is Valid." for v in verdicts), verdicts
    assert all(v["certificate"] == "Certificate is Trusted." for v in verdicts), verdicts
    client.force_login(w.office)
    page = client.get(reverse("reports:outgoing_document", args=[document.pk])).content.decode()
    assert page.count("Dấu thời gian:") == 2 and page.count("Hợp lệ") == 2
    local = timezone.localtime(reports[1].timestamp_time).strftime("%d/%m/%Y %H:%M:%S")
    assert f"Dấu thời gian: {local}" in page


def test_a_timestamp_outside_the_trust_roots_shows_no_time(w, tsa, settings):
    document = issued(w)
    settings.SIGNING_TRUST_DEMO_CA = False
    reports = signatures.validate_pdf(bytes(document.issued_pdf))
    assert not any(r.ok for r in reports) and all(r.timestamp_time is None for r in reports)


def test_with_the_timestamp_server_down_issuing_says_so_and_the_document_stays_signed(w, settings, client):
    document = w.notice()
    w.to_signed(document)  # signed without a timestamp server
    server = tsa_double.serve("127.0.0.1", 0)
    port = server.server_address[1]
    server.shutdown()
    server.server_close()
    settings.SIGNING_TIMESTAMP_URL = f"http://127.0.0.1:{port}/"
    with pytest.raises(signatures.SignatureError, match="Không lấy được dấu thời gian"):
        services.outgoing_document_issue(document=document, actor=w.office)
    document.refresh_from_db()
    assert document.status == S.SIGNED and document.number is None and not document.issued_pdf
    client.force_login(w.office)
    response = client.post(reverse("reports:outgoing_document_step", args=[document.pk, "ban-hanh"]), follow=True)
    assert "Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian" in response.content.decode()
    document.refresh_from_db()
    assert document.status == S.SIGNED and document.number is None


def test_without_the_setting_there_is_no_timestamp(w, settings, client):
    settings.SIGNING_TIMESTAMP_URL = ""
    document = issued(w)
    reports = signatures.validate_pdf(bytes(document.issued_pdf))
    assert all(r.ok for r in reports) and all(r.timestamp_time is None for r in reports)
    client.force_login(w.office)
    page = client.get(reverse("reports:outgoing_document", args=[document.pk])).content.decode()
    assert "Dấu thời gian:" not in page
