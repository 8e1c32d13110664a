"""Public URLs of the conferences app."""

from django.urls import path

from . import calculator, views

app_name = "conferences"

urlpatterns = [
    path("", views.home, name="home"),
    path("cong-cu/tinh-han/", calculator.deadline_calculator, name="deadline_calculator"),
]
