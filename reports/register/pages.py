"""Page images of a document's PDF (poppler's pdfinfo / pdftoppm), for the pages that show it as it will look:
the portal's Content-Security-Policy forbids embedding PDFs."""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

RESOLUTION = 80  # dpi: an A4 page is 662 × 935 px, readable beside the petition's text at 1366 px
TIMEOUT = 30


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ValueError(f"{name} (poppler-utils) is not installed")
    return path


def page_count(pdf: bytes) -> int:
    """The number of pages of `pdf` (0 when poppler cannot read it)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as source:
        source.write(pdf)
        source.flush()
        result = subprocess.run([_tool("pdfinfo"), source.name], capture_output=True,  # noqa: S603  # nosec B603
                                timeout=TIMEOUT, check=False)
    match = re.search(rb"^Pages:\s+(\d+)", result.stdout, re.MULTILINE)
    return int(match.group(1)) if match else 0


def page_png(pdf: bytes, page: int) -> bytes:
    """Page `page` (from 1) of `pdf` as a PNG; raises ValueError for a page the file does not have."""
    if page < 1 or page > page_count(pdf):
        raise ValueError(f"no page {page}")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run([_tool("pdftoppm"), "-png",  # noqa: S603  # nosec B603 "-r", str(RESOLUTION), "-f", str(page), "-l", str(page),
                        "-singlefile", str(source), str(Path(tmp) / "page")], check=True, timeout=TIMEOUT,
                       capture_output=True)
        return (Path(tmp) / "page.png").read_bytes()
