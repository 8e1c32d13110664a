"""The register's files: the version frozen for signature (empty number and date places, QR of the verification
id) and the issued file, which fills number and date in a later incremental revision of that same file."""

import hashlib
import io

from reports.documents import render_pdf
from reports.documents.base import Document
from reports.documents.fonts import document_font

# Named destinations the Decree-30 template writes (an element's id becomes one in WeasyPrint's PDF) where the
# number and the date go at issue.
NUMBER_ANCHOR = "so-van-ban"
DATE_ANCHOR = "ngay-ban-hanh"
FONT_SIZE = {NUMBER_ANCHOR: 13, DATE_ANCHOR: 14}
ITALIC = {DATE_ANCHOR}
# The anchors are empty inline blocks, which sit on the line's baseline; in a line box of line-height 1.3 the
# baseline lies half the leading (0.15 em) plus the font's ascent (0.891 em for Times metrics) below its top.
BASELINE = 1.041  # the place and date line is italic (Decree 30, Appendix I)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def freeze_pdf(document: Document) -> bytes:
    """The file sent for signature: no DỰ THẢO mark, blank number and date places the issue fills later."""
    document.draft_mark = False
    document.placeholders = True
    document.number = None
    document.date = None
    return render_pdf(document)


def _anchors(reader) -> dict[str, tuple[int, float, float]]:
    """name -> (page index, x, y) of the named destinations of the PDF (WeasyPrint's flat /Dests name array)."""
    root = reader.root
    names = root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    pages = {reader.find_page_for_modification(i)[0].idnum: i for i in range(int(reader.root["/Pages"]["/Count"]))}
    found = {}

    def walk(node):
        node = node.get_object()
        if "/Names" in node:
            array = node["/Names"]
            for i in range(0, len(array), 2):
                dest = array[i + 1]
                if hasattr(dest, "keys"):
                    dest = dest["/D"]
                page_ref = dest.raw_get(0)
                found[str(array[i])] = (pages.get(page_ref.idnum, 0), float(dest[2]), float(dest[3]))
        for kid in node.get("/Kids", []):
            walk(kid)

    walk(names["/Dests"])
    return found


def _overlay_pdf(texts: list[tuple[float, float, int, bool, str]], width: float, height: float) -> bytes:
    """A transparent page of the given size (points) with each (x, baseline y, size, italic, text) in the document
    font, rendered by WeasyPrint (templates/reports/pdf/issue_fill.html) so the font is embedded as in the rest."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from reports.documents.pdf import static_file_fetcher

    font = document_font()
    html = render_to_string("reports/pdf/issue_fill.html", {
        # Numbers as strings: the template would localise a float with a decimal comma.
        "font": font, "regular": font.uri("regular"), "italic": font.uri("italic"), "width": f"{width:.3f}",
        "height": f"{height:.3f}",
        "texts": [{"x": f"{x:.3f}", "top": f"{height - y - size * BASELINE:.3f}", "size": str(size),
                   "style": "italic" if italic else "normal", "text": text} for x, y, size, italic, text in texts]})
    return HTML(string=html, url_fetcher=static_file_fetcher()).write_pdf()


def fill_number_and_date(frozen: bytes, *, number_text: str, date_text: str) -> bytes:
    """Write the number ("05") and the date ("ngày 05 tháng 3 năm 2026") into the frozen file's blank places as
    page content of a new incremental revision: the frozen bytes stay the file's unchanged prefix.

    Raises ValueError when the file has no such places (it was not frozen by freeze_pdf).
    """
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader

    writer = IncrementalPdfFileWriter(io.BytesIO(frozen))
    anchors = _anchors(writer.prev)
    if NUMBER_ANCHOR not in anchors or DATE_ANCHOR not in anchors:
        raise ValueError("The file has no places for the number and date.")
    by_page: dict[int, list] = {}
    for anchor, text in ((NUMBER_ANCHOR, number_text), (DATE_ANCHOR, date_text)):
        page, x, y = anchors[anchor]
        by_page.setdefault(page, []).append((x, y, FONT_SIZE[anchor], anchor in ITALIC, text))
    for page_ix, texts in by_page.items():
        page_ref, _resources = writer.find_page_for_modification(page_ix)
        x0, y0, x1, y1 = (float(v) for v in page_ref.get_object()["/MediaBox"])
        overlay = PdfFileReader(io.BytesIO(_overlay_pdf(texts, x1 - x0, y1 - y0)))
        xobject = writer.import_page_as_xobject(overlay, 0)
        name = "/IssueFill"
        # The page's own content may leave its coordinate system changed (WeasyPrint flips it): wrap it in q / Q
        # and paint the overlay in the default coordinates, as pyHanko's stamps do.
        writer.add_stream_to_page(page_ix, writer.add_object(generic.StreamObject(stream_data=b"q")), prepend=True)
        paint = writer.add_object(generic.StreamObject(stream_data=b"Q q 1 0 0 1 %g %g cm %s Do Q" % (
            x0, y0, name.encode())))
        resources = generic.DictionaryObject({generic.pdf_name("/XObject"): generic.DictionaryObject(
            {generic.pdf_name(name): xobject})})
        writer.add_stream_to_page(page_ix, paint, resources=resources)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
