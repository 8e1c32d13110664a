"""Rendering an outbox message from its templates: subject, text, HTML and SMS text per language."""

from collections.abc import Iterable

from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

MESSAGE_PARTS = {"subject": "subject.txt", "text": "txt", "html": "html", "sms": "sms.txt"}


def _render_plain(name: str, context: dict) -> str:
    """Render a plain-text template without HTML escaping: "A & B" stays "A & B", not "A &amp; B"."""
    from django.template import Context
    from django.template.loader import get_template

    return get_template(name).template.render(Context(context, autoescape=False))


def render_message(template: str, context: dict, *, language: str = "vi",
                   parts: Iterable[str] = tuple(MESSAGE_PARTS)) -> dict[str, str]:
    """Render the subject, text, HTML and SMS text of `templates/messages/<language>/<template>.*`.

    Falls back to the Vietnamese templates when the language has none. Returns a dict with keys subject,
    text, html and sms ("" for a part without a template, or not among `parts`).
    """
    rendered = dict.fromkeys(MESSAGE_PARTS, "")
    with translation.override(language):
        for key in parts:
            names = [f"messages/{language}/{template}.{MESSAGE_PARTS[key]}",
                     f"messages/vi/{template}.{MESSAGE_PARTS[key]}"]
            value = ""
            for name in names:
                try:
                    value = render_to_string(name, context) if key == "html" else _render_plain(name, context)
                    break
                except TemplateDoesNotExist:
                    continue
            rendered[key] = value.strip() if key != "html" else value
    rendered["subject"] = " ".join(rendered["subject"].split())
    return rendered
