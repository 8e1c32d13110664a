"""The short status link sent by SMS and e-mail (PUBLIC_BASE_URL/tc/<code>/<secret>/): building it, answering
it, and sending it again to a repeated submission."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache

from conferences.models import Registration
from petitions.workflow.services import PetitionError


def short_status_url(registration: Registration) -> str:
    """The absolute short link to the status page, for SMS: PUBLIC_BASE_URL/tc/<code>/<secret>/."""
    return settings.PUBLIC_BASE_URL + reverse(
        "petitions:status_short", kwargs={"code": registration.code, "secret": registration.secret})


@never_cache
def status_short_link(request, code: str, secret: str):
    """Redirect the SMS's short link to the registration's status page; 404 for a wrong code or secret."""
    registration = (Registration.objects.select_related("conference__body")
                    .filter(code=code.strip().upper()).first())
    if registration is None or not constant_time_compare(registration.secret, secret):
        raise Http404
    return redirect(reverse("petitions:registration_status", kwargs={
        "body_slug": registration.conference.body.slug, "code": registration.code, "secret": registration.secret}))


def registration_resend_status_link(*, registration: Registration) -> Registration:
    """Send the status link again to the phone and e-mail on file (a repeated submission); at most once an
    hour per registration (dedup key). Raises PetitionError when an address on file is invalid."""
    from conferences.common.errors import ConferenceError
    from conferences.outbox import services as outbox

    conference = registration.conference
    submission = getattr(registration, "submission", None)
    hour = timezone.now().strftime("%Y%m%d%H")
    try:
        with transaction.atomic():
            outbox.notification_enqueue(
                body=conference.body, template="registration_repeat",
                context={"registration": registration, "conference": conference, "body": conference.body,
                         "status_link": short_status_url(registration)},
                email=registration.email if (submission is None or submission.notify_email) else "",
                phone=registration.phone, related=registration,
                dedup_key=f"registration:{registration.pk}:repeat:{hour}")
    except ConferenceError as exc:
        raise PetitionError(str(exc)) from exc
    return registration
