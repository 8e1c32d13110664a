"""Reads of the public registration: finding a repeat of a submission (the browser's Back button)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from conferences.common.text import clean_text
from conferences.models import Conference, Registration

REPEAT_WINDOW = datetime.timedelta(hours=24)


def registration_repeat_of(*, conference: Conference, tax_code: str, phone: str, full_name: str,
                           petition_texts: list[str]) -> Registration | None:
    """The registration of the last 24 hours this submission repeats, or None.

    A repeat: same conference, same (normalised) tax code / personal ID, same contact phone, and the same
    petition texts (in any order); without petitions, the same person's name. Withdrawn registrations do not
    count (registering again after withdrawing is allowed).
    """
    candidates = (Registration.objects
                  .filter(conference=conference, tax_code=tax_code, phone=phone, withdrawn_at__isnull=True,
                          created_at__gte=timezone.now() - REPEAT_WINDOW)
                  .prefetch_related("petitions").order_by("-created_at"))
    wanted = sorted(" ".join(clean_text(text).split()) for text in petition_texts)
    for registration in candidates:
        stored = sorted(" ".join(p.content.split()) for p in registration.petitions.all())
        if wanted and stored == wanted:
            return registration
        if not wanted and not stored and " ".join(registration.full_name.split()) == " ".join(
                clean_text(full_name).split()):
            return registration
    return None


def registration_notify_channels(registration: Registration) -> list[str]:
    """The channels the registrant chose for messages ("email", "sms", "zalo"), from their Phụ lục II submission;
    a registration without one (entered by staff before the choice existed) gets SMS, and e-mail when it has an
    address. None once they withdrew their consent (petitions/privacy.py)."""
    if registration.consent_withdrawn_at is not None:
        return []
    submission = getattr(registration, "submission", None)
    if submission is None:
        return ["sms"] + (["email"] if registration.email else [])
    return [channel for channel, wanted in (("email", submission.notify_email), ("sms", submission.notify_sms),
                                            ("zalo", submission.notify_zalo)) if wanted]
