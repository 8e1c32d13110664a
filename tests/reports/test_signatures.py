"""Digital signatures on issued documents: the signer's uploaded signed file and its checks (one message per
failed check), the body's seal from the SoftHSM2 token at issue, and both poppler's pdfsig and pyHanko calling
every signature valid after number and date were filled, and invalid after one changed byte."""

import io
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from freezegun import freeze_time

from reports.models import OutgoingKind, OutgoingStatus
from reports.register import pdf, services
from reports.register.signing import pki, signatures
from reports.register.signing.models import SignedFile, SigningCertificate
from reports.register.signing.upload import SignatureRefused, check_signed_file
from tests.reports.test_outgoing_register import World
from tests.signing import ensure_signing_setup, register_signer, signed_by, signer_files, simple_signer

S = OutgoingStatus


@pytest.fixture
def w(db):
    ensure_signing_setup()
    return World()


@pytest.fixture(scope="module")
def nss_db(tmp_path_factory):
    """An NSS database trusting the tests' demo root, for poppler's pdfsig."""
    if shutil.which("certutil") is None or shutil.which("pdfsig") is None:
        pytest.fail("pdfsig and certutil are needed: apt-get install poppler-utils libnss3-tools (make test does)")
    ensure_signing_setup()
    directory = tmp_path_factory.mktemp("nss")
    subprocess.run(["certutil", "-N", "-d", f"sql:{directory}", "--empty-password"], check=True,
                   capture_output=True)
    subprocess.run(["certutil", "-A", "-d", f"sql:{directory}", "-n", "demo-root", "-t", "CT,C,C", "-i",
                    str(pki.demo_ca_dir() / "root.cert.pem")], check=True, capture_output=True)
    return directory


def pdfsig(data: bytes, nss_db, tmp_path) -> list[dict]:
    """pdfsig's verdict per signature: {"field", "signature", "certificate"}."""
    path = tmp_path / "checked.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdfsig", "-nssdir", f"sql:{nss_db}", str(path)], capture_output=True, text=True).stdout
    found = []
    for block in re.split(r"^Signature #\d+:", out, flags=re.M)[1:]:
        field = re.search(r"Signature Field Name: (.*)", block)
        found.append({"field": field[1].strip() if field else "",
                      "signature": re.search(r"Signature Validation: (.*)", block)[1].strip(),
                      "certificate": (re.search(r"Certificate Validation: (.*)", block) or [None, ""])[1].strip()})
    return found


def issued_notice(w):
    document = w.notice()
    w.to_signed(document)
    with freeze_time("2026-06-05 09:30:00+07:00"):
        document = services.outgoing_document_issue(document=document, actor=w.office)
    return document


def test_every_signature_of_an_issued_file_is_valid_for_pdfsig_and_pyhanko(w, nss_db, tmp_path):
    document = issued_notice(w)
    issued = bytes(document.issued_pdf)
    verdicts = pdfsig(issued, nss_db, tmp_path)
    assert [v["field"] for v in verdicts] == [pdf.SIGNER_FIELD, pdf.SEAL_FIELD]
    assert all(v["signature"] == "Signature is Valid." for v in verdicts), verdicts
    assert all(v["certificate"] == "Certificate is Trusted." for v in verdicts), verdicts
    reports = signatures.validate_pdf(issued)
    assert [r.role for r in reports] == ["signer", "body"]
    assert all(r.ok for r in reports), [r.problems for r in reports]
    signer, body = reports
    # The signer's signature certifies the document and was made before number and date were filled.
    assert signer.certification and not signer.covers_whole_file and body.covers_whole_file
    assert signer.signer_name == "Nguyễn Văn An" or signer.signer_name  # the leader's demo certificate
    assert "Ủy ban nhân dân" in body.signer_name
    # The seal's time is the time of issue, in the appearance as ISO 8601 in Vietnam's time zone.
    assert "2026-06-05T09:30:00+07:00" in _text(issued)
    assert body.signing_time.isoformat().startswith("2026-06-05T02:30:00")


def _text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def _stream_byte(data: bytes, start: int = 0) -> int:
    """The offset of a byte inside a content stream after `start` (changing it breaks no PDF syntax)."""
    at = data.index(b"stream\n", start) + len(b"stream\n") + 5
    return at


def test_one_changed_byte_makes_both_call_every_signature_invalid(w, nss_db, tmp_path):
    issued = bytearray(issued_notice(w).issued_pdf)
    at = _stream_byte(bytes(issued))
    issued[at] ^= 0x01
    verdicts = pdfsig(bytes(issued), nss_db, tmp_path)
    assert len(verdicts) == 2 and all(v["signature"] != "Signature is Valid." for v in verdicts), verdicts
    reports = signatures.validate_pdf(bytes(issued))
    assert len(reports) == 2 and not any(r.ok for r in reports)
    assert not any(r.intact for r in reports)


