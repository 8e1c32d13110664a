"""The one Giấy mời of a conference (one number, one signature) addressed to the registrants "theo danh sách kèm
theo", the list as its annex; and each registrant's check-in slip (phiếu điểm danh, not an official document)."""

from django.db.models import QuerySet
from django.utils import timezone

from conferences.common.text import mask_identifier
from conferences.models import Conference, Registration
from reports.documents.base import Annex, Document, Field, Paragraph, QRCode, Table, official_document
from reports.documents.conference import KINDS, PARTIES, long_time

ADDRESSEES = f"Các {KINDS} (theo danh sách kèm theo)"


def invitation_registrants(conference: Conference) -> QuerySet[Registration]:
    """The registrations the invitation is addressed to: registered to attend, not withdrawn, not anonymised; in
    the list's order (organisation name)."""
    return (conference.registrations.filter(attending=True, withdrawn_at__isnull=True, anonymised_at__isnull=True)
            .order_by("organisation_name", "pk"))


def _annex(conference: Conference) -> Annex:
    """One row per organisation (two people of one business are one row): name, identifier (a household's
    personal ID masked, as everywhere the portal shows it), address."""
    body = conference.body
    rows, seen = [], set()
    for registration in invitation_registrants(conference):
        key = (registration.organisation_name.casefold(), registration.tax_code)
        if key in seen:
            continue
        seen.add(key)
        rows.append([str(len(rows) + 1), registration.organisation_name, mask_identifier(registration.tax_code),
                     registration.address])
    blocks = [Table(header=["TT", "Tên doanh nghiệp, hợp tác xã, hộ kinh doanh", "Mã số thuế / định danh",
                            "Địa chỉ"], rows=rows, widths=[8, 40, 21, 31])] if rows else [
        Paragraph("(Chưa có đơn vị đăng ký tham dự.)", align="center", indent=False)]
    return Annex(
        title=f"DANH SÁCH CÁC {KINDS.upper()} ĐƯỢC MỜI",
        note=f"(Kèm theo Giấy mời của {body.authority_name} {body.name} tham dự Hội nghị đối thoại với {PARTIES} "
             f"năm {conference.year})",
        blocks=blocks)


def invitation(conference: Conference, *, issued=None) -> Document:
    """The Giấy mời to every registrant, "Kính gửi: Các doanh nghiệp, hợp tác xã, hộ kinh doanh (theo danh sách
    kèm theo)", with the list as its annex after the signer block."""
    body, c = conference.body, conference
    authority = f"{body.authority_name} {body.name}"
    blocks = [
        Paragraph(f"{authority} trân trọng kính mời đại diện lãnh đạo các {KINDS} có tên trong danh sách kèm theo "
                  f"tới dự Hội nghị đối thoại với {PARTIES} trên địa bàn {body.name} năm {c.year}.", indent=False),
        Paragraph(f"Chủ trì: {c.chair_title or 'Chủ tịch'} {authority}"
                  f"{' - ' + c.chair_name if c.chair_name else ''}.", indent=False),
        Paragraph(f"Thời gian: {long_time(c.starts_at)}.", bold=True, indent=False),
        Paragraph(f"Địa điểm: {c.venue}.", bold=True, indent=False),
        Paragraph("Cùng Giấy mời này, mỗi đơn vị nhận một phiếu điểm danh có mã đăng ký và mã QR riêng; đề nghị "
                  "mang theo phiếu (bản in hoặc trên điện thoại) để điểm danh khi đến dự Hội nghị.", indent=False),
        Paragraph("Rất mong Quý vị tham dự đầy đủ, đúng giờ./.", indent=False),
    ]
    return official_document(
        body=body, title="GIẤY MỜI", subtitle=f"Tham dự Hội nghị đối thoại với {PARTIES} năm {c.year}",
        filename=f"giay-moi-{body.slug}-{c.year}", issued=issued, symbol="GM-UBND",
        date=timezone.localdate(issued.issued_at) if issued else None, blocks=blocks,
        addressees=[ADDRESSEES], recipients=["Như trên", "Lưu: VT, KT"], annex=_annex(conference))


def checkin_slip(registration: Registration) -> Document:
    """The registrant's phiếu điểm danh (A6, not an official document: no number, no signature): conference,
    time, place, who, the registration code and its QR code, which the venue's check-in reads."""
    c = registration.conference
    return Document(
        title="PHIẾU ĐIỂM DANH", subtitle=f"Hội nghị đối thoại với {PARTIES} trên địa bàn {c.body.name} năm {c.year}",
        filename=f"phieu-diem-danh-{registration.code}", template_name="reports/pdf/checkin_slip.html",
        blocks=[Field("Thời gian", long_time(c.starts_at)), Field("Địa điểm", c.venue),
                Field("Đơn vị", registration.organisation_name), Field("Người tham dự", registration.full_name),
                Field("Mã đăng ký", registration.code),
                QRCode(data=registration.code, caption=registration.code, size_mm=40)])
