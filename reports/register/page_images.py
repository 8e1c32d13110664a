"""The page images of a register document, made once per content version: the file is rendered (a draft) or read
(the frozen, signed or issued bytes) once, every page is rasterised in one pdftoppm run, and the PNGs are kept beside
MEDIA_ROOT in "page-images/<document id>/<content version>/" (never served as media: the register's views check the
reader first). A new version of the content replaces the document's older images; a document page and its images
then cost one rendering instead of one per image."""

import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from reports.register.pages import RESOLUTION, TIMEOUT, _tool

# Part of every content version: change it when the rendering changes (templates, fonts, resolution), so that
# images made by an older release are not shown.
RENDERING = f"r{RESOLUTION}-1"
_PAGE = re.compile(r"page-0*(\d+)\.png$")


def images_root() -> Path:
    """Read from the settings at each use, so tests may move it."""
    return Path(settings.MEDIA_ROOT).parent / "page-images"


def content_version(kind: str, data: str) -> str:
    """A short, file-name-safe version: `kind` ("draft", "frozen", "signed", "issued") and a SHA-256 (given, or of
    the draft's content)."""
    digest = data if re.fullmatch(r"[0-9a-f]{64}", data) else hashlib.sha256(data.encode()).hexdigest()
    return f"{kind}-{hashlib.sha256(f'{RENDERING}:{digest}'.encode()).hexdigest()[:40]}"


@contextmanager
def _locked(key: str):
    """One process at a time makes a document's images (the page and its images are requested together)."""
    root = images_root()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def rasterise(pdf: bytes, into: Path) -> int:
    """Every page of `pdf` as into/page-<n>.png (one pdftoppm run); returns the number of pages (0 when poppler
    cannot read the file)."""
    source = into / "document.pdf"
    source.write_bytes(pdf)
    result = subprocess.run([_tool("pdftoppm"), "-png", "-r", str(RESOLUTION),  # noqa: S603  # nosec B603
                             str(source), str(into / "page")], timeout=TIMEOUT, capture_output=True, check=False)
    source.unlink()
    pages = 0
    for path in into.glob("page-*.png"):  # pdftoppm pads the number to the page count's width ("page-01.png")
        number = int(_PAGE.search(path.name)[1])
        path.rename(into / f"page-{number}.png")
        pages = max(pages, number)
    return pages if result.returncode == 0 else 0


def _ensure(key: str, version: str, source: Callable[[], bytes]) -> Path:
    """The directory holding the images of `version` of document `key`, made (under the document's lock) when
    missing; the document's images of other versions are removed then."""
    final = images_root() / key / version
    if final.is_dir():
        return final
    with _locked(key):
        if final.is_dir():  # made by the request that held the lock before us
            return final
        final.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".new-", dir=final.parent))
        try:
            rasterise(source(), work)
            os.rename(work, final)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        for old in final.parent.iterdir():
            if old != final and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
    return final


def page_count(key: str, version: str, source: Callable[[], bytes]) -> int:
    """The number of pages of the document's content `version` (`source()` gives its PDF when not made yet)."""
    directory = _ensure(key, version, source)
    return sum(1 for _ in directory.glob("page-*.png"))


def page_png(key: str, version: str, source: Callable[[], bytes], page: int) -> bytes:
    """Page `page` (from 1) as PNG; raises ValueError for a page the file does not have."""
    path = _ensure(key, version, source) / f"page-{int(page)}.png"
    if page < 1 or not path.is_file():
        raise ValueError(f"no page {page}")
    return path.read_bytes()
