"""The counts of "Việc cần làm" on the admin home: one query per kind of count, whatever the number of rows."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.calendar import workdays
from conferences.organisation import roles
from petitions.models import OPEN_STATUS_VALUES, Petition, Status
from petitions.triage.admin_filters import DUE_SOON_WORKING_DAYS
from petitions.workflow.selectors import petitions_for_user
from reports.register.models import OutgoingStatus
from reports.register.selectors import outgoing_documents_for_user
from reports.workspace import conference_lines as lines

# Most urgent first: late, due within 3 working days, waiting for this person's step, the rest.
LATE, SOON, WAITING, LATER = 0, 1, 2, 3


@dataclass(frozen=True)
class WorkItem:
    label: str
    count: int
    url: str
    urgency: int
    details: tuple[str, ...] = ()  # shown under the line (a returned draft's comment)

    @property
    def css_class(self) -> str:
        return ("late", "soon", "waiting", "later")[self.urgency] if self.count else "none"


def _petition_list(**params) -> str:
    url = reverse("admin:petitions_petition_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def _register(status: str) -> str:
    return f"{reverse('reports:outgoing_register')}?{urlencode({'status': status})}"


def _petition_counts(user, today, soon) -> dict[str, int]:
    """Late, due soon and per-status counts of the user's open petitions, in one query."""
    open_ = petitions_for_user(user).filter(status__in=OPEN_STATUS_VALUES)
    with_due = Q(due_date__isnull=False)
    return open_.aggregate(
        late=Count("pk", filter=with_due & Q(due_date__lt=today)),
        soon=Count("pk", filter=with_due & Q(due_date__gte=today, due_date__lte=soon)),
        received=Count("pk", filter=Q(status=Status.RECEIVED)),
        assigned=Count("pk", filter=Q(status=Status.ASSIGNED)),
        drafted=Count("pk", filter=Q(status=Status.DRAFTED)),
    )


def _by_unit(user, **due) -> list[tuple[int, str, int]]:
    """(unit id, name, open petitions it leads or coordinates whose due date matches `due`) for each unit with any,
    most first: the late ones (`due_date__lt=today`) or those due soon (a `due_date__range`).

    Two grouped queries, one pass each over the late petitions: by lead unit, then by coordinating unit. A unit
    never coordinates the petition it leads (petitions.triage.steps.check_units refuses it), so the sum counts
    each petition once per unit, as the list's `don_vi` filter shows it. A count per unit with
    `lead OR coordinating` would walk the late petitions once per unit.
    """
    late = petitions_for_user(user).filter(status__in=OPEN_STATUS_VALUES, **due)
    counts: dict[tuple[int, str], int] = {}
    for pk, name, n in (late.exclude(lead_unit__isnull=True).order_by().values("lead_unit_id")
                        .annotate(n=Count("pk")).values_list("lead_unit_id", "lead_unit__name", "n")):
        counts[pk, name] = counts.get((pk, name), 0) + n
    through = Petition.coordinating_units.through
    for pk, name, n in (through.objects.filter(petition__in=late.values("pk"))
                        .order_by().values("unit_id")
                        .annotate(n=Count("pk")).values_list("unit_id", "unit__name", "n")):
        counts[pk, name] = counts.get((pk, name), 0) + n
    return sorted(((pk, name, n) for (pk, name), n in counts.items()), key=lambda row: (-row[2], row[1]))


