"""Reading a row id typed into a form or a URL by hand: a crafted value is "no such row", never a 500."""

from django.http import Http404

_MAX_ID = 2**63 - 1  # bigint: a larger number overflows the database parameter


def parse_id(value) -> int | None:
    """`value` as a positive row id, or None when it is anything else ("1 OR 1=1", "-1", "", 10**30)."""
    text = str(value if value is not None else "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= _MAX_ID else None


def id_or_404(value) -> int:
    """`value` as a row id; raises Http404 (the portal's Vietnamese "not found" page) when it is malformed."""
    number = parse_id(value)
    if number is None:
        raise Http404("malformed id")
    return number
