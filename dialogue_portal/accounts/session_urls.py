"""Staff session pages, mounted under /admin/phien/ (namespace staff_session): the keep-alive ping and the text
kept from a session that ended."""

from django.urls import path

from . import views

app_name = "staff_session"

urlpatterns = [
    path("con-hoat-dong/", views.keepalive, name="keepalive"),
    path("noi-dung-da-nhap/", views.kept_input, name="kept_input"),
]