def _document_counts(user) -> dict[str, int]:
    """The register's documents of the user's body by status, in one query."""
    rows = outgoing_documents_for_user(user).order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def work_items(user) -> list[WorkItem]:
    """What waits for `user` on the admin home, most urgent first (empty for a user without a staff role)."""
    is_economic = user.is_superuser or roles.has_role(user, roles.ECONOMIC)
    is_handler = roles.has_role(user, roles.HANDLER)
    is_leader = roles.has_role(user, roles.LEADERSHIP)
    items: list[WorkItem] = []
    if is_economic or is_handler or is_leader:
        today = timezone.localdate()
        soon = workdays.add_working_days(today, DUE_SOON_WORKING_DAYS)
        counts = _petition_counts(user, today, soon)
        items.append(WorkItem(_("Kiến nghị quá hạn trả lời"), counts["late"], _petition_list(han="late"), LATE))
        if is_economic or is_leader:
            items += [WorkItem(_("Quá hạn – %(unit)s") % {"unit": name}, n,
                               _petition_list(han="late", don_vi=pk), LATE)
                      for pk, name, n in _by_unit(user, due_date__lt=today)]
        items.append(WorkItem(_("Kiến nghị đến hạn trong %(n)d ngày làm việc") % {"n": DUE_SOON_WORKING_DAYS},
                              counts["soon"], _petition_list(han="soon"), SOON))
        if is_economic:
            items += [WorkItem(_("Đến hạn trong %(n)d ngày làm việc – %(unit)s")
                               % {"n": DUE_SOON_WORKING_DAYS, "unit": name}, n,
                               _petition_list(han="soon", don_vi=pk), SOON)
                      for pk, name, n in _by_unit(user, due_date__range=(today, soon))]
        if is_economic:
            items.append(WorkItem(_("Kiến nghị mới cần phân loại, giao đơn vị"), counts["received"],
                                  _petition_list(status__exact=Status.RECEIVED), WAITING))
            items.append(WorkItem(_("Dự thảo trả lời cần duyệt"), counts["drafted"],
                                  _petition_list(status__exact=Status.DRAFTED), WAITING))
        if is_handler:
            items.append(WorkItem(_("Kiến nghị đơn vị cần dự thảo trả lời"), counts["assigned"],
                                  _petition_list(status__exact=Status.ASSIGNED), WAITING))
    items += _conference_items(user, is_economic=is_economic, is_leader=is_leader)
    if is_handler:
        count, returned, url = lines.unit_returned_drafts(user)
        if url:
            items.append(WorkItem(_("Dự thảo bị trả lại, cần sửa theo ý kiến"), count, url, WAITING, tuple(
                _("%(title)s – ý kiến: %(comment)s") % {"title": title, "comment": comment}
                for title, comment in returned)))
    if roles.has_role(user, roles.FINANCE):
        items += _finance_items(user)
    if user.has_perm("reports.view_outgoingdocument"):
        documents = _document_counts(user)
        steps = (("reports.review_outgoingdocument", OutgoingStatus.UNDER_REVIEW, _("Văn bản chờ thẩm định")),
                 ("reports.sign_outgoingdocument", OutgoingStatus.AWAITING_SIGNATURE, _("Văn bản chờ ký")),
                 ("reports.issue_outgoingdocument", OutgoingStatus.SIGNED, _("Văn bản đã ký chờ cấp số, ban hành")))
        items += [WorkItem(label, documents.get(status, 0), _register(status), WAITING)
                  for permission, status, label in steps if user.has_perm(permission)]
    if roles.has_role(user, roles.OFFICE):
        count, url = lines.paper_registrations_today(user, timezone.localdate())
        items.append(WorkItem(_("Phiếu đăng ký giấy đã nhập hôm nay"), count, url, LATER))
    # Stable sort: within an urgency, the order above (the total before its units).
    return sorted(items, key=lambda item: item.urgency)


def _by_deadline(deadline, today, soon) -> int:
    return lines.urgency(deadline, today, soon, late=LATE, due=SOON, later=LATER)


def _conference_items(user, *, is_economic: bool, is_leader: bool) -> list[WorkItem]:
    """Phòng Kinh tế: the conference's next step and the results report due; Lãnh đạo: the conference's state;
    Văn phòng: the invitation and minutes to prepare. One query for all of them (the body's conference)."""
    is_office = roles.has_role(user, roles.OFFICE)
    if not (is_economic or is_leader or is_office):
        return []
    today = timezone.localdate()
    conference = lines.current_conference(user, today)
    if conference is None:
        return []
    soon = workdays.add_working_days(today, DUE_SOON_WORKING_DAYS)
    step = lines.next_step(conference)
    items = []
    if is_economic:
        if step is not None:
            items.append(WorkItem(lines.step_label(conference, step), 1, lines.conference_url(conference),
                                  _by_deadline(step.deadline, today, soon)))
        if (due := lines.report_due(conference)) is not None:
            items.append(WorkItem(lines.report_label(conference, due), 1, lines.documents_url(conference),
                                  _by_deadline(due, today, soon)))
    if is_leader:
        items.append(WorkItem(lines.state_label(conference, step), 1, lines.conference_url(conference), LATER))
    if is_office:
        items += [WorkItem(label, count, url, WAITING) for label, count, url in lines.documents_to_prepare(conference)]
    return items


def _finance_items(user) -> list[WorkItem]:
    """Sở Tài chính: the communes whose results report is late or due within 3 working days, each linking to its
    Phụ lục I, after their total linking to the city's view of them (one query)."""
    today = timezone.localdate()
    city, due = lines.city_due(user, today, DUE_SOON_WORKING_DAYS)
    if city is None:
        return []
    items = [WorkItem(_("Xã, phường, đặc khu đến hạn hoặc quá hạn báo cáo kết quả năm %(year)s") % {"year": today.year},
                      len(due), lines.city_url(today.year, due_only=True), LATE if any(r.late for r in due) else SOON)]
    for row in due:
        text = _("Quá hạn báo cáo – %(body)s (hạn %(date)s)") if row.late else _(
            "Đến hạn báo cáo – %(body)s (hạn %(date)s)")
        items.append(WorkItem(text % {"body": row.body.name, "date": f"{row.due:%d/%m/%Y}"}, 1,
                              lines.body_phu_luc_1_url(row.body, today.year), LATE if row.late else SOON))
    return items