def test_a_changed_byte_in_the_issue_revision_breaks_the_seal_only(w, nss_db, tmp_path):
    document = issued_notice(w)
    issued = bytearray(document.issued_pdf)
    signed_length = len(bytes(SignedFile.objects.get(document=document).data))
    at = _stream_byte(bytes(issued), signed_length)
    issued[at] ^= 0x01
    verdicts = {v["field"]: v["signature"] for v in pdfsig(bytes(issued), nss_db, tmp_path)}
    assert verdicts[pdf.SEAL_FIELD] != "Signature is Valid."
    reports = {r.role: r for r in signatures.validate_pdf(bytes(issued))}
    assert not reports["body"].intact


# ---- The uploaded signed file: each refusal with its message ------------------------------------------------------

def awaiting(w):
    document = w.notice()
    services.outgoing_document_submit(document=document, actor=w.economic)
    services.outgoing_document_pass(document=document, actor=w.office)
    document.refresh_from_db()
    return document


def refused(document, leader, data: bytes) -> SignatureRefused:
    with pytest.raises(SignatureRefused) as caught:
        services.outgoing_document_sign(document=document, actor=leader, signed_pdf=data)
    document.refresh_from_db()
    assert document.status == S.AWAITING_SIGNATURE and not SignedFile.objects.filter(document=document).exists()
    return caught.value


def test_the_signed_file_of_another_document_is_refused(w):
    document, other = awaiting(w), awaiting(w)
    error = refused(document, w.leader, signed_by(other, w.leader))
    assert error.check == "other_file" and "không phải tệp trình ký của văn bản này" in str(error)


def test_a_file_changed_after_signing_is_refused(w):
    document = awaiting(w)
    signed = bytearray(signed_by(document, w.leader))
    frozen_length = len(bytes(document.frozen_pdf))
    at = _stream_byte(bytes(signed), frozen_length)  # the signature's appearance, signed with the rest
    signed[at] ^= 0x01
    error = refused(document, w.leader, bytes(signed))
    assert error.check == "intact" and "không còn nguyên vẹn" in str(error)


def test_a_signature_of_another_certificate_is_refused(w):
    document = awaiting(w)
    register_signer(w.leader)
    other = signer_files("someone-else", "Người khác")
    error = refused(document, w.leader, signed_by(document, w.leader, files=other))
    assert error.check == "certificate" and "không phải chứng thư đã đăng ký" in str(error)
    assert "Nguyễn Văn An" in str(error)


def test_a_signer_without_a_registered_certificate_is_told_so(w):
    document = awaiting(w)
    data = signed_by(document, w.leader)
    SigningCertificate.objects.filter(user=w.leader).delete()
    error = refused(document, w.leader, data)
    assert error.check == "certificate" and "chưa có chứng thư số đăng ký" in str(error)


def _sign_with(document, files, *, docmdp=None, field_lock=None, fill_number=False) -> bytes:
    """The frozen file signed with other settings than the portal's own signer (what other software might do)."""
    import asyncio

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(bytes(document.frozen_pdf)))
    if fill_number:
        pdf.fill_fields(writer, number_text="99", date_text="ngày 01 tháng 01 năm 2026")
    field_name, new_field = pdf.SIGNER_FIELD, None
    if field_lock is not None:
        field_name = "ChuKyKhac"
        new_field = fields.SigFieldSpec(field_name, field_mdp_spec=field_lock)
    meta = signers.PdfSignatureMetadata(field_name=field_name, subfilter=fields.SigSeedSubFilter.PADES,
                                        certify=docmdp is not None,
                                        docmdp_permissions=docmdp or fields.MDPPerm.FILL_FORMS)
    pdf_signer = signers.PdfSigner(meta, signer=simple_signer(files), new_field_spec=new_field)
    return asyncio.run(pdf_signer.async_sign_pdf(writer)).getvalue()


def test_a_signature_that_forbids_filling_number_and_date_is_refused(w):
    from pyhanko.sign.fields import MDPPerm

    document = awaiting(w)
    files = register_signer(w.leader)
    error = refused(document, w.leader, _sign_with(document, files, docmdp=MDPPerm.NO_CHANGES))
    assert error.check == "locked" and "không cho phép điền số, ngày ban hành" in str(error)


def test_a_field_lock_on_every_field_is_refused(w):
    from pyhanko.sign.fields import FieldMDPAction, FieldMDPSpec

    document = awaiting(w)
    files = register_signer(w.leader)
    error = refused(document, w.leader, _sign_with(document, files, field_lock=FieldMDPSpec(FieldMDPAction.ALL)))
    assert error.check == "locked"


def test_a_signed_file_whose_number_was_filled_before_signing_is_refused(w):
    document = awaiting(w)
    files = register_signer(w.leader)
    error = refused(document, w.leader, _sign_with(document, files, fill_number=True))
    assert error.check == "other_file"


