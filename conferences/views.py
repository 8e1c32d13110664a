"""Public views of the conferences app."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


def home(request):
    """The portal's home page."""
    return render(request, "conferences/home.html")


def page_not_found(request, exception):
    """Vietnamese 404 page inside the portal's layout."""
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    """Vietnamese 500 page; a plain template so it renders even when the database is down."""
    return HttpResponseServerError(loader.get_template("500.html").render({}))
