"""The document font: a Times-New-Roman-metric serif with full Vietnamese coverage, found on disk by file name."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

# (family name for CSS and Word, file name stem) in order of preference; both have Times New Roman metrics.
FAMILIES = (("Liberation Serif", "LiberationSerif"), ("Tinos", "Tinos"))
STYLES = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}
# Letters that Liberation Serif 1.07 lacks: a font without them would make WeasyPrint fall back to DejaVu.
VIETNAMESE_SAMPLE = "ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐđƯưƠơ"


@dataclass(frozen=True)
class FontFamily:
    name: str
    files: dict  # style -> Path

    def uri(self, style: str) -> str:
        return self.files[style].as_uri()


def _covers_vietnamese(path: Path) -> bool:
    from fontTools.ttLib import TTFont

    try:
        cmap = TTFont(str(path), lazy=True).getBestCmap()
    except Exception:
        return False
    return all(ord(ch) in cmap for ch in VIETNAMESE_SAMPLE)


def find_font_family(dirs=None) -> FontFamily | None:
    """The first complete family (4 styles) with Vietnamese coverage in DOCUMENT_FONT_DIRS, or None."""
    return _find(tuple(str(d) for d in (dirs if dirs is not None else settings.DOCUMENT_FONT_DIRS)))


@lru_cache(maxsize=8)
def _find(dirs: tuple[str, ...]) -> FontFamily | None:
    for directory in dirs:
        for family, stem in FAMILIES:
            files = {style: Path(directory) / f"{stem}-{suffix}.ttf" for style, suffix in STYLES.items()}
            if all(p.is_file() for p in files.values()) and _covers_vietnamese(files["regular"]):
                return FontFamily(name=family, files=files)
    return None


def document_font() -> FontFamily:
    """The family used for documents; raises RuntimeError when none is installed (see the E010 check)."""
    family = find_font_family()
    if family is None:
        raise RuntimeError(
            "No document font (Liberation Serif 2.x or Tinos) in DOCUMENT_FONT_DIRS; "
            "install fonts-liberation2 or fonts-croscore.")
    return family
