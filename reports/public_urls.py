"""Public URLs of the reports app, under the body's slug beside the petitions app's public pages."""

from django.urls import path

from reports.public_folder import feeds as folder_feeds
from reports.public_folder import phu_luc_2_views as public_views
from reports.public_folder import views as folder
from reports.register import invitation_views
from reports.register import public as register_public

app_name = "reports_public"

urlpatterns = [
    path("<slug:body_slug>/hoi-nghi/<int:year>/phieu-dang-ky-mau.pdf", public_views.blank_phu_luc_2,
         {"fmt": "pdf"}, name="blank_phu_luc_2_pdf"),
    path("<slug:body_slug>/hoi-nghi/<int:year>/phieu-dang-ky-mau.docx", public_views.blank_phu_luc_2,
         {"fmt": "docx"}, name="blank_phu_luc_2_docx"),
    path("<slug:body_slug>/tra-cuu/<str:code>/<str:secret>/phieu-dang-ky.pdf", public_views.filled_phu_luc_2,
         {"fmt": "pdf"}, name="filled_phu_luc_2_pdf"),
    path("<slug:body_slug>/tra-cuu/<str:code>/<str:secret>/tra-loi/<str:petition_code>.pdf",
         public_views.issued_answer_letter, name="answer_letter_pdf"),
    path("<slug:body_slug>/tra-cuu/<str:code>/<str:secret>/giay-moi.pdf", invitation_views.registrant_invitation,
         name="registrant_invitation_pdf"),
    path("<slug:body_slug>/tra-cuu/<str:code>/<str:secret>/phieu-diem-danh.pdf",
         invitation_views.registrant_checkin_slip, name="registrant_checkin_slip_pdf"),
    path("<slug:body_slug>/tra-cuu/<str:code>/<str:secret>/cong-van-chuyen/<str:petition_code>.pdf",
         register_public.issued_send_out_letter, name="send_out_letter_pdf"),
    # The public "Đối thoại doanh nghiệp" folder (issue 10).
    path("doi-thoai-doanh-nghiep/", folder.bodies, name="folder_bodies"),
    path("<slug:body_slug>/doi-thoai-doanh-nghiep/", folder.archive, name="folder_archive"),
    path("<slug:body_slug>/doi-thoai-doanh-nghiep/thong-bao.atom", folder_feeds.FolderFeed(), name="folder_feed"),
    path("<slug:body_slug>/doi-thoai-doanh-nghiep/<int:year>/", folder.folder_year, name="folder_year"),
    path("<slug:body_slug>/doi-thoai-doanh-nghiep/<int:year>/tra-loi/", folder.answers, name="folder_answers"),
    path("<slug:body_slug>/doi-thoai-doanh-nghiep/<int:year>/so-lieu/", folder.numbers, name="folder_numbers"),
    path("<slug:body_slug>/doi-thoai-doanh-nghiep/<int:year>/<slug:item>/", folder.folder_item, name="folder_item"),
    path("<slug:body_slug>/doi-thoai-doanh-nghiep/<int:year>/<slug:item>.pdf", folder.folder_item_pdf,
         name="folder_item_pdf"),
    path("<slug:body_slug>/hoi-nghi/<int:year>/lich.ics", folder.conference_ics, name="conference_ics"),
    path("<slug:body_slug>/hoi-nghi/<int:year>/thong-bao-niem-yet.pdf", folder.posting_notice_pdf,
         name="posting_notice_pdf"),
]
