"""System checks of the reports app: the official documents need their font, or PDFs fall back to DejaVu."""

from django.conf import settings
from django.core.checks import Error, register

from reports.documents.fonts import find_font_family


@register()
def check_document_fonts(app_configs, **kwargs):
    """A missing font would make WeasyPrint silently use DejaVu Sans, which no official document may carry."""
    if find_font_family() is None:
        return [
            Error(
                "Thiếu phông chữ văn bản (Liberation Serif 2.x hoặc Tinos, đủ tiếng Việt).",
                hint=("Cài gói Debian fonts-liberation2 (hoặc fonts-croscore), hoặc đặt DOCUMENT_FONT_DIRS "
                      f"(hiện tại: {', '.join(map(str, settings.DOCUMENT_FONT_DIRS))})."),
                id="dialogue_portal.E010",
            )
        ]
    return []
