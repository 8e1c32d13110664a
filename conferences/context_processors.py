"""Template context shared by every public page: the portal's name and the body that runs it."""

from django.conf import settings


def portal(request):
    """Portal name and contact details for the base template's header and footer."""
    return {
        "portal_name": settings.PORTAL_NAME,
        "portal_body": None,
    }
