"""Public URLs of the petitions app, under the body's slug so printed QR codes stay valid."""

from django.urls import path

from petitions.privacy import views as privacy_views
from petitions.registration import status_links, views

app_name = "petitions"

urlpatterns = [
    # The short status link sent by SMS (no body slug: registration codes are unique across the deployment).
    path("tc/<str:code>/<str:secret>/", status_links.status_short_link, name="status_short"),
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
    # Personal data (docs/personal-data.md): the copy, its downloads, the requests and their confirmation.
    path("<slug:body_slug>/tra-cuu/<str:code>/<str:secret>/du-lieu-ca-nhan/", privacy_views.privacy_overview,
         name="privacy_overview"),
    path("<slug:body_slug>/tra-cuu/<str:code>/<str:secret>/du-lieu-ca-nhan/ban-sao.json",
         privacy_views.privacy_download, {"fmt": "json"}, name="privacy_download_json"),
    path("<slug:body_slug>/tra-cuu/<str:code>/<str:secret>/du-lieu-ca-nhan/ban-sao.html",
         privacy_views.privacy_download, {"fmt": "html"}, name="privacy_download_html"),
    path("<slug:body_slug>/tra-cuu/<str:code>/<str:secret>/du-lieu-ca-nhan/yeu-cau/<str:request_code>/",
         privacy_views.privacy_request_received, name="privacy_request_received"),
    path("<slug:body_slug>/tra-cuu/<str:code>/<str:secret>/du-lieu-ca-nhan/<slug:kind_slug>/",
         privacy_views.privacy_request, name="privacy_request"),
]