def test_an_approval_signature_that_allows_filling_is_accepted_and_issues(w, nss_db, tmp_path):
    """Software that signs without certifying (an approval signature, no lock) is fine: filling stays allowed."""
    document = awaiting(w)
    files = register_signer(w.leader)
    services.outgoing_document_sign(document=document, actor=w.leader, signed_pdf=_sign_with(document, files))
    document = services.outgoing_document_issue(document=document, actor=w.office)
    assert all(v["signature"] == "Signature is Valid." for v in pdfsig(bytes(document.issued_pdf), nss_db, tmp_path))
    assert all(r.ok for r in signatures.validate_pdf(bytes(document.issued_pdf)))


def test_an_untrusted_certificate_is_refused(w, settings):
    document = awaiting(w)
    register_signer(w.leader)
    data = signed_by(document, w.leader)
    settings.SIGNING_TRUST_DEMO_CA = False
    error = refused(document, w.leader, data)
    assert error.check == "trust"


@pytest.mark.parametrize(("data", "check"), [(b"not a pdf", "unreadable"), (None, "unsigned")])
def test_an_unreadable_or_unsigned_upload_is_refused(w, data, check):
    document = awaiting(w)
    register_signer(w.leader)
    error = refused(document, w.leader, data or bytes(document.frozen_pdf))
    assert error.check == check


def test_the_signer_uploads_on_the_documents_page_and_sees_why_a_file_is_refused(w, client):
    document = awaiting(w)
    client.force_login(w.leader)
    page = client.get(reverse("reports:outgoing_document", args=[document.pk])).content.decode()
    assert 'name="signed_pdf"' in page and "Tải tệp trình ký" in page
    step = reverse("reports:outgoing_document_step", args=[document.pk, "ky"])
    other = awaiting(w)
    response = client.post(step, {"signed_pdf": _upload(signed_by(other, w.leader))}, follow=True)
    assert "không phải tệp trình ký của văn bản này" in response.content.decode()
    response = client.post(step, {"signed_pdf": _upload(signed_by(document, w.leader))}, follow=True)
    document.refresh_from_db()
    assert document.status == S.SIGNED
    page = response.content.decode()
    assert "Chữ ký số" in page and "Hợp lệ" in page
    client.force_login(w.office)
    client.post(reverse("reports:outgoing_document_step", args=[document.pk, "ban-hanh"]))
    document.refresh_from_db()
    assert document.status == S.ISSUED
    page = client.get(reverse("reports:outgoing_document", args=[document.pk])).content.decode()
    assert page.count("Hợp lệ") == 2 and "Cơ quan (con dấu)" in page


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("da-ky.pdf", data, content_type="application/pdf")


def test_issue_without_the_token_says_so_and_takes_no_number(w, settings, tmp_path):
    document = w.notice()
    w.to_signed(document)
    settings.SIGNING_PKCS11_TOKEN_LABEL = "no-such-token"
    with pytest.raises(signatures.SignatureError, match="thiết bị ký số"):
        services.outgoing_document_issue(document=document, actor=w.office)
    document.refresh_from_db()
    assert document.status == S.SIGNED and document.number is None


def test_the_pkcs12_fallback_signs_as_the_body(w, settings, nss_db, tmp_path):
    settings.SIGNING_BODY_KEY = "pkcs12"
    document = issued_notice(w)
    assert all(r.ok for r in signatures.validate_pdf(bytes(document.issued_pdf)))


def test_the_check_is_the_same_whatever_calls_it(w):
    document = awaiting(w)
    register_signer(w.leader)
    accepted = check_signed_file(frozen=bytes(document.frozen_pdf), signed=signed_by(document, w.leader),
                                 signer=w.leader, signer_name="An")
    assert accepted.certificate_fingerprint in {c.fingerprint for c in SigningCertificate.objects.all()}
    assert OutgoingKind.NOTICE == document.kind


def test_a_system_administrator_registers_a_signers_certificate_and_image_in_the_admin(w, admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = signer_files("admin-upload", "Người ký tải lên")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    response = admin_client.post(reverse("admin:reports_signingcertificate_add"), {
        "kind": "signer", "user": w.leader.pk, "key_label": "", "is_active": "on",
        "certificate_file": SimpleUploadedFile("nguoi-ky.cer", files.cert_path.read_bytes()),
        "image_file": SimpleUploadedFile("chu-ky.png", png, content_type="image/png")})
    assert response.status_code == 302, response.content.decode()[:2000]
    record = SigningCertificate.objects.get(user=w.leader, is_active=True)
    assert record.fingerprint == pki.fingerprint(files.certificate) and bytes(record.image) == png
    response = admin_client.post(reverse("admin:reports_signingcertificate_add"), {
        "kind": "signer", "user": w.leader.pk, "is_active": "on",
        "certificate_file": SimpleUploadedFile("x.cer", b"not a certificate"),
        "image_file": SimpleUploadedFile("x.png", b"GIF89a", content_type="image/png")})
    page = response.content.decode()
    assert response.status_code == 200 and "Không đọc được chứng thư số" in page and "Ảnh phải là tệp PNG" in page
