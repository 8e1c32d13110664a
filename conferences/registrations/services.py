"""Write services of registrations typed by staff in the admin (paper forms, the centre, the hall)."""

from django.db import transaction

from conferences.models import Registration


def registration_staff_save(*, registration: Registration, actor, created: bool) -> Registration:
    """Save a registration from its admin page; a new one records who typed it. Returns the registration."""
    with transaction.atomic():
        if created:
            registration.created_by = actor
        registration.save()
    return registration
