"""Text helpers: Unicode NFC normalisation, invisible-character removal and masking of personal data."""

import re
import unicodedata

from django import forms
from django.db import models


def nfc(value):
    """Return `value` normalised to NFC when it is a string, unchanged otherwise."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


# Bidirectional controls (U+202A–U+202E, U+2066–U+2069) reverse text in the PDFs; zero-width characters
# (U+200B–U+200D, U+2060, U+FEFF) hide differences between names that look the same.
INVISIBLE_CHARACTERS = re.compile("[\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff]")


def clean_text(value):
    """`value` without bidirectional controls and zero-width characters, normalised to NFC (strings only).

    The one cleaning of names, addresses and petition texts on every path (forms, admin, imports): models
    apply it on save (NormalizedTextModel), form fields before their length is counted (CleanCharField).
    """
    if isinstance(value, str):
        return unicodedata.normalize("NFC", INVISIBLE_CHARACTERS.sub("", value))
    return value


def normalize_text_fields(instance: models.Model) -> None:
    """Clean every character and text field of `instance` in place (NFC, no invisible characters)."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, clean_text(value))


def fold_for_search(value: str) -> str:
    """Lower-case `value` and drop Vietnamese accents (đ→d), for accent-insensitive search on any database.

    "Thủ tục Đất đai" -> "thu tuc dat dai". Apply the same folding to the stored text and to the query.
    """
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFC", stripped).lower().split())


def mask_phone(phone: str) -> str:
    """Hide the middle of a phone number: 0912345678 -> 091****678."""
    if not phone:
        return ""
    if len(phone) <= 6:
        return "*" * len(phone)
    return f"{phone[:3]}{'*' * (len(phone) - 6)}{phone[-3:]}"


def mask_identifier(value: str) -> str:
    """Hide a 12-digit personal ID entirely but its last 3 digits; tax codes of enterprises stay visible."""
    if not value:
        return ""
    digits = value.replace("-", "")
    if len(digits) == 12 and digits.isdigit():
        return f"{'*' * 9}{digits[-3:]}"
    return value


class NormalizedTextModel(models.Model):
    """Abstract model that stores its text in NFC without invisible characters, so searching and sorting
    Vietnamese behave and no direction override reaches a document."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        normalize_text_fields(self)
        super().save(*args, **kwargs)


class CleanCharField(forms.CharField):
    """A text form field that removes direction controls and zero-width characters and normalises to NFC before
    its length is counted: 300 letters typed in decomposed Unicode are 300, not 882."""

    def to_python(self, value):
        return super().to_python(clean_text(value))


class NormalizedTextAdminMixin:
    """Admin (and inline) forms of NormalizedTextModel models clean their plain text fields with CleanCharField,
    so the admin counts a name's length after NFC like the public form (the model would store it cleaned, but
    the form's max-length check came first)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if (type(db_field) in (models.CharField, models.TextField) and not db_field.choices
                and issubclass(db_field.model, NormalizedTextModel)):
            kwargs.setdefault("form_class", CleanCharField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
