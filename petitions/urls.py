"""Public URLs of the petitions app, under the body's slug so printed QR codes stay valid."""

from django.urls import path

from . import views

app_name = "petitions"

urlpatterns = [
    path("<slug:body_slug>/hoi-nghi/<int:year>/", views.conference_detail, name="conference_detail"),
    path("<slug:body_slug>/hoi-nghi/<int:year>/dang-ky/", views.register, name="register"),
    path("<slug:body_slug>/hoi-nghi/<int:year>/dang-ky/<str:code>/<str:secret>/",
         views.registration_confirmation, name="registration_confirmation"),
    path("<slug:body_slug>/tra-cuu/", views.status_lookup, name="status_lookup"),
    path("<slug:body_slug>/tra-cuu/<str:code>/<str:secret>/", views.registration_status,
         name="registration_status"),
    path("<slug:body_slug>/tra-cuu/<str:code>/<str:secret>/sua/", views.registration_edit,
         name="registration_edit"),
    path("<slug:body_slug>/tra-cuu/<str:code>/<str:secret>/rut/", views.registration_withdraw_view,
         name="registration_withdraw"),
]
