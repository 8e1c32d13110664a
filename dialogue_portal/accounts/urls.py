"""Two-factor pages, mounted under /admin/xac-thuc/ (namespace two_factor)."""

from django.urls import path

from . import views

app_name = "two_factor"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("ma/", views.verify, name="verify"),
    path("dang-ky/", views.enrol, name="enrol"),
    path("ma-du-phong/", views.recovery_codes, name="recovery_codes"),
    path("ma-du-phong/tao-moi/", views.recovery_codes_new, name="recovery_codes_new"),
]
