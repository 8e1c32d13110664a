"""SMS text in one encoding, by setting: GSM-7 (without Vietnamese diacritics, 160 characters a message) or
UCS-2 (with them, 70 a message); and the number of segments a text is sent as."""

import unicodedata

from django.conf import settings

# The GSM 03.38 basic character set and its extension table (an extension character takes two septets).
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM7_EXTENSION = set("^{}\\[~]|€\f")
# Typographic characters people paste, replaced by their GSM-7 look-alikes.
_REPLACEMENTS = {"–": "-", "—": "-", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "\u00a0": " ",
                 "đ": "d", "Đ": "D"}


def to_gsm7(text: str) -> str:
    """`text` without diacritics ("Hải Hưng" -> "Hai Hung"), in the GSM-7 character set ("?" for the rest)."""
    for old, new in _REPLACEMENTS.items():
        text = text.replace(old, new)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))
    return "".join(ch if ch in GSM7_BASIC or ch in GSM7_EXTENSION else "?" for ch in stripped)


def sms_text(text: str) -> str:
    """The SMS text in the encoding of the setting SMS_UNICODE: UCS-2 keeps the diacritics (NFC), GSM-7 drops
    them, so every SMS of the portal is sent consistently in one encoding."""
    text = " ".join((text or "").split())
    if getattr(settings, "SMS_UNICODE", False):
        return unicodedata.normalize("NFC", text)
    return to_gsm7(text)


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def sms_segments(text: str) -> int:
    """How many messages `text` is sent as: GSM-7 160 septets (153 each when concatenated), UCS-2 70
    characters (67 each; a character outside the basic plane counts twice)."""
    if is_gsm7(text):
        length = sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
        single, part = 160, 153
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, part = 70, 67
    if length <= single:
        return 1 if length else 0
    return -(-length // part)
