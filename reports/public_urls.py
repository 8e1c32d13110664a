"""Public URLs of the reports app, under the body's slug beside the petitions app's public pages."""

from django.urls import path

from . import public_views

app_name = "reports_public"

urlpatterns = [
    path("<slug:body_slug>/hoi-nghi/<int:year>/phieu-dang-ky-mau.pdf", public_views.blank_phu_luc_2,
         {"fmt": "pdf"}, name="blank_phu_luc_2_pdf"),
    path("<slug:body_slug>/hoi-nghi/<int:year>/phieu-dang-ky-mau.docx", public_views.blank_phu_luc_2,
         {"fmt": "docx"}, name="blank_phu_luc_2_docx"),
    path("<slug:body_slug>/tra-cuu/<str:code>/<str:secret>/phieu-dang-ky.pdf", public_views.filled_phu_luc_2,
         {"fmt": "pdf"}, name="filled_phu_luc_2_pdf"),
]
