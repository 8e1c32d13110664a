"""Demo only: a blue handwritten-like signature for each demo signer and a red round seal for each demo body,
drawn with Pillow when the demo loads and registered through the same service as an administrator's upload (kept
in the database with the certificate, shown to staff only, never in the public media). Real images are scans of
the signer's signature and of the body's seal, uploaded in the admin."""

import hashlib
import io
import math
import random

from reports.documents.fonts import document_font

BLUE = (31, 58, 147, 255)
RED = (208, 2, 27, 255)


def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _rng(text: str) -> random.Random:
    return random.Random(int(hashlib.sha256(text.encode()).hexdigest()[:12], 16))  # noqa: S311 (a drawing)


def _curve(points, steps: int = 24):
    """A Catmull-Rom spline through `points`."""
    out = []
    padded = [points[0], *points, points[-1]]
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1:i + 3]
        for step in range(steps):
            t = step / steps
            out.append(tuple(0.5 * ((2 * p1[k]) + (-p0[k] + p2[k]) * t + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k])
                                    * t * t + (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t * t * t)
                             for k in (0, 1)))
    out.append(points[-1])
    return out


def signature_png(name: str, *, width: int = 700, height: int = 300) -> bytes:
    """A blue, transparent PNG of a handwritten-like signature of `name` (the same drawing for the same name):
    looping strokes, the given name in the italic document font, and a flourish under it."""
    from PIL import Image, ImageDraw, ImageFont

    rng = _rng(name)
    scale = 4  # drawn large and reduced: smooth edges
    image = Image.new("RGBA", (width * scale, height * scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    # A capital-like loop, then a slanted run of smaller waves going up and to the right, then the flourish.
    points = [(0.10 * width, 0.75 * height), (0.16 * width, 0.12 * height), (0.22 * width, 0.62 * height),
              (0.12 * width, 0.50 * height), (0.30 * width, 0.42 * height)]
    x = 0.30 * width
    while x < 0.60 * width:
        x += rng.uniform(0.03, 0.05) * width
        lift = (x / width - 0.3) * 0.25
        points.append((x, height * (0.40 - lift + rng.uniform(-0.04, 0.04))))
        points.append((x + rng.uniform(-0.02, 0.01) * width, height * (0.60 - lift + rng.uniform(-0.05, 0.05))))
    line = [(px * scale, py * scale) for px, py in _curve(points)]
    draw.line(line, fill=BLUE, width=5 * scale, joint="curve")
    flourish = _curve([(0.08 * width, 0.86 * height), (0.40 * width, 0.74 * height),
                       (0.72 * width, 0.80 * height), (0.95 * width, 0.58 * height)])
    draw.line([(px * scale, py * scale) for px, py in flourish], fill=BLUE, width=4 * scale, joint="curve")
    given = name.split()[-1] if name.split() else name
    font = ImageFont.truetype(str(document_font().files["italic"]), 64 * scale)
    draw.text((0.62 * width * scale, 0.30 * height * scale), given, font=font, fill=BLUE)
    return _png(image.resize((width, height), Image.LANCZOS))


def _arc_text(image, text: str, *, centre: float, radius: float, font, start: float, end: float, top: bool):
    """`text` spread along the circle of `radius` between angles `start` and `end` (degrees, 0 = up, clockwise),
    each letter upright towards the centre (the top arc) or away from it (the bottom arc)."""
    from PIL import Image, ImageDraw

    letters = list(text)
    span = end - start
    for i, letter in enumerate(letters):
        angle = start + span * (i + 0.5) / len(letters)
        box = font.getbbox(letter)
        size = int(max(box[2] - box[0], box[3] - box[1]) * 1.6) + 4
        tile = Image.new("RGBA", (size, size), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((size / 2, size / 2), letter, font=font, fill=RED, anchor="mm")
        rotation = -angle if top else 180 - angle
        tile = tile.rotate(rotation, resample=Image.BICUBIC)
        rad = math.radians(angle)
        x, y = centre + radius * math.sin(rad), centre - radius * math.cos(rad)
        image.alpha_composite(tile, (int(x - size / 2), int(y - size / 2)))


def seal_png(top_text: str, bottom_text: str, *, size: int = 600) -> bytes:
    """A red, transparent PNG of a round seal: two rings, `top_text` along the upper arc, `bottom_text` along the
    lower one, a star in the middle."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    c = size / 2
    draw.ellipse((8, 8, size - 8, size - 8), outline=RED, width=14)
    draw.ellipse((c - 0.70 * c, c - 0.70 * c, c + 0.70 * c, c + 0.70 * c), outline=RED, width=5)
    font = ImageFont.truetype(str(document_font().files["bold"]), int(size * 0.068))
    top = top_text.upper()
    top_span = min(245.0, 9.5 * len(top))
    _arc_text(image, top, centre=c, radius=0.83 * c, font=font, start=-top_span / 2, end=top_span / 2, top=True)
    bottom = bottom_text.upper()
    bottom_span = min(90.0, 9.0 * len(bottom))
    _arc_text(image, bottom, centre=c, radius=0.83 * c, font=font, start=180 + bottom_span / 2,
              end=180 - bottom_span / 2, top=False)
    star = []
    for i in range(10):
        radius = (0.42 if i % 2 == 0 else 0.17) * c
        angle = math.radians(i * 36)
        star.append((c + radius * math.sin(angle), c - radius * math.cos(angle)))
    draw.polygon(star, fill=RED)
    return _png(image)


def load_demo_signing_images() -> None:
    """Give every demo Lãnh đạo a signature image and every demo body a seal image (with the demo body
    certificate of the SoftHSM2 token registered for it), unless they have one already."""
    from django.core.management import call_command

    from conferences.models import Body
    from reports.register.services import leaders_of
    from reports.register.signing import demo, pki, token
    from reports.register.signing.models import SigningCertificate
    from reports.register.signing.services import signing_certificate_save

    call_command("signing_setup", stdout=io.StringIO())  # the demo CA and token (kept when they exist already)
    body_files = pki.issued_files(token.BODY_CERT_STEM)
    for body in Body.objects.order_by("pk"):
        record = SigningCertificate.objects.filter(kind="body", body=body, is_active=True).first()
        if record is None and body_files.cert_path.exists():
            record = signing_certificate_save(SigningCertificate(kind="body", body=body),
                                              certificate=body_files.certificate)
        if record is not None and not record.image:
            parent = body.parent.name if body.parent_id else ""
            signing_certificate_save(record, image=seal_png(f"{body.authority_name} {body.name}",
                                                            parent.replace("thành phố", "TP.").strip()))
        for leader in leaders_of(body):
            demo.register_demo_signer(leader)
            signer = SigningCertificate.objects.get(kind="signer", user=leader, is_active=True)
            if not signer.image:
                signing_certificate_save(signer, image=signature_png(leader.get_full_name() or leader.username))
