"""A conference's document issued through the register in the tests: drafted by Phòng Kinh tế ("Soạn văn bản"),
reviewed by Văn phòng, signed by Lãnh đạo with a registered test certificate, numbered and issued by Văn phòng."""

import re
import subprocess
import tempfile
from dataclasses import dataclass

from freezegun import freeze_time

from conferences.models import Unit
from conferences.organisation import roles
from reports.register import services
from reports.register.conference_documents import conference_document_draft
from tests.factories import staff_user
from tests.signing import ensure_signing_setup, signed_by


@dataclass
class Staff:
    economic: object
    office: object
    leader: object


def body_staff(body) -> Staff:
    """Phòng Kinh tế, Văn phòng and Lãnh đạo of `body` (in its units when it has them)."""
    ensure_signing_setup()
    units = {u.kind: u for u in body.units.all()}
    leader = staff_user(body, roles.LEADERSHIP)
    leader.first_name, leader.last_name = "Hạnh", "Phạm Văn"
    leader.save()
    return Staff(economic=staff_user(body, roles.ECONOMIC, unit=units.get(Unit.Kind.ECONOMIC)),
                 office=staff_user(body, roles.OFFICE, unit=units.get(Unit.Kind.OFFICE)), leader=leader)


def through_register(document, staff: Staff, *, when: str | None = None):
    """Submit, pass, sign and issue `document` (issued at `when`, a freezegun time, when given)."""
    services.outgoing_document_submit(document=document, actor=staff.economic)
    services.outgoing_document_pass(document=document, actor=staff.office, base_url="http://testserver")
    services.outgoing_document_sign(document=document, actor=staff.leader,
                                    signed_pdf=signed_by(document, staff.leader))
    if when is None:
        return services.outgoing_document_issue(document=document, actor=staff.office)
    with freeze_time(when):
        return services.outgoing_document_issue(document=document, actor=staff.office)


def issue_conference_document(conference, kind: str, staff: Staff, *, when: str | None = None, replaces=None):
    """A conference document of `kind` (page slug or register kind) issued through the register."""
    document = conference_document_draft(conference=conference, kind=kind, actor=staff.economic,
                                         base_url="http://testserver", replaces=replaces)
    return through_register(document, staff, when=when)


def pdf_text(data: bytes) -> str:
    """The words of a PDF, whitespace collapsed, the number filled into its blank joined back ("Số: 01/TB-UBND")."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        text = subprocess.run(["pdftotext", f.name, "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"Số:\s*(\d+)\s*/", r"Số: \1/", " ".join(text.split()))
