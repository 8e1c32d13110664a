"""Public URLs of the conferences app."""

from django.urls import path

from . import views

app_name = "conferences"

urlpatterns = [
    path("", views.home, name="home"),
]
