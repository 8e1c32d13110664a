"""Staff URLs of the reports app (mounted under /reports/)."""

from django.urls import path, register_converter

from reports.documents import conference_page, views
from reports.phu_luc_1 import views as views_phu_luc_1
from reports.register import invitation_views
from reports.register import views as views_register


class DocumentFormatConverter:
    regex = "pdf|docx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(DocumentFormatConverter, "docfmt")


class SheetFormatConverter(DocumentFormatConverter):
    regex = "xlsx|pdf"


register_converter(SheetFormatConverter, "sheetfmt")

app_name = "reports"
urlpatterns = [
    path("conferences/<int:pk>/van-ban/", conference_page.conference_documents, name="conference_documents"),
    path("conferences/<int:pk>/phu-luc-2.<docfmt:fmt>", views.conference_phu_luc_2, name="conference_phu_luc_2"),
    path("conferences/<int:pk>/diem-danh.<str:fmt>", views.conference_attendance, name="conference_attendance"),
    path("conferences/<int:pk>/giay-moi.zip", views.conference_invitations_zip, name="conference_invitations_zip"),
    # Phụ lục I, the results report to Sở Tài chính, city view, exports (issue 9); before the generic
    # "<slug:kind>.<docfmt:fmt>" document pattern, which would otherwise answer 404 for phu-luc-1.pdf.
    path("conferences/<int:pk>/phu-luc-1.xlsx", views_phu_luc_1.conference_phu_luc_1, {"fmt": "xlsx"},
         name="phu_luc_1_xlsx"),
    path("conferences/<int:pk>/phu-luc-1.pdf", views_phu_luc_1.conference_phu_luc_1, {"fmt": "pdf"},
         name="phu_luc_1_pdf"),
    path("conferences/<int:pk>/bao-cao-ket-qua.<docfmt:fmt>", views_phu_luc_1.conference_results_report,
         name="results_report"),
    path("conferences/<int:pk>/kien-nghi.xlsx", views_phu_luc_1.conference_petitions_export,
         name="conference_petitions_xlsx"),
    path("bodies/<slug:slug>/<int:year>/phu-luc-1.<sheetfmt:fmt>", views_phu_luc_1.body_phu_luc_1,
         name="body_phu_luc_1"),
    path("bodies/<slug:slug>/<int:year>/kien-nghi.xlsx", views_phu_luc_1.body_petitions_export,
         name="body_petitions_xlsx"),
    path("thanh-pho/<int:year>/", views_phu_luc_1.city_year, name="city_year"),
    path("bao-cao/", views_phu_luc_1.report_index, name="report_index"),
    path("tong-quan/", views_phu_luc_1.dashboard_view, name="dashboard"),
    path("xuat/", views_phu_luc_1.export_create, name="export_create"),
    path("xuat/<int:pk>/", views_phu_luc_1.export_status, name="export_status"),
    path("xuat/<int:pk>/tai-ve.xlsx", views_phu_luc_1.export_download, name="export_download"),
    path("conferences/<int:pk>/<slug:kind>.<docfmt:fmt>", views.conference_document, name="conference_document"),
    path("conferences/<int:pk>/<slug:kind>/soan-van-ban/", conference_page.conference_document_new,
         name="conference_document_new"),
    path("invitees/<int:pk>/giay-moi.<docfmt:fmt>", views.invitee_invitation, name="invitee_invitation"),
    path("registrations/<int:pk>/giay-moi.<docfmt:fmt>", views.registration_invitation,
         name="registration_invitation"),
    path("registrations/<int:pk>/phu-luc-2.<docfmt:fmt>", views.registration_phu_luc_2,
         name="registration_phu_luc_2"),
    path("van-ban-di/", views_register.outgoing_register, name="outgoing_register"),
    path("van-ban-di.xlsx", views_register.outgoing_register_xlsx, name="outgoing_register_xlsx"),
    path("van-ban-di/<int:pk>/", views_register.outgoing_document_detail, name="outgoing_document"),
    path("van-ban-di/<int:pk>/van-ban.pdf", views_register.outgoing_document_pdf, name="outgoing_document_pdf"),
    path("van-ban-di/<int:pk>/phu-luc.pdf", views_register.outgoing_attachment_pdf, name="outgoing_attachment_pdf"),
    path("van-ban-di/<int:pk>/du-thao.docx", views_register.outgoing_document_docx, name="outgoing_document_docx"),
    path("van-ban-di/<int:pk>/trang-<int:page>.png", views_register.outgoing_document_page,
         name="outgoing_document_page"),
    path("van-ban-di/<int:pk>/gui-giay-moi/", invitation_views.outgoing_invitation_send,
         name="outgoing_invitation_send"),
    path("van-ban-di/<int:pk>/<slug:step>/", views_register.outgoing_document_step, name="outgoing_document_step"),
    path("petitions/<int:pk>/tra-loi.<docfmt:fmt>", views.petition_answer_letter, name="petition_answer_letter"),
]
