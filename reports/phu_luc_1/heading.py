"""The header and closing of a Phụ lục I report (who issues it, for which conference or year, who signs)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from conferences.models import Body, Conference
from reports.documents import Issuer, Signer, body_place, format_date_line
from reports.documents.plan_reference import city_plan_reference


@dataclass
class ReportHeading:
    """Everything around the Phụ lục I table: issuer, subtitle, plan reference, organiser/time lines, signer."""

    issuer: Issuer
    subtitle: str
    plan_note: str
    organiser: str
    time: str
    place: str
    year: int
    date: datetime.date | None
    signer: Signer
    filename: str

    @property
    def organiser_line(self) -> str:
        return f"- Đơn vị tổ chức: {self.organiser}"

    @property
    def time_line(self) -> str:
        return f"- Thời gian tổ chức: {self.time}"

    @property
    def date_line(self) -> str:
        return format_date_line(self.place, self.date, year=self.year)


def _subtitle(body: Body) -> str:
    return ("Báo cáo kết quả tổ chức Hội nghị đối thoại với các doanh nghiệp, hợp tác xã, hộ kinh doanh "
            f"trên địa bàn {body.name}")


def _plan_note(body: Body, year: int) -> str:
    """Phụ lục I is an appendix of the city's plan of the year: "(Kèm theo Kế hoạch số … của UBND thành phố …)"."""
    return f"(Kèm theo {city_plan_reference(body, year)})"


def conference_time(conference: Conference) -> str:
    """ "08 giờ 00, ngày 18/6/2026" (the plan's short date form)."""
    local = timezone.localtime(conference.starts_at)
    month = f"{local.month:02d}" if local.month <= 2 else str(local.month)
    return f"{local:%H} giờ {local:%M}, ngày {local.day:02d}/{month}/{local.year}"


def conference_heading(conference: Conference, *, date: datetime.date | None = None) -> ReportHeading:
    """The heading of a conference's Phụ lục I (`date`: the report's date, blank for the clerk when None)."""
    body = conference.body
    return ReportHeading(
        issuer=Issuer.from_body(body), subtitle=_subtitle(body),
        plan_note=_plan_note(body, conference.year),
        organiser=f"{body.authority_name} {body.name}", time=conference_time(conference),
        place=body_place(body), year=conference.year, date=date, signer=Signer.for_body(body),
        filename=f"phu-luc-1-{body.slug}-{conference.year}-{conference.pk}")


def year_heading(body: Body, year: int, *, date: datetime.date | None = None) -> ReportHeading:
    """The heading of a body's (or, for the city, all its communes') Phụ lục I for a year."""
    conference = (Conference.objects.filter(body=body, year=year).exclude(status=Conference.Status.STOPPED)
                  .order_by("-starts_at").first())
    if conference is not None:
        plan_note = _plan_note(body, year)
        time = f"{conference_time(conference)} (các kiến nghị trong năm {year})"
    else:
        plan_note = ""
        time = f"năm {year}"
    if body.kind == Body.Kind.CITY:
        subtitle = ("Tổng hợp kết quả tổ chức Hội nghị đối thoại với các doanh nghiệp, hợp tác xã, hộ kinh "
                    f"doanh của các xã, phường, đặc khu thuộc {body.name}")
        organiser = f"Các xã, phường, đặc khu thuộc {body.name}"
        time = f"năm {year}"
        plan_note = ""
    else:
        subtitle, organiser = _subtitle(body), f"{body.authority_name} {body.name}"
    return ReportHeading(
        issuer=Issuer.from_body(body), subtitle=subtitle, plan_note=plan_note, organiser=organiser, time=time,
        place=body_place(body), year=year, date=date, signer=Signer.for_body(body),
        filename=f"phu-luc-1-{body.slug}-{year}")
