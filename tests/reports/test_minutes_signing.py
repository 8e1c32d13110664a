"""The minutes (biên bản) carry no seal (design.md): frozen without the body's signature field, issued with number
and date filled after the chair's signature and no body signature; the chair's signature stays valid."""

import io
import subprocess

from freezegun import freeze_time
from pyhanko.pdf_utils.reader import PdfFileReader

from reports.models import OutgoingKind
from reports.register import pdf, services
from reports.register.signing import signatures
from tests.reports.test_outgoing_attachment import w  # noqa: F401 (the fixture)
from tests.reports.test_signatures import nss_db, pdfsig  # noqa: F401 (the fixture)


def test_the_minutes_are_issued_without_the_body_seal(w, nss_db, tmp_path):  # noqa: F811
    document = services.outgoing_document_create(
        body=w.body, kind=OutgoingKind.MINUTES, conference=w.conference, actor=w.economic,
        title="Biên bản Hội nghị năm 2027")
    w.to_signed(document)
    document.refresh_from_db()
    assert pdf.SEAL_FIELD not in pdf.field_rects(PdfFileReader(io.BytesIO(bytes(document.frozen_pdf))))
    with freeze_time("2026-06-18 17:00:00+07:00"):
        document = services.outgoing_document_issue(document=document, actor=w.office)
    issued = bytes(document.issued_pdf)
    (signer,) = signatures.validate_pdf(issued)
    assert signer.role == "signer" and signer.ok and not signer.covers_whole_file
    assert [v["signature"] for v in pdfsig(issued, nss_db, tmp_path)] == ["Signature is Valid."]
    text = subprocess.run(["pdftotext", "-", "-"], input=issued, capture_output=True, check=True).stdout.decode()
    assert document.number.formatted.startswith("01/BB") and "ngày 18 tháng 6 năm 2026" in text
    # A notice, by contrast, is sealed at issue.
    notice = w.notice()
    w.to_signed(notice)
    notice = services.outgoing_document_issue(document=notice, actor=w.office)
    assert [r.role for r in signatures.validate_pdf(bytes(notice.issued_pdf))] == ["signer", "body"]
