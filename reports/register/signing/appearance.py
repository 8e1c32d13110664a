"""How the signatures look on the page (Decree 30, Appendix I): the signer's handwritten-signature image (blue PNG)
in the signer's field at the signer block; the body's seal image (red PNG) over the left third of it with the
body's name and the signing time. Rendered by WeasyPrint in the document font and used as the fields' appearance
streams through pyHanko's static stamp style."""

import datetime
import io

from django.template.loader import render_to_string
from django.utils import timezone

from reports.documents.fonts import document_font

IMAGE_URL = "https://documents.invalid/signature-image.png"
BLUE, RED = "#1f3a93", "#d0021b"


def signing_time_text(moment: datetime.datetime) -> str:
    """ISO 8601 in Vietnam's time zone, to the second: "2026-06-05T09:30:15+07:00"."""
    local = timezone.localtime(moment).replace(microsecond=0)
    return local.isoformat()


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


def render(width: float, height: float, *, image: bytes | None = None, image_height: float | None = None,
           lines=(), note_lines=(), color: str = BLUE, ring: bool = False, text_size: float = 6.5) -> bytes:
    """A one-page PDF of `width` x `height` points: the image (contained in the top `image_height` points), or a
    seal ring when asked and there is no image, with `lines` of text at the bottom."""
    from weasyprint import HTML

    font = document_font()
    image_height = image_height if image_height is not None else height
    html = render_to_string("reports/pdf/signature_appearance.html", {
        "font": font, "regular": font.uri("regular"), "width": f"{width:.3f}", "height": f"{height:.3f}",
        "image_height": f"{image_height:.3f}", "ring_left": f"{(width - image_height) / 2:.3f}",
        "image": IMAGE_URL if image else "", "ring": ring, "lines": list(lines), "note_lines": list(note_lines),
        "color": color, "text_size": f"{text_size:g}"})
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


def signer_appearance(width: float, height: float, *, signer_name: str, moment: datetime.datetime,
                      image: bytes | None = None) -> bytes:
    """The signer's field: their signature image; without one, a short blue note that it was signed digitally."""
    if image:
        return render(width, height, image=image, color=BLUE)
    return render(width, height, note_lines=["Đã ký số", signer_name, signing_time_text(moment)], color=BLUE,
                  text_size=8)


def seal_appearance(width: float, height: float, *, body_name: str, moment: datetime.datetime,
                    image: bytes | None = None) -> bytes:
    """The body's field: the seal image (a red ring when none is uploaded) over the top, the body's name and the
    signing time under it."""
    ring_size = min(width, height - 16)
    return render(width, height, image=image, image_height=ring_size, ring=True, color=RED,
                  lines=[body_name, signing_time_text(moment)])
