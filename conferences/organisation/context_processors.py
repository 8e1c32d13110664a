"""Template context shared by every public page: the portal's name and the body that runs it."""

from django.conf import settings
from django.db import DatabaseError
from django.utils.functional import SimpleLazyObject

from conferences.organisation.selectors import portal_body as select_portal_body


def _portal_body_or_none():
    try:
        return select_portal_body()
    except DatabaseError:
        # Before migrate, or with the database down, pages (the 404 page included) still render.
        return None


def portal(request):
    """Portal name and the presented body (lazy: no query unless a template uses it)."""
    body = getattr(request, "_portal_body", None)
    if body is None:
        body = SimpleLazyObject(_portal_body_or_none)
        request._portal_body = body
    return {
        "portal_name": settings.PORTAL_NAME,
        "portal_body": body,
    }
