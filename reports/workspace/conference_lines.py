"""The lines of "Việc cần làm" about the conference and its documents, reports and registrations.

Each line is one query whatever the rows: the body's conference of the year is read once with what its
lines need (the invitation and minutes issued, the report recorded), the calendar is cached per year.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef
from django.db.models.expressions import Window
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.calendar import workdays
from conferences.lifecycle import eligibility
from conferences.models import Body, Conference, Registration
from conferences.organisation.selectors import registrations_for_user, staff_profile
from reports.models import ReportSnapshot
from reports.phu_luc_1.due import AWAITING_REPORT, city_reports_due
from reports.phu_luc_1.snapshots import report_due_date
from reports.register.models import OutgoingDocument, OutgoingKind, OutgoingStatus
from reports.register.selectors import outgoing_documents_for_user, returned_drafts

S = Conference.Status
# The invitations go out once the cut-off decided who comes; the minutes are due once the conference is held.
INVITATION_DUE = (S.CUTOFF_PASSED, S.ELIGIBLE)
MINUTES_DUE = (S.HELD, S.CONCLUDED, S.REPORTED)


@dataclass(frozen=True)
class Step:
    """The conference's next step: what to do and by when (None: nothing before the results report)."""

    text: str
    deadline: datetime.date


def next_step(conference: Conference) -> Step | None:
    """What comes next for `conference` and its own deadline (plan, notice, cut-off, the conference day); None
    once it is held (the results report has its own line), reported or stopped."""
    status = conference.status
    if status == S.DRAFT:
        return Step(_("gửi kế hoạch đến Sở Tài chính"), eligibility.plan_due_date(conference.year))
    if status == S.PLAN_SENT:
        return Step(_("niêm yết thông báo tổ chức Hội nghị"), eligibility.notice_date(conference))
    if status in (S.NOTICE_PUBLISHED, S.REGISTRATION_OPEN):
        return Step(_("hết hạn tiếp nhận đăng ký, kiến nghị"), eligibility.cutoff_date(conference))
    if status == S.CUTOFF_PASSED:
        return Step(_("kết luận điều kiện tổ chức (đơn vị đăng ký, kiến nghị)"),
                    workdays.add_working_days(eligibility.cutoff_date(conference), 1))
    if status in (S.ELIGIBLE, S.POSTPONED):
        return Step(_("tổ chức Hội nghị"), eligibility.conference_date(conference))
    if status == S.NOT_ELIGIBLE:
        return Step(_("báo cáo dừng / hoãn tổ chức Hội nghị"), eligibility.conference_date(conference))
    return None


def current_conference(user, today: datetime.date) -> Conference | None:
    """The conference of the user's body this year (not stopped), with whether its invitation and minutes are
    issued and its results report recorded; one query (none for a user without a body)."""
    profile = staff_profile(user)
    if profile is None:
        return None
    issued = OutgoingDocument.objects.filter(conference_id=OuterRef("pk"), status=OutgoingStatus.ISSUED)
    return (Conference.objects.filter(body_id=profile.body_id, year=today.year).exclude(status=S.STOPPED)
            .annotate(invitation_issued=Exists(issued.filter(kind=OutgoingKind.INVITATION)),
                      minutes_issued=Exists(issued.filter(kind=OutgoingKind.MINUTES)),
                      report_recorded=Exists(ReportSnapshot.objects.filter(conference_id=OuterRef("pk"))))
            .order_by("-starts_at").first())


def urgency(deadline: datetime.date, today: datetime.date, soon: datetime.date, *, late: int, due: int,
            later: int) -> int:
    return late if deadline < today else due if deadline <= soon else later


def conference_url(conference: Conference) -> str:
    return reverse("admin:conferences_conference_change", args=[conference.pk])


def documents_url(conference: Conference) -> str:
    return reverse("reports:conference_documents", args=[conference.pk])


def step_label(conference: Conference, step: Step) -> str:
    return _("Hội nghị năm %(year)s – bước tiếp theo: %(step)s, hạn %(date)s") % {
        "year": conference.year, "step": step.text, "date": f"{step.deadline:%d/%m/%Y}"}


