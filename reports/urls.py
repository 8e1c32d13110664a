"""Staff URLs of the reports app (mounted under /reports/)."""

from django.urls import path, register_converter

from . import views


class DocumentFormatConverter:
    regex = "pdf|docx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(DocumentFormatConverter, "docfmt")

app_name = "reports"
urlpatterns = [
    path("conferences/<int:pk>/phu-luc-2.<docfmt:fmt>", views.conference_phu_luc_2, name="conference_phu_luc_2"),
    path("registrations/<int:pk>/phu-luc-2.<docfmt:fmt>", views.registration_phu_luc_2,
         name="registration_phu_luc_2"),
    path("petitions/<int:pk>/tra-loi.<docfmt:fmt>", views.petition_answer_letter, name="petition_answer_letter"),
]
