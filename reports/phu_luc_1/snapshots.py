"""The results report to Sở Tài chính: its deadline, recording its submission (a frozen snapshot), its data."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from conferences.calendar import workdays
from conferences.common.errors import ConferenceError
from conferences.lifecycle.services import conference_transition
from conferences.models import Body, Conference
from petitions.models import OPEN_STATUSES, Petition, PetitionEvent, Status
from reports.documents.numbering import ReportError, document_number_allocate
from reports.models import DocumentType, IssuedDocumentNumber, ReportSnapshot
from reports.phu_luc_1 import counting as p

# A conference is reported on once it has taken place.
REPORTABLE = (Conference.Status.HELD, Conference.Status.CONCLUDED, Conference.Status.REPORTED)


def report_due_date(conference: Conference) -> datetime.date:
    """The results report's deadline: `report_working_days` (7) working days after the conference day."""
    day = timezone.localtime(conference.starts_at).date()
    return workdays.add_working_days(day, conference.report_working_days)


def conference_snapshot(conference: Conference) -> ReportSnapshot | None:
    """The submitted results report of a conference, if one was recorded."""
    return (ReportSnapshot.objects.filter(conference=conference).select_related("document_number")
            .first())


def _short(day: datetime.date | datetime.datetime | None) -> str:
    if day is None:
        return ""
    if isinstance(day, datetime.datetime):
        day = timezone.localdate(day)
    return f"{day:%d/%m/%Y}"


def in_process_details(petitions: QuerySet[Petition]) -> list[dict]:
    """Column (5) petitions with "quá trình giải quyết; vướng mắc; đề xuất" from their trail (three queries).

    The process is the dated trail of statuses, lead unit and due date; the obstacle is the latest note of
    the trail; the proposal is left for the officials to write in the DOCX when none was noted.
    """
    rows = (petitions.filter(status__in=OPEN_STATUSES).select_related("lead_unit")
            .prefetch_related(Prefetch("events", queryset=PetitionEvent.objects.order_by("created_at", "pk")))
            .order_by("category", "received_at", "pk"))
    details = []
    for petition in rows:
        events = list(petition.events.all())
        steps = [f"{_short(petition.received_at)}: tiếp nhận"]
        # An official document in Vietnamese whatever the clerk's interface language.
        with translation.override("vi"):
            steps += [f"{_short(e.created_at)}: {str(Status(e.to_status).label).lower()}" for e in events
                      if e.from_status]
        if petition.lead_unit_id:
            steps.append(f"đơn vị chủ trì: {petition.lead_unit.name}")
        if petition.due_date:
            steps.append(f"hạn trả lời: {_short(petition.due_date)}")
        # The receipt note says nothing about obstacles; later notes (sent back, escalated…) do.
        notes = [e.note for e in events if e.from_status and e.note.strip()]
        details.append({
            "code": petition.code,
            "organisation": petition.organisation_name,
            "category": p.CATEGORY_LABELS[petition.category],
            "content": petition.content,
            "process": "; ".join(steps),
            "obstacles": notes[-1] if notes else "",
            "proposal": "",
        })
    return details


def report_submit(*, conference: Conference, user, submitted_on: datetime.date,
                  issued: IssuedDocumentNumber | None = None) -> ReportSnapshot:
    """Record a results report sent outside the portal's register (on paper, before the portal was in use): the
    portal's own path is the register, whose issue of the BC writes the snapshot from the figures frozen for
    signature (reports.register.results_report). No page calls this any more.

    Take a BC number (unless `issued` is given),
    freeze the Phụ lục I numbers and the in-process petitions' details; a concluded conference moves to
    "reported" (conferences.lifecycle.services) in the same transaction.

    Raises ReportError when the conference has not taken place, was already reported, the date is before the
    conference, or `issued` is not a report number of the conference's body.
    """
    body = conference.body
    if conference.status not in REPORTABLE:
        raise ReportError(_("Hội nghị chưa được tổ chức nên chưa thể ghi nhận báo cáo kết quả."))
    if submitted_on < timezone.localtime(conference.starts_at).date():
        raise ReportError(_("Ngày báo cáo không thể trước ngày tổ chức hội nghị."))
    if issued is not None and (issued.body_id != body.pk or issued.doc_type != DocumentType.REPORT):
        raise ReportError(_("Số văn bản phải là số báo cáo (BC) của cơ quan tổ chức hội nghị."))
    with transaction.atomic():
        locked = Conference.objects.select_for_update().get(pk=conference.pk)
        if ReportSnapshot.objects.filter(conference=locked).exists():
            raise ReportError(_("Báo cáo kết quả của hội nghị này đã được ghi nhận."))
        if issued is None:
            issued = document_number_allocate(
                body=body, year=submitted_on.year, doc_type=DocumentType.REPORT, user=user, conference=locked,
                title=f"Báo cáo kết quả tổ chức Hội nghị đối thoại doanh nghiệp năm {locked.year}")
        petitions = p.conference_petitions(locked)
        try:
            with transaction.atomic():
                snapshot = ReportSnapshot.objects.create(
                    body=body, year=locked.year, conference=locked, document_number=issued,
                    submitted_on=submitted_on, due_on=report_due_date(locked),
                    table=p.phu_luc_1_table(petitions).to_json(), in_process=in_process_details(petitions),
                    submitted_by=user if getattr(user, "pk", None) else None)
        except IntegrityError as exc:  # a concurrent submission of the same conference
            raise ReportError(_("Báo cáo kết quả của hội nghị này đã được ghi nhận.")) from exc
        if locked.status == Conference.Status.CONCLUDED:
            # The lifecycle's last step (concluded → reported) goes with the recorded report.
            try:
                conference_transition(conference=locked, to_status=Conference.Status.REPORTED, actor=user,
                                      note=_("Báo cáo số %(number)s") % {"number": issued.formatted})
            except ConferenceError as exc:
                raise ReportError(str(exc)) from exc
            conference.status = locked.status
        return snapshot


def snapshot_table(snapshot: ReportSnapshot) -> p.PhuLucITable:
    """The Phụ lục I table as it was frozen at submission."""
    return p.PhuLucITable.from_json(snapshot.table)


def bodies_not_reported(city: Body, year: int) -> QuerySet[Body]:
    """Active child bodies of `city` without a recorded results report for `year` (a snapshot, or a conference
    of the year moved to "reported" through the lifecycle)."""
    reported = ReportSnapshot.objects.filter(year=year).values("body_id")
    by_status = Conference.objects.filter(year=year, status=Conference.Status.REPORTED).values("body_id")
    return (Body.objects.filter(parent=city, is_active=True).exclude(pk__in=reported).exclude(pk__in=by_status)
            .order_by("name"))
