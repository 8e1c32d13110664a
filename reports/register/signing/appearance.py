"""How the signatures look on the page (Decree 30, Appendix I): the signer's handwritten-signature image (blue PNG)
in the signer's field at the signer block; the body's seal image (red PNG) over the left third of it with the
body's name and the signing time; on an attachment in its own file, the body's signature at the top right of the
first page as text only (number and symbol of the main document, signing time; Times New Roman 10, upright).

Without an uploaded image the field shows text only, never a drawn mark: a drawn scribble or ring would look like
a handwritten signature or a seal impression that nobody gave, while the text says what the signature is (who
signed, as what, when). Rendered by WeasyPrint in the document font and used as the fields' appearance streams
through pyHanko's static stamp style. Text sizes are chosen so that each line fits its box on one line."""

import datetime
import io
from dataclasses import dataclass
from functools import lru_cache

from django.template.loader import render_to_string
from django.utils import timezone

from reports.documents.fonts import document_font

IMAGE_URL = "https://documents.invalid/signature-image.png"
BLUE, RED, BLACK = "#1f3a93", "#d0021b", "#000000"
LINE_HEIGHT = 1.2
MM = 72 / 25.4


def signing_time_text(moment: datetime.datetime) -> str:
    """ISO 8601 in Vietnam's time zone, to the second: "2026-06-05T09:30:15+07:00"."""
    local = timezone.localtime(moment).replace(microsecond=0)
    return local.isoformat()


@lru_cache(maxsize=4)
def _measure_font(path: str):
    from PIL import ImageFont

    return ImageFont.truetype(path, 100)


def text_width(text: str, size: float) -> float:
    """The advance width in points of `text` set in the document font at `size` points."""
    return _measure_font(str(document_font().files["regular"])).getlength(text) * size / 100


def fitting_size(lines, width: float, *, largest: float, smallest: float = 5.0) -> float:
    """The largest size (at most `largest`) at which every line fits `width` points; not below `smallest` (a line
    longer than that wraps)."""
    widest = max((text_width(line, 1.0) for line in lines), default=0.0)
    if widest <= 0:
        return largest
    return max(smallest, min(largest, int(width * 0.95 / widest * 100) / 100))


def wrapped(lines, width: float, size: float) -> list[str]:
    """`lines` with any line wider than `width` points at `size` broken between words."""
    out = []
    for line in lines:
        current = ""
        for word in line.split():
            candidate = f"{current} {word}".strip()
            if current and text_width(candidate, size) > width:
                out.append(current)
                current = word
            else:
                current = candidate
        out.append(current)
    return out


@dataclass
class TextBox:
    """Lines of text in a box of the field (points from the field's top left)."""

    lines: list
    left: float
    top: float
    width: float
    size: float
    color: str
    align: str = "center"

    @property
    def height(self) -> float:
        return len(self.lines) * self.size * LINE_HEIGHT


def _fetcher(image: bytes | None):
    from weasyprint.urls import URLFetcherResponse

    from reports.documents.pdf import static_file_fetcher

    base = static_file_fetcher()

    class Fetcher(type(base)):
        def fetch(self, url, headers=None):
            if image is not None and url == IMAGE_URL:
                return URLFetcherResponse(url, body=image, headers={"Content-Type": "image/png"})
            return super().fetch(url, headers)

    return Fetcher()


def _pt(value: float) -> str:
    return f"{value:.3f}"  # a string: the template would localise a float with a decimal comma


def render(width: float, height: float, *, image: bytes | None = None, image_height: float = 0.0,
           texts=()) -> bytes:
    """A one-page PDF of `width` x `height` points: the image contained in the top `image_height` points, and each
    TextBox of `texts`."""
    from weasyprint import HTML

    font = document_font()
    html = render_to_string("reports/pdf/signature_appearance.html", {
        "font": font, "regular": font.uri("regular"), "width": _pt(width), "height": _pt(height),
        "image": IMAGE_URL if image else "", "image_height": _pt(image_height),
        "texts": [{"lines": box.lines, "left": _pt(box.left), "top": _pt(box.top), "width": _pt(box.width),
                   "size": _pt(box.size), "color": box.color, "align": box.align} for box in texts]})
    return HTML(string=html, url_fetcher=_fetcher(image)).write_pdf()


