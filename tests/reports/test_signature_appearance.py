"""How the signatures look on an issued file (Decree 30, Appendix I): the seal's field, with its image and its two
lines of text (the body's name, the signing time), stays inside the signer's place and ends above the signer's
name line, whatever the name, title and body; with no image uploaded the fields show text only."""

import io
import os
import re
import subprocess

import pytest
from django.utils import timezone
from freezegun import freeze_time

from conferences.organisation.models import StaffProfile
from reports.register import pdf, services
from reports.register.signing import appearance
from reports.register.signing.demo_images import seal_png, signature_png
from reports.register.signing.models import SigningCertificate
from reports.register.signing.services import signing_certificate_save
from reports.register.signing.signatures import validate_pdf
from tests.reports.test_outgoing_register import World
from tests.signing import ensure_signing_setup, register_signer, signed_by

# Where a developer may ask for the rendered pages to look at (SIGNATURE_PAGES_DIR=/tmp/pages).
PAGES_DIR = os.environ.get("SIGNATURE_PAGES_DIR", "")


def words(data: bytes, page: int) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) of `page` (1-based), from the top left, by poppler's pdftotext -bbox."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-", "-"], input=data,
                         capture_output=True, check=True).stdout.decode()
    return [(m[5], *map(float, m.groups()[:4])) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


def issue(w, *, leader_name, position, body_name, images: bool):
    w.body.name = body_name
    w.body.save()
    last, first = leader_name.rsplit(" ", 1)
    w.leader.first_name, w.leader.last_name = first, last
    w.leader.save()
    StaffProfile.objects.filter(user=w.leader).update(position=position)
    document = w.notice()
    services.outgoing_document_submit(document=document, actor=w.economic)
    services.outgoing_document_pass(document=document, actor=w.office, signer=w.leader)
    register_signer(w.leader)
    image = signature_png(leader_name) if images else None
    services.outgoing_document_sign(document=document, actor=w.leader,
                                    signed_pdf=signed_by(document, w.leader, image=image))
    if images:
        body_record = SigningCertificate.objects.filter(kind="body", body=w.body, is_active=True).first()
        from reports.register.signing import pki, token

        files = pki.issued_files(token.BODY_CERT_STEM)
        record = body_record or SigningCertificate(kind="body", body=w.body)
        signing_certificate_save(record, certificate=files.certificate,
                                 image=seal_png(f"Ủy ban nhân dân {body_name}", "TP. Hải Phòng"))
    with freeze_time("2026-06-05 09:30:15+07:00"):
        return services.outgoing_document_issue(document=document, actor=w.office)


CASES = [
    ("Nguyễn Văn An", "Chủ tịch", "xã Hải Hưng", True),
    ("Tôn Nữ Thị Hoàng Phương Thảo", "Phó Chủ tịch", "phường Nguyễn Thái Bình Dương Kinh", True),
    ("Lê Hạnh", "Phó Chủ tịch", "đặc khu Bạch Long Vĩ", False),
]


@pytest.mark.parametrize("leader_name,position,body_name,images", CASES)
def test_the_seal_and_its_text_end_above_the_signer_name_line(db, tmp_path, leader_name, position, body_name,
                                                              images):
    ensure_signing_setup()
    w = World()
    document = issue(w, leader_name=leader_name, position=position, body_name=body_name, images=images)
    issued = bytes(document.issued_pdf)
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(issued))
    rects = pdf.field_rects(reader)
    page_ix, seal = rects[pdf.SEAL_FIELD]
    _page, signer = rects[pdf.SIGNER_FIELD]
    height = float(reader.root["/Pages"]["/Kids"][0]["/MediaBox"][3])
    found = words(issued, page_ix + 1)
    name_words = leader_name.split()
    # The signer's name line: its words in order at the bottom of the signer block.
    starts = [i for i, word in enumerate(found) if [x[0] for x in found[i:i + len(name_words)]] == name_words]
    assert starts, f"no name line {leader_name!r} on the page"
    name_line = found[starts[-1]:starts[-1] + len(name_words)]
    name_top = min(word[2] for word in name_line)
    title_bottom = max(word[4] for word in found if word[0] in ("TỊCH", "CHỦ") and word[4] < name_top)
    seal_top, seal_bottom = height - seal[3], height - seal[1]
    assert seal_bottom < name_top, (seal_bottom, name_top)  # the seal's text box ends above the name line
    # The seal's own text, as poppler reads the field's appearance: the signing time ends above the name line.
    (time_word,) = [word for word in found if word[0] == "2026-06-05T09:30:15+07:00"]
    assert seal_top < time_word[2] and time_word[4] < name_top
    assert seal_top >= title_bottom - 0.5, (seal_top, title_bottom)  # and starts below the title
    assert height - signer[1] < name_top
    # The seal lies over the left third of the signer's place.
    third = signer[0] + (signer[2] - signer[0]) / 3
    assert seal[0] < signer[0] + 1 and signer[0] < (seal[0] + seal[2]) / 2 < third
    assert all(r.ok for r in validate_pdf(issued))
    if PAGES_DIR:
        (tmp_path / "issued.pdf").write_bytes(issued)
        subprocess.run(["pdftoppm", "-r", "110", "-f", str(page_ix + 1), "-l", str(page_ix + 1), "-png",
                        str(tmp_path / "issued.pdf"), os.path.join(PAGES_DIR, leader_name.replace(" ", "-"))],
                       check=True)


@pytest.mark.parametrize("body_name,lines", [("Ủy ban nhân dân đặc khu Bạch Long Vĩ", 2),
                                             ("Ủy ban nhân dân phường Nguyễn Thái Bình Dương Kinh Hải An", 3)])
def test_the_seal_text_fits_its_field_and_ends_at_its_bottom(body_name, lines):
    width, height = pdf.SEAL_WIDTH, 100.0
    box = appearance.seal_text(width, height, body_name=body_name, moment=timezone.now())
    # A real body's name keeps one line; an overlong one wraps between words; either way the box ends at the
    # field's bottom and no line is wider than the field.
    assert len(box.lines) == lines and all(appearance.text_width(line, box.size) <= width for line in box.lines)
    assert box.top + box.height == pytest.approx(height) and box.size >= 5


def test_without_an_image_the_fields_show_text_only(db):
    ensure_signing_setup()
    w = World()
    document = issue(w, leader_name="Lê Hạnh", position="Chủ tịch", body_name="xã Hải Hưng", images=False)
    issued = bytes(document.issued_pdf)
    # No image anywhere in the file (no drawn mark either): the appearance streams hold text and no /Image.
    assert b"/Subtype /Image" not in issued and b"/Subtype/Image" not in issued
