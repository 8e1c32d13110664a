"""The results report's Phụ lục I in a file of its own (Decree 30, Appendix I): frozen with the report, issued with
it, carrying the body's signature at the top right of its first page with the report's number and symbol and the
signing time; valid for poppler's pdfsig and pyHanko, invalid after one changed byte; downloadable from the
register's page; dropped when the report is returned."""

import io
import os
import subprocess

import pytest
from django.urls import reverse
from freezegun import freeze_time

from reports.models import OutgoingAttachment, OutgoingKind
from reports.register import attachment, pdf, services
from reports.register.signing import signatures
from tests.reports.test_outgoing_register import World
from tests.reports.test_signature_appearance import words
from tests.reports.test_signatures import nss_db, pdfsig  # noqa: F401 (the fixture)
from tests.reports.test_verification import upload
from tests.signing import ensure_signing_setup

MM = 72 / 25.4


@pytest.fixture
def w(db):
    ensure_signing_setup()
    return World()


def results_report(w):
    return services.outgoing_document_create(
        body=w.body, kind=OutgoingKind.RESULTS_REPORT, conference=w.conference, actor=w.economic,
        title="Báo cáo kết quả Hội nghị năm 2027", recipients="Sở Tài chính\nLưu: VT, KT")


def issued_report(w):
    document = results_report(w)
    w.to_signed(document)
    with freeze_time("2026-07-10 14:05:09+07:00"):
        return services.outgoing_document_issue(document=document, actor=w.office)


def test_the_attachment_is_issued_with_the_report_and_signed_by_the_body_only(w, nss_db, tmp_path):  # noqa: F811
    document = issued_report(w)
    issued = attachment.issued_attachment(document)
    row = OutgoingAttachment.objects.get(document=document)
    assert issued.title == "Phụ lục I" and issued.sha256 == pdf.sha256(issued.data) == row.issued_sha256
    # One revision after the frozen file: the frozen bytes are its unchanged prefix.
    assert issued.data.startswith(bytes(row.frozen_pdf))
    verdicts = pdfsig(issued.data, nss_db, tmp_path)
    assert verdicts == [{"field": pdf.SEAL_FIELD, "signature": "Signature is Valid.",
                         "certificate": "Certificate is Trusted."}]
    (report,) = signatures.validate_pdf(issued.data)
    assert report.ok and report.role == "body" and report.covers_whole_file
    assert report.signing_time.isoformat() == "2026-07-10T07:05:09+00:00"
    # The signature names the report it goes with (the same number and symbol).
    assert document.number.formatted == "01/BC-UBND"
    assert "Văn bản kèm theo văn bản số 01/BC-UBND" in _reason(issued.data)
    if os.environ.get("SIGNATURE_PAGES_DIR"):
        path = tmp_path / "phu-luc.pdf"
        path.write_bytes(issued.data)
        subprocess.run(["pdftoppm", "-r", "110", "-f", "1", "-l", "1", "-png", str(path),
                        os.path.join(os.environ["SIGNATURE_PAGES_DIR"], "phu-luc")], check=True)


def _reason(data: bytes) -> str:
    from pyhanko.pdf_utils.reader import PdfFileReader

    (sig,) = PdfFileReader(io.BytesIO(data)).embedded_regular_signatures
    return str(sig.sig_object["/Reason"])


def test_one_changed_byte_makes_the_attachment_signature_invalid(w, nss_db, tmp_path):  # noqa: F811
    data = bytearray(attachment.issued_attachment(issued_report(w)).data)
    position = data.index(b"stream\n") + 40  # inside the first page's content, covered by the signature
    data[position] = data[position] ^ 0x01
    assert pdfsig(bytes(data), nss_db, tmp_path)[0]["signature"] != "Signature is Valid."
    assert not any(r.ok for r in signatures.validate_pdf(bytes(data)))


def test_the_signature_sits_at_the_top_right_of_the_first_page_above_the_header(w):
    from pyhanko.pdf_utils.reader import PdfFileReader

    data = attachment.issued_attachment(issued_report(w)).data
    reader = PdfFileReader(io.BytesIO(data))
    page, (x0, y0, x1, y1) = pdf.field_rects(reader)[pdf.SEAL_FIELD]
    box = reader.root["/Pages"]["/Kids"][0]["/MediaBox"]
    width, height = float(box[2]), float(box[3])
    assert page == 0 and width > height  # Phụ lục I is landscape
    assert x1 == pytest.approx(width - 15 * MM) and y1 == pytest.approx(height - 4 * MM) and x0 > width / 2
    found = words(data, 1)
    top = height - y1
    inside = [word for word in found if word[2] >= top - 0.5 and word[4] <= height - y0 + 0.5]
    outside = [word for word in found if word not in inside]
    # The field shows the report's number and symbol and the signing time (poppler reads its appearance), at the
    # right edge, and everything else on the page starts below it.
    assert [word[0] for word in inside] == ["01/BC-UBND", "2026-07-10T14:05:09+07:00"]
    assert all(word[3] <= x1 + 1 and word[1] >= x0 - 1 for word in inside), (inside, x0, x1)
    assert min(word[2] for word in outside) > height - y0
    # No image in the attachment's signature (Decree 30: text only).
    assert b"/Subtype /Image" not in data and b"/Subtype/Image" not in data


def test_staff_download_the_attachment_from_the_register_page(w, client):
    document = issued_report(w)
    client.force_login(w.office)
    page = client.get(reverse("reports:outgoing_document", args=[document.pk])).content.decode()
    assert "Văn bản kèm theo (tệp riêng)" in page and "Tải Phụ lục I (PDF)" in page and "Hợp lệ" in page
    response = client.get(reverse("reports:outgoing_attachment_pdf", args=[document.pk]))
    assert response.status_code == 200 and response.content == attachment.issued_attachment(document).data
    notice = w.notice()
    assert client.get(reverse("reports:outgoing_attachment_pdf", args=[notice.pk])).status_code == 404


def test_the_attachment_waits_with_the_frozen_report_and_goes_when_it_is_returned(w):
    document = results_report(w)
    services.outgoing_document_submit(document=document, actor=w.economic)
    services.outgoing_document_pass(document=document, actor=w.office)
    frozen = attachment.current_attachment(document)
    assert not frozen.issued and attachment.issued_attachment(document) is None
    assert signatures.validate_pdf(frozen.data) == []  # not signed before issue
    services.outgoing_document_return(document=document, actor=w.leader, comment="Bổ sung số liệu.")
    assert not OutgoingAttachment.objects.filter(document=document).exists()


def test_the_public_verification_page_recognises_the_issued_attachment(w, client):
    document = issued_report(w)
    data = attachment.issued_attachment(document).data
    page = upload(client, data).content.decode()
    assert "Tệp này đúng từng byte với Phụ lục I kèm theo văn bản số 01/BC-UBND ban hành ngày 10/07/2026" in page
    assert page.count("text-success") == 1 and "Không hợp lệ" not in page
