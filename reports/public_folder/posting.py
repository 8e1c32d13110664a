"""The A4 notice to post at the Trung tâm Phục vụ hành chính công: date, place, deadline and a QR to register."""

from django.utils import timezone

from conferences.lifecycle import eligibility
from reports.documents.base import Document, Heading, Issuer, Paragraph, QRCode, body_place
from reports.documents.conference import KINDS, long_time, short_date


def posting_notice(conference, *, registration_url: str, folder_url: str) -> Document:
    """A one-page poster (no number, no signature): the conference, the cut-off, a large QR to the registration page."""
    body, c = conference.body, conference
    cutoff = eligibility.cutoff_date(c)
    blocks = [
        Heading(f"HỘI NGHỊ ĐỐI THOẠI VỚI CÁC {KINDS.upper()} NĂM {c.year}"),
        Paragraph(f"Thời gian: {long_time(c.starts_at)}.", bold=True, indent=False),
        Paragraph(f"Địa điểm: {c.venue}.", bold=True, indent=False),
        Paragraph(f"Hạn đăng ký tham dự và gửi kiến nghị: trước {c.office_hours_end:%H} giờ "
                  f"{c.office_hours_end:%M} phút ngày {short_date(cutoff)}.", indent=False),
        Paragraph(f"Mời các {KINDS} trên địa bàn đăng ký tham dự và gửi kiến nghị về thủ tục hành chính, cơ chế "
                  "chính sách, vốn, tín dụng, đất đai và các lĩnh vực khác.", indent=False),
        QRCode(data=registration_url, caption=f"Quét mã để đăng ký trực tuyến: {registration_url}", size_mm=60),
        Paragraph(f"Thông báo, kết quả trả lời kiến nghị: {folder_url}", align="center", indent=False),
        Paragraph(" · ".join(x for x in (f"Điện thoại: {body.phone}" if body.phone else "",
                                          f"Thư điện tử: {body.email}" if body.email else "") if x),
                  align="center", indent=False),
    ]
    return Document(
        title="THÔNG BÁO", subtitle=f"Đăng ký tham dự Hội nghị đối thoại năm {c.year}",
        filename=f"thong-bao-niem-yet-{body.slug}-{c.year}", issuer=Issuer.from_body(body), place=body_place(body),
        date=timezone.localdate(), year=c.year, blocks=blocks)
