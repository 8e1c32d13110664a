"""URLs of the read API, version 1 (namespace `api_v1`, under /api/v1/)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from reports.api import views
from reports.api.docs import ApiDocsView

app_name = "api_v1"

urlpatterns = [
    path("", views.ApiRoot.as_view(), name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api_v1:schema"), name="docs"),
    path("bodies/", views.BodyList.as_view(), name="bodies"),
    path("bodies/<slug:body_slug>/", views.BodyDetail.as_view(), name="body"),
    path("bodies/<slug:body_slug>/<int:year>/phu-luc-1/", views.BodyYearFigures.as_view(), name="body_year_figures"),
    path("conferences/", views.ConferenceList.as_view(), name="conferences"),
    path("conferences/<slug:body_slug>/<int:year>/", views.ConferenceDetail.as_view(), name="conference"),
    path("conferences/<slug:body_slug>/<int:year>/phu-luc-1/", views.ConferenceFigures.as_view(),
         name="conference_figures"),
    path("answers/", views.AnswerList.as_view(), name="answers"),
    path("folders/", views.FolderList.as_view(), name="folders"),
    path("city/<slug:body_slug>/<int:year>/phu-luc-1/", views.CityFigures.as_view(), name="city_figures"),
    path("city/<slug:body_slug>/<int:year>/not-reported/", views.CityNotReported.as_view(), name="city_not_reported"),
    path("city/<slug:body_slug>/<int:year>/snapshots/", views.CitySnapshots.as_view(), name="city_snapshots"),
]
