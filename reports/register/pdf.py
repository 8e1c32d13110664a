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


def freeze_pdf(document: Document, *, seal: bool = True) -> bytes:
    """The file sent for signature: no DỰ THẢO mark, blank number and date places the issue fills later, each a
    read-only text form field, the signer's empty signature field at the signer block and, unless `seal` is False
    (the minutes carry no seal), the body's (one revision)."""
    document.draft_mark = False
    document.placeholders = True
    document.number = None
    document.date = None
    return add_form_fields(render_pdf(document), seal=seal)


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


# ---- Form fields -------------------------------------------------------------------------------------------------
# Number and date are text fields the signer's signature allows to be filled (pyHanko's and poppler's checks see a
# form being filled, not page content changed after signing); the signatures go into signature fields.
NUMBER_FIELD = "SoVanBan"
DATE_FIELD = "NgayBanHanh"
SIGNER_FIELD = "ChuKyNguoiKy"
SEAL_FIELD = "ChuKyCoQuan"
SIGNATURE_ANCHOR = "chu-ky"
MM = 72 / 25.4
# Widths of the number and date fields (wider than their blanks, so that "1234" or a long date still shows) and
# the signer's place (templates/reports/pdf/base_decree30.html, .signature-place).
FIELD_WIDTH = {NUMBER_ANCHOR: 16 * MM, DATE_ANCHOR: 75 * MM}
# The number's blank (.blank-number): its field ends where the blank ends, at the symbol's slash, and is
# right-justified (/Q 2), so that the number sits against its symbol ("Số: 05/TB-UBND") and a long one grows to the
# left into the space after "Số:". Files frozen before had the field start at the blank and no /Q: filled as before.
NUMBER_BLANK = 9 * MM
RIGHT_JUSTIFIED = 2
FIELD_NAMES = {NUMBER_ANCHOR: NUMBER_FIELD, DATE_ANCHOR: DATE_FIELD}
SIGNATURE_PLACE = (70 * MM, 36 * MM)
# The body's field: 40 mm wide (the seal image, about 29 mm, centred in it; the text under it may be wider), from
# the top of the signer's place to 1.5 mm above its bottom, so that the seal's two lines of text end above the
# signer's name line whatever the name.
SEAL_WIDTH = 40 * MM
SEAL_GAP = 1.5 * MM
LINE_HEIGHT = 1.3


def add_form_fields(rendered: bytes, *, seal: bool = True) -> bytes:
    """Copy WeasyPrint's PDF into one new revision with the number and date text fields (empty, read-only) over
    their blank places and the signer's empty signature field over the signer block's place (invisible when the
    document has no such place, e.g. the minutes' two-signer block)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field, ensure_sig_flags

    reader = PdfFileReader(io.BytesIO(rendered))
    anchors = _anchors(reader)
    writer = copy_into_new_writer(reader)
    name = generic.pdf_name
    helv = writer.add_object(generic.DictionaryObject({
        name("/Type"): name("/Font"), name("/Subtype"): name("/Type1"), name("/BaseFont"): name("/Helvetica"),
        name("/Encoding"): name("/WinAnsiEncoding")}))
    fields = generic.ArrayObject()
    writer.root[name("/AcroForm")] = generic.DictionaryObject({
        name("/Fields"): fields,
        name("/DR"): generic.DictionaryObject({name("/Font"): generic.DictionaryObject({name("/Helv"): helv})}),
        name("/DA"): generic.TextStringObject("/Helv 0 Tf 0 g")})
    for anchor in (NUMBER_ANCHOR, DATE_ANCHOR):
        if anchor not in anchors:
            continue
        page_ix, x, y = anchors[anchor]
        page_ref = writer.find_page_for_modification(page_ix)[0]
        # The anchor is the blank's baseline; the field is the line box of the text written there.
        size = FONT_SIZE[anchor]
        height = size * LINE_HEIGHT
        left = x + NUMBER_BLANK - FIELD_WIDTH[anchor] if anchor == NUMBER_ANCHOR else x
        rect = [left, y - (height - size * BASELINE), left + FIELD_WIDTH[anchor], y + size * BASELINE]
        empty = writer.add_object(_blank_appearance(rect[2] - rect[0], height))
        field = writer.add_object(generic.DictionaryObject({
            name("/FT"): name("/Tx"), name("/T"): generic.TextStringObject(FIELD_NAMES[anchor]),
            name("/Ff"): generic.NumberObject(1),  # read-only for a reader's user; the issue fills it
            name("/V"): generic.TextStringObject(""), name("/DA"): generic.TextStringObject(
                f"/Helv {FONT_SIZE[anchor]} Tf 0 g"),
            name("/Type"): name("/Annot"), name("/Subtype"): name("/Widget"), name("/F"): generic.NumberObject(4),
            name("/P"): page_ref, name("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in rect),
            name("/AP"): generic.DictionaryObject({name("/N"): empty})}))
        if anchor == NUMBER_ANCHOR:
            field.get_object()[name("/Q")] = generic.NumberObject(RIGHT_JUSTIFIED)
        fields.append(field)
        page = page_ref.get_object()
        annots = page.get("/Annots")
        if annots is None:
            page[name("/Annots")] = generic.ArrayObject([field])
        else:
            annots.get_object().append(field)
    box, seal_box, on_page = None, None, 0
    if SIGNATURE_ANCHOR in anchors:
        on_page, x, y = anchors[SIGNATURE_ANCHOR]
        width, height = SIGNATURE_PLACE
        box = (x, y - height, x + width, y)
        seal_box = _seal_box(x, y)
    append_signature_field(writer, SigFieldSpec(SIGNER_FIELD, on_page=on_page, box=box))
    # The body's signature goes into a field made now, so that issuing fills fields and adds no new one.
    if seal:
        append_signature_field(writer, SigFieldSpec(SEAL_FIELD, on_page=on_page, box=seal_box))
    # SignaturesExist | AppendOnly now, as signing sets them: the signed revision then changes no form flag.
    ensure_sig_flags(writer, lock_sig_flags=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _seal_box(x: float, top: float) -> tuple[float, float, float, float]:
    """The body's signature over the left third of the signer's place (Decree 30, Appendix I): centred on that
    third, inside the place's height (its seal image at the top, the body's name and the signing time under it)."""
    centre_x = x + SIGNATURE_PLACE[0] / 6
    bottom = top - SIGNATURE_PLACE[1] + SEAL_GAP
    return (centre_x - SEAL_WIDTH / 2, bottom, centre_x + SEAL_WIDTH / 2, top)


def _blank_appearance(width: float, height: float):
    from pyhanko.pdf_utils.writer import init_xobject_dictionary

    return init_xobject_dictionary(command_stream=b"", box_width=width, box_height=height)


def iter_fields(root, parent: str = "", node=None, depth: int = 0):
    """(fully qualified name, reference, field type) of every field of the document catalog `root`'s form."""
    if node is None:
        try:
            node = root["/AcroForm"]["/Fields"]
        except KeyError:
            return
    if depth > 8:  # a form nested deeper than any real one: stop rather than follow a loop
        return
    for ref in node:
        field = ref.get_object()
        if "/T" not in field:
            continue
        name = f"{parent}.{field['/T']}" if parent else str(field["/T"])
        yield name, ref, field.get("/FT")
        if "/Kids" in field:
            yield from iter_fields(root, name, field["/Kids"], depth + 1)


