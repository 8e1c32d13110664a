"""PDF rendering of Decree-30 documents: Django template -> WeasyPrint, fonts by file URI, local files only."""

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string

from reports.documents.base import NATIONAL_MOTTO, NATIONAL_TITLE, Document
from reports.documents.fonts import document_font

logger = logging.getLogger(__name__)

# Relative URLs in document templates ("/static/img/…") are resolved against this fake origin and served
# from the static finders; nothing is ever fetched from the network.
BASE_URL = "https://documents.invalid/"


def _is_within(path: Path, roots) -> bool:
    return any(path == root or root in path.parents for root in roots)


def static_file_fetcher():
    """A WeasyPrint URL fetcher that serves the document fonts and local static files and refuses the rest."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    font_files = {p.resolve() for p in document_font().files.values()}

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            path = None
            if parts.scheme == "file":
                candidate = Path(unquote(parts.path)).resolve()
                static_roots = [Path(p).resolve() for p in finders_roots()]
                if candidate in font_files or _is_within(candidate, static_roots):
                    path = candidate
            elif url.startswith(BASE_URL.rstrip("/") + settings.STATIC_URL):
                try:
                    found = finders.find(unquote(parts.path)[len(settings.STATIC_URL):])
                except SuspiciousFileOperation:  # "../" out of the static directories
                    found = None
                path = Path(found).resolve() if found else None
            if path is None or not path.is_file():
                logger.warning("Document renderer refused to fetch %s", url)
                raise ValueError(f"Refused to fetch {url}: only local static files are served.")
            return URLFetcherResponse(path.as_uri(), body=path.read_bytes())

    return StaticOnlyFetcher()


def finders_roots() -> list[str]:
    """The directories the static finders serve from (STATICFILES_DIRS and the apps' static folders)."""
    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(location)
    return roots


def render_html(document: Document) -> str:
    """The document's HTML (the same that goes into the PDF)."""
    font = document_font()
    faces = [{"uri": font.uri(style), "weight": 700 if "bold" in style else 400,
              "style": "italic" if "italic" in style else "normal"} for style in font.files]
    return render_to_string(document.template_name, {
        "doc": document,
        "font": font,
        "font_faces": faces,
        "national_title": NATIONAL_TITLE,
        "national_motto": NATIONAL_MOTTO,
    })


def render_pdf(document: Document) -> bytes:
    """Render `document` to PDF bytes (A4, Decree-30 margins, the document font embedded).

    Raises RuntimeError when the document font is missing (system check dialogue_portal.E010).
    """
    from weasyprint import HTML

    html = render_html(document)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=static_file_fetcher()).write_pdf()