def state_label(conference: Conference, step: Step | None) -> str:
    state = _("Hội nghị năm %(year)s: %(status)s") % {"year": conference.year, "status": conference.get_status_display()}
    if step is None:
        return state
    return _("%(state)s; tiếp theo: %(step)s, hạn %(date)s") % {
        "state": state, "step": step.text, "date": f"{step.deadline:%d/%m/%Y}"}


def report_due(conference: Conference | None) -> datetime.date | None:
    """The results report's deadline when the conference is held and its report not recorded, else None."""
    if conference is None or conference.status not in AWAITING_REPORT or conference.report_recorded:
        return None
    return report_due_date(conference)


def report_label(conference: Conference, due: datetime.date) -> str:
    return _("Báo cáo kết quả Hội nghị năm %(year)s gửi Sở Tài chính (kèm Phụ lục I), hạn %(date)s") % {
        "year": conference.year, "date": f"{due:%d/%m/%Y}"}


def documents_to_prepare(conference: Conference | None) -> list[tuple[str, int, str]]:
    """(label, count, link) of the invitations and the minutes to prepare: due and not issued yet."""
    if conference is None:
        return []
    invitation = int(conference.status in INVITATION_DUE and not conference.invitation_issued)
    minutes = int(conference.status in MINUTES_DUE and not conference.minutes_issued)
    url = documents_url(conference)
    return [(_("Giấy mời Hội nghị cần chuẩn bị, ban hành"), invitation, url),
            (_("Biên bản Hội nghị cần chuẩn bị, ban hành"), minutes, url)]


def paper_registrations_today(user, today: datetime.date) -> tuple[int, str]:
    """Registrations typed in by staff from a paper Phụ lục II today (the paper channel, `created_by` set): the
    count (one query) and the registration list filtered the same way."""
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    count = (registrations_for_user(user)
             .filter(channel=Registration.Channel.PAPER, created_by__isnull=False, created_at__gte=start,
                     created_at__lt=start + datetime.timedelta(days=1)).count())
    url = reverse("admin:conferences_registration_changelist")
    query = urlencode({"channel__exact": Registration.Channel.PAPER, "created_by__isnull": "0",
                       "created_at__gte": start.isoformat(),
                       "created_at__lt": (start + datetime.timedelta(days=1)).isoformat()})
    return count, f"{url}?{query}"


def unit_returned_drafts(user) -> tuple[int, list[tuple[str, str]], str]:
    """The documents the user's unit drafted that came back with a comment: the count, the latest three
    (title, comment), and the register filtered to them; one query (the count as a window over the rows)."""
    profile = staff_profile(user)
    if profile is None or profile.unit_id is None:
        return 0, [], ""
    rows = list(returned_drafts(outgoing_documents_for_user(user)).filter(drafting_unit_id=profile.unit_id)
                .annotate(total=Window(Count("pk"))).order_by("-pk")
                .values_list("total", "title", "return_comment")[:3])
    url = f"{reverse('reports:outgoing_register')}?{urlencode({'tra_lai': 1, 'don_vi': profile.unit_id})}"
    return (rows[0][0] if rows else 0), [(title, comment) for _total, title, comment in rows], url


def city_due(user, today: datetime.date, within: int) -> tuple[Body | None, list]:
    """Sở Tài chính: its city and the communes whose results report for this year is late or due soon."""
    profile = staff_profile(user)
    city = profile.body if profile else None
    if city is None or city.kind != Body.Kind.CITY:
        return None, []
    return city, city_reports_due(city, today.year, today, within_working_days=within)


def city_url(year: int, *, due_only: bool = False) -> str:
    url = reverse("reports:city_year", args=[year])
    return f"{url}?han=1" if due_only else url


def body_phu_luc_1_url(body: Body, year: int) -> str:
    return reverse("reports:body_phu_luc_1", args=[body.slug, year, "pdf"])