def stamp_style(pdf_page: bytes):
    """pyHanko's static stamp style painting page 1 of `pdf_page` as the field's appearance."""
    from pyhanko.pdf_utils import content
    from pyhanko.pdf_utils.layout import AxisAlignment, InnerScaling, Margins, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.stamp import StaticStampStyle

    class ImportedBytesPage(content.ImportedPdfPage):
        def render(self) -> bytes:
            import binascii
            import uuid

            from pyhanko.pdf_utils.layout import BoxConstraints

            xobj = self._ensure_writer.import_page_as_xobject(PdfFileReader(io.BytesIO(pdf_page)), page_ix=0)
            name = b"/Import" + binascii.hexlify(uuid.uuid4().bytes)
            self.resources.xobject[name.decode("ascii")] = xobj
            x1, y1, x2, y2 = xobj.get_object()["/BBox"]
            self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
            return name + b" Do"

    return StaticStampStyle(
        background=ImportedBytesPage("", 0), border_width=0, background_opacity=1.0,
        background_layout=SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MID, y_align=AxisAlignment.ALIGN_MID,
                                              margins=Margins(), inner_content_scaling=InnerScaling.STRETCH_FILL))


# The signer's text, when they have no image, starts right of the seal's third of the place (the seal field is
# 32 mm wide, centred on that third) so that the two never meet.
SIGNER_TEXT_LEFT = 0.41


def signer_text(width: float, height: float, *, signer_name: str, signer_title: str,
                moment: datetime.datetime) -> TextBox:
    lines = [f"Ký bởi: {signer_name}", *([signer_title] if signer_title else []), signing_time_text(moment)]
    left = width * SIGNER_TEXT_LEFT
    size = fitting_size(lines, width - left, largest=8.5)
    return TextBox(lines=wrapped(lines, width - left, size), left=left, top=3 * MM, width=width - left, size=size,
                   color=BLUE, align="left")


def signer_appearance(width: float, height: float, *, signer_name: str, moment: datetime.datetime,
                      signer_title: str = "", image: bytes | None = None) -> bytes:
    """The signer's field: their signature image; without one, text only (who signed, as what, when)."""
    if image:
        return render(width, height, image=image, image_height=height)
    return render(width, height, texts=[signer_text(width, height, signer_name=signer_name,
                                                    signer_title=signer_title, moment=moment)])


def seal_text(width: float, height: float, *, body_name: str, moment: datetime.datetime) -> TextBox:
    """The body's name and the signing time at the bottom of the seal field, each on one line."""
    lines = [body_name, signing_time_text(moment)]
    size = fitting_size(lines, width, largest=7.0)
    box = TextBox(lines=wrapped(lines, width, size), left=0, top=0, width=width, size=size, color=RED)
    box.top = height - box.height
    return box


def seal_appearance(width: float, height: float, *, body_name: str, moment: datetime.datetime,
                    image: bytes | None = None) -> bytes:
    """The body's field: the seal image over the top, the body's name and the signing time under it; without an
    image, the text alone."""
    text = seal_text(width, height, body_name=body_name, moment=moment)
    return render(width, height, image=image, image_height=max(0.0, text.top - 0.5 * MM), texts=[text])


def attachment_appearance(width: float, height: float, *, reference: str, moment: datetime.datetime) -> bytes:
    """The body's signature on an attachment in its own file: no image; the main document's number and symbol and
    the signing time, Times New Roman 10, upright, black, right-aligned at the top right of the first page."""
    lines = [reference, signing_time_text(moment)]
    return render(width, height, texts=[TextBox(lines=lines, left=0, top=0, width=width,
                                                size=fitting_size(lines, width, largest=10.0), color=BLACK,
                                                align="right")])
