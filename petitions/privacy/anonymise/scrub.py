"""Finding a person's known values in free text and replacing them by a placeholder."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from conferences.common.text import nfc
from conferences.models import OrganisationKind

# Stored data, not interface text: written in Vietnamese whatever the language of the run.
PLACEHOLDER = "[đã ẩn danh]"
REMOVED_MESSAGE = "[Nội dung thư đã xóa khi ẩn danh dữ liệu cá nhân.]"
ORGANISATION_PLACEHOLDERS = {
    OrganisationKind.ENTERPRISE: "Doanh nghiệp (đã ẩn danh)",
    OrganisationKind.COOPERATIVE: "Hợp tác xã (đã ẩn danh)",
    OrganisationKind.HOUSEHOLD: "Hộ kinh doanh (đã ẩn danh)",
}

_SEPARATOR = r"[\s.\-]?"
MIN_TEXT_LENGTH = 4
MIN_DIGITS = 6


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)).lower()
    return base if len(base) == 1 else ch


def fold_keep_length(text: str) -> str:
    """Lower case without accents (đ→d), one character for one: positions in the result are positions in `text`."""
    return "".join(_fold_char(c) for c in text)


class Scrubber:
    """Replaces known personal values in free text by PLACEHOLDER.

    Texts (names, addresses, e-mails, organisation names) match ignoring case, accents and runs of spaces;
    numbers (phones, identifiers) match ignoring spaces, dots and dashes between digits, and a phone also in
    its +84 / 84 form. Values too short to be identifying are ignored.
    """

    def __init__(self, *, texts: Iterable[str] = (), numbers: Iterable[str] = ()):
        folded = {fold_keep_length(nfc(t).strip()) for t in texts if t and len(t.strip()) >= MIN_TEXT_LENGTH}
        words = [r"\s+".join(re.escape(w) for w in value.split()) for value in sorted(folded, key=len, reverse=True)]
        self._text_re = re.compile("|".join(words)) if words else None
        digit_patterns = set()
        for number in numbers:
            digits = re.sub(r"\D", "", number or "")
            if len(digits) < MIN_DIGITS:
                continue
            if digits.startswith("0"):
                digit_patterns.add(r"(?:\+\s?84|84|0)" + _SEPARATOR + _SEPARATOR.join(digits[1:]))
            else:
                digit_patterns.add(_SEPARATOR.join(digits))
        self._number_re = (re.compile(r"(?<!\d)(?:" + "|".join(sorted(digit_patterns, key=len, reverse=True))
                                      + r")(?!\d)") if digit_patterns else None)

    def __call__(self, text: str) -> str:
        if not text or (self._text_re is None and self._number_re is None):
            return text
        text = nfc(text)
        spans = []
        if self._text_re is not None:
            spans += [m.span() for m in self._text_re.finditer(fold_keep_length(text))]
        if self._number_re is not None:
            spans += [m.span() for m in self._number_re.finditer(text)]
        if not spans:
            return text
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        out, pos = [], 0
        for start, end in merged:
            out += [text[pos:start], PLACEHOLDER]
            pos = end
        out.append(text[pos:])
        return "".join(out)


def organisation_placeholder(kind: str) -> str:
    return ORGANISATION_PLACEHOLDERS.get(kind, ORGANISATION_PLACEHOLDERS[OrganisationKind.ENTERPRISE])
