"""Public URLs of the conferences app."""

from django.urls import path

from conferences.calendar import calculator
from conferences.ops import views

app_name = "conferences"

urlpatterns = [
    path("", views.home, name="home"),
    path("cong-cu/tinh-han/", calculator.deadline_calculator, name="deadline_calculator"),
]
