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
    path("conferences/<int:pk>/diem-danh.<str:fmt>", views.conference_attendance, name="conference_attendance"),
    path("conferences/<int:pk>/giay-moi.zip", views.conference_invitations_zip, name="conference_invitations_zip"),
    path("conferences/<int:pk>/giay-moi/gui/", views.conference_invitations_send,
         name="conference_invitations_send"),
    path("conferences/<int:pk>/<slug:kind>.<docfmt:fmt>", views.conference_document, name="conference_document"),
    path("conferences/<int:pk>/<slug:kind>/lay-so/", views.conference_document_take_number,
         name="conference_document_take_number"),
    path("invitees/<int:pk>/giay-moi.<docfmt:fmt>", views.invitee_invitation, name="invitee_invitation"),
    path("registrations/<int:pk>/giay-moi.<docfmt:fmt>", views.registration_invitation,
         name="registration_invitation"),
    path("registrations/<int:pk>/phu-luc-2.<docfmt:fmt>", views.registration_phu_luc_2,
         name="registration_phu_luc_2"),
    path("petitions/<int:pk>/tra-loi.<docfmt:fmt>", views.petition_answer_letter, name="petition_answer_letter"),
]
