"""Find interface text left in English on a page: the English msgids of the catalogues the admin draws from
(Django's, django-import-export's) that appear as a whole text node or label attribute of the HTML."""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import axes
import django
import django_celery_beat
import django_otp
import import_export

DJANGO = Path(django.__file__).parent
# Django's English catalogues list every msgid of the installed version (its Vietnamese ones lack the newer
# strings); the libraries without an English catalogue: any one of theirs lists their msgids.
CATALOGUES = [
    DJANGO / "contrib/admin/locale/en/LC_MESSAGES/django.po",
    DJANGO / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po",
    DJANGO / "contrib/auth/locale/en/LC_MESSAGES/django.po",
    DJANGO / "conf/locale/en/LC_MESSAGES/django.po",
    Path(import_export.__file__).parent / "locale/fr/LC_MESSAGES/django.po",
    Path(axes.__file__).parent / "locale/de/LC_MESSAGES/django.po",
    Path(django_otp.__file__).parent / "locale/de/LC_MESSAGES/django.po",
    Path(django_celery_beat.__file__).parent / "locale/de/LC_MESSAGES/django.po",
]
# Words that read the same in Vietnamese staff usage, or that are user data as often as interface text.
SAME_IN_VIETNAMESE = {"id", "url", "email", "e-mail", "ok", "pdf", "csv", "xlsx", "json", "html", "ip", "tsv",
                      "ods", "xls", "yaml", "admin", "django"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
NUMBER = re.compile(r"%\(\w+\)d|%d")
LABEL_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}


def _unquote(s: str) -> str:
    return s.encode("raw_unicode_escape").decode("unicode_escape") if "\\" in s else s


def po_msgids(path: Path) -> list[str]:
    """The msgids (and plural msgids) of a .po file, context and comments aside."""
    ids, current, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?|msgctxt) "(.*)"$', line)
        if m:
            if current is not None and field in ("msgid", "msgid_plural"):
                ids.append(current)
            field, current = m.group(1), _unquote(m.group(2))
        elif line.startswith('"') and current is not None:
            current += _unquote(line[1:-1])
        else:
            if current is not None and field in ("msgid", "msgid_plural"):
                ids.append(current)
            current, field = None, None
    return [i for i in ids if i]


@cache
def english_patterns() -> tuple[frozenset[str], re.Pattern | None]:
    exact, templated = set(), []
    for path in CATALOGUES:
        for msgid in po_msgids(path):
            text = " ".join(msgid.split())
            if not re.search(r"[A-Za-z]{3,}", PLACEHOLDER.sub("", text)) or text.lower() in SAME_IN_VIETNAMESE:
                continue
            if PLACEHOLDER.search(text):
                pieces = PLACEHOLDER.split(text)
                if sum(len(p.strip()) for p in pieces) < 6:
                    continue
                holders = PLACEHOLDER.findall(text)
                regex = re.escape(pieces[0])
                for holder, piece in zip(holders, pieces[1:], strict=True):
                    regex += (r"\d+" if NUMBER.fullmatch(holder) else ".+?") + re.escape(piece)
                templated.append(regex)
            else:
                exact.add(text.lower())
    pattern = re.compile("(?:" + "|".join(templated) + ")", re.I) if templated else None
    return frozenset(exact), pattern


class _Texts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template", "textarea"):
            self._skip += 1
        attrs = dict(attrs)
        for name, value in attrs.items():
            if value and (name in LABEL_ATTRIBUTES or (name == "value" and attrs.get("type") in ("submit", "button"))):
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "textarea") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data)


def english_leftovers(html: str) -> set[str]:
    """The English interface strings (whole text nodes or labels) found in `html`."""
    exact, templated = english_patterns()
    parser = _Texts()
    parser.feed(html)
    found = set()
    for text in parser.texts:
        text = " ".join(text.split())
        # A label often ends with a colon or an ellipsis the template adds.
        bare = text.rstrip(":").strip()
        if text.lower() in exact or bare.lower() in exact or (templated and templated.fullmatch(text)):
            found.add(text)
    return found
