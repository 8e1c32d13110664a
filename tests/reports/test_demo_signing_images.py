"""The demo shows real-looking signatures: a blue signature image for its Lãnh đạo and a red seal for each body,
drawn at load time and kept like an administrator's upload (with the certificate record, not in the media), on
the demo's issued documents; loading again keeps them."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from conferences.models import Body
from reports.register.models import OutgoingDocument, OutgoingStatus
from reports.register.signing.models import SigningCertificate

pytestmark = pytest.mark.django_db


def colour(png: bytes) -> tuple[int, int, int]:
    """The mean colour of the drawn (opaque) pixels."""
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    drawn = [p for p in image.get_flattened_data() if p[3] > 200]
    assert image.getpixel((0, 0))[3] == 0 and len(drawn) > 500  # transparent background, something drawn
    return tuple(sum(p[i] for p in drawn) // len(drawn) for i in range(3))


def test_demo_signer_and_seal_images_are_drawn_registered_and_shown(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("load_demo", "--quiet-logins")
    signer = SigningCertificate.objects.get(kind="signer", user__username="lanhdao.haihung", is_active=True)
    red, green, blue = colour(bytes(signer.image))
    assert blue > red + 60 and blue > green + 60  # blue ink
    for body in Body.objects.all():
        seal = SigningCertificate.objects.get(kind="body", body=body, is_active=True)
        red, green, blue = colour(bytes(seal.image))
        assert red > green + 100 and red > blue + 100  # red seal
    issued = OutgoingDocument.objects.filter(body__slug="xa-hai-hung", status=OutgoingStatus.ISSUED,
                                             kind="plan").get()
    data = bytes(issued.issued_pdf)
    assert data.count(b"/Subtype /Image") + data.count(b"/Subtype/Image") >= 2  # the signature and the seal
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.png"))
    before = bytes(signer.image)
    call_command("load_demo", "--quiet-logins")
    signer.refresh_from_db()
    assert bytes(signer.image) == before
