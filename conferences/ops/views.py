"""Public views of the conferences app."""

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from conferences.organisation.selectors import portal_body, upcoming_conferences


def home(request):
    """The portal's home page: the public conferences not yet held (of the configured body, else of all)."""
    body = portal_body() if settings.PORTAL_DEFAULT_BODY_SLUG else None
    conferences = list(upcoming_conferences(body=body))
    return render(request, "conferences/home.html", {"upcoming_conferences": conferences,
                                                      "show_body": body is None})


def page_not_found(request, exception):
    """Vietnamese 404 page inside the portal's layout."""
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    """Vietnamese 500 page; a plain template so it renders even when the database is down."""
    return HttpResponseServerError(loader.get_template("500.html").render({}))