def field_rects(reader) -> dict[str, tuple[int, list[float]]]:
    """name -> (page index, rect) of the file's form fields whose widget is on a page."""
    found = {}
    pages = {reader.find_page_for_modification(i)[0].idnum: i for i in range(int(reader.root["/Pages"]["/Count"]))}
    for name, ref, _type in iter_fields(reader.root):
        field = ref.get_object()
        rect = field.get("/Rect")
        page_ref = field.raw_get("/P") if "/P" in field else None
        if rect is not None:
            found[name] = (pages.get(page_ref.idnum, 0) if page_ref is not None else 0, [float(v) for v in rect])
    return found


def _appearance_pdf(texts: list[tuple[float, float, int, bool, str, str]]) -> bytes:
    """One page per (width, height, size, italic, text, align), the text at the top (left or right) of its page in
    the document font,
    rendered by WeasyPrint (templates/reports/pdf/issue_fill.html) so the font is embedded as in the rest."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from reports.documents.pdf import static_file_fetcher

    font = document_font()
    html = render_to_string("reports/pdf/issue_fill.html", {
        # Numbers as strings: the template would localise a float with a decimal comma.
        "font": font, "regular": font.uri("regular"), "italic": font.uri("italic"),
        "texts": [{"width": f"{w:.3f}", "height": f"{h:.3f}", "size": str(size),
                   "style": "italic" if italic else "normal", "text": text, "align": align}
                  for w, h, size, italic, text, align in texts]})
    return HTML(string=html, url_fetcher=static_file_fetcher()).write_pdf()


def fill_fields(writer, *, number_text: str, date_text: str) -> None:
    """Fill the number ("05") and date ("ngày 05 tháng 3 năm 2026") fields of the file open in `writer` (an
    IncrementalPdfFileWriter): each field's value and a new appearance stream showing it in the document font.
    Raises ValueError when the file has no such fields (it was not frozen by freeze_pdf)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.reader import PdfFileReader

    rects = field_rects(writer.prev)
    if NUMBER_FIELD not in rects or DATE_FIELD not in rects:
        raise ValueError("The file has no places for the number and date.")
    values = ((NUMBER_FIELD, NUMBER_ANCHOR, number_text), (DATE_FIELD, DATE_ANCHOR, date_text))
    fields = {name: ref for name, ref in _field_refs(writer)}
    specs = []
    for field_name, anchor, text in values:
        _page, (x0, y0, x1, y1) = rects[field_name]
        right = int(fields[field_name].get_object().get("/Q", 0)) == RIGHT_JUSTIFIED
        specs.append((x1 - x0, y1 - y0, FONT_SIZE[anchor], anchor in ITALIC, text, "right" if right else "left"))
    rendered = PdfFileReader(io.BytesIO(_appearance_pdf(specs)))
    for page_ix, (field_name, _anchor, text) in enumerate(values):
        field_ref = fields[field_name]
        field = field_ref.get_object()
        appearance = writer.import_page_as_xobject(rendered, page_ix)
        field[generic.pdf_name("/AP")] = generic.DictionaryObject({generic.pdf_name("/N"): appearance})
        field[generic.pdf_name("/V")] = generic.TextStringObject(text)
        writer.update_container(field)
        writer.mark_update(field_ref)


def _field_refs(writer):
    for name, ref, _type in iter_fields(writer.root):
        yield name, ref


def fill_number_and_date(frozen: bytes, *, number_text: str, date_text: str) -> bytes:
    """The frozen (or signed) file with number and date filled in a new incremental revision: the given bytes stay
    the file's unchanged prefix. Raises ValueError when the file has no such places."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(frozen))
    fill_fields(writer, number_text=number_text, date_text=date_text)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
