"""Staff downloads of Phụ lục I, the results report and petition exports; the officials' report page."""

from __future__ import annotations

import datetime

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.common.ids import id_or_404, parse_id
from conferences.models import Body, Conference
from conferences.organisation import roles
from conferences.organisation.selectors import bodies_for_user, conferences_for_user, staff_body
from petitions.triage.admin_filters import DUE_SOON_WORKING_DAYS
from petitions.workflow.selectors import petitions_for_user
from reports.documents import render_pdf
from reports.documents.results_report import results_report
from reports.documents.views import CONTENT_TYPES, audit_export, document_response, issued_file_response
from reports.exports import services as exports
from reports.exports.petitions import petitions_workbook
from reports.models import ExportJob
from reports.phu_luc_1 import counting as p
from reports.phu_luc_1 import snapshots
from reports.phu_luc_1.dashboard import dashboard
from reports.phu_luc_1.due import city_reports_due
from reports.phu_luc_1.heading import conference_heading, year_heading
from reports.phu_luc_1.pdf import phu_luc_1_document
from reports.phu_luc_1.workbook import phu_luc_1_workbook
from reports.register.conference_documents import conference_issued_document
from reports.register.models import OutgoingDocument, OutgoingKind, OutgoingStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_ROLES = (roles.LEADERSHIP, roles.ECONOMIC, roles.FINANCE)
# Detail exports name businesses and their petitions: only roles that see every petition of their body.
EXPORT_ROLES = (roles.LEADERSHIP, roles.ECONOMIC)


def can_read_reports(user) -> bool:
    """Lãnh đạo and Phòng Kinh tế (own body), Sở Tài chính (the city's bodies) and superusers."""
    return user.is_superuser or roles.has_role(user, *REPORT_ROLES)


def _require(user, allowed) -> None:
    if not (user.is_superuser or roles.has_role(user, *allowed)):
        raise PermissionDenied


def _as_of(request) -> datetime.date | None:
    value = request.GET.get("as_of", "").strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(_("Ngày không hợp lệ (YYYY-MM-DD): %(value)s") % {"value": value}) from None


def _file(content: bytes, filename: str, fmt: str) -> HttpResponse:
    content_type = XLSX if fmt == "xlsx" else CONTENT_TYPES[fmt]
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _render_phu_luc_1(heading, table, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        return _file(phu_luc_1_workbook([("Phụ lục I", heading, table)]), heading.filename, fmt)
    return _file(render_pdf(phu_luc_1_document(heading, table)), heading.filename, fmt)


def _conference(request, pk: int) -> Conference:
    return get_object_or_404(conferences_for_user(request.user).select_related("body__parent"), pk=pk)


@login_required
def conference_phu_luc_1(request, pk: int, fmt: str):
    """Phụ lục I of a conference: from the submitted report's snapshot when there is one, else live
    (`?as_of=YYYY-MM-DD`: as it stood at the end of that day)."""
    _require(request.user, REPORT_ROLES)
    conference = _conference(request, pk)
    try:
        as_of = _as_of(request)
    except ValueError as exc:
        return HttpResponseBadRequest(str(exc))
    snapshot = snapshots.conference_snapshot(conference) if as_of is None else None
    if snapshot is not None:
        heading = conference_heading(conference, date=snapshot.submitted_on)
        table = snapshots.snapshot_table(snapshot)
    else:
        heading, table = conference_heading(conference), p.conference_table(conference, as_of=as_of)
    return _render_phu_luc_1(heading, table, fmt)


def _readable_body(request, slug: str) -> Body:
    return get_object_or_404(bodies_for_user(request.user).select_related("parent"), slug=slug)


@login_required
def body_phu_luc_1(request, slug: str, year: int, fmt: str):
    """Phụ lục I of a body's year; for the city, a workbook with the total and a sheet per child body."""
    _require(request.user, REPORT_ROLES)
    body = _readable_body(request, slug)
    try:
        as_of = _as_of(request)
    except ValueError as exc:
        return HttpResponseBadRequest(str(exc))
    if body.kind == Body.Kind.CITY:
        return _city_phu_luc_1(body, year, fmt)
    return _render_phu_luc_1(year_heading(body, year), p.year_table(body, year, as_of=as_of), fmt)


def _city_phu_luc_1(city: Body, year: int, fmt: str) -> HttpResponse:
    children = list(Body.objects.filter(parent=city, is_active=True).select_related("parent").order_by("name"))
    tables = p.city_tables(city, year)
    per_body = [(b, tables.get(b.pk) or p.empty_table()) for b in children]
    total = p.PhuLucITable.summed([t for _b, t in per_body]) if per_body else p.empty_table()
    heading = year_heading(city, year)
    if fmt == "pdf":
        return _file(render_pdf(phu_luc_1_document(heading, total)), heading.filename, fmt)
    sheets = [("Tổng hợp", heading, total)]
    sheets += [(b.name, year_heading(b, year), t) for b, t in per_body]
    return _file(phu_luc_1_workbook(sheets), heading.filename, fmt)


@login_required
def conference_results_report(request, pk: int, fmt: str):
    """The results report (BC) as PDF or DOCX: the register's issued file byte for byte once issued (the DOCX then
    gives way to it), else from its snapshot once submitted, else a live draft."""
    _require(request.user, REPORT_ROLES)
    conference = _conference(request, pk)
    issued = conference_issued_document(conference, "results_report")
    if issued is not None and issued.issued_pdf is not None:
        if fmt != "pdf":
            return redirect("reports:results_report", conference.pk, "pdf")
        audit_export(request, conference, "bao-cao-ket-qua.pdf")
        return issued_file_response(issued, f"bao-cao-ket-qua-{conference.body.slug}-{conference.year}")
    snapshot = snapshots.conference_snapshot(conference)
    if snapshot is not None:
        document = results_report(conference, snapshots.snapshot_table(snapshot), snapshot.in_process,
                                  issued=snapshot.document_number, date=snapshot.submitted_on)
    else:
        petitions = p.conference_petitions(conference)
        document = results_report(conference, p.phu_luc_1_table(petitions),
                                  snapshots.in_process_details(petitions))
    response = document_response(document, fmt)
    audit_export(request, conference, f"bao-cao-ket-qua.{fmt}")  # names the businesses with open petitions
    return response


@login_required
def conference_petitions_export(request, pk: int):
    """All petitions of a conference, one row each, as xlsx."""
    _require(request.user, EXPORT_ROLES)
    conference = _conference(request, pk)
    petitions = petitions_for_user(request.user).filter(conference=conference)
    filename = f"kien-nghi-{conference.body.slug}-{conference.year}-{conference.pk}"
    response = _file(petitions_workbook(petitions), filename, "xlsx")
    audit_export(request, conference, "kien-nghi.xlsx")
    return response


@login_required
def body_petitions_export(request, slug: str, year: int):
    """All petitions of a body's year (its conferences of the year and those received without one)."""
    _require(request.user, EXPORT_ROLES)
    body = get_object_or_404(bodies_for_user(request.user, write=True), slug=slug)
    petitions = petitions_for_user(request.user).filter(pk__in=p.year_petitions(body, year).values("pk"))
    response = _file(petitions_workbook(petitions), f"kien-nghi-{body.slug}-{year}", "xlsx")
    audit_export(request, body, f"kien-nghi.xlsx {year}")
    return response


@login_required
def report_index(request):
    """The officials' report page: each conference the user may read, its report deadline and downloads."""
    if not can_read_reports(request.user):
        raise PermissionDenied
    conferences = list(conferences_for_user(request.user).select_related("body").order_by("-year", "body__name"))
    submitted = {s.conference_id: s for s in snapshots.ReportSnapshot.objects.filter(
        conference__in=[c.pk for c in conferences]).select_related("document_number")}
    # The results report goes through the register (drafted, reviewed, signed, issued there): its latest document
    # per conference, in one query; issuing it records the snapshot.
    reports = {}
    for document in (OutgoingDocument.objects.filter(conference__in=[c.pk for c in conferences],
                                                     kind=OutgoingKind.RESULTS_REPORT)
                     .exclude(status=OutgoingStatus.WITHDRAWN).order_by("conference_id", "-pk")):
        reports.setdefault(document.conference_id, document)
    rows = [{"conference": c, "snapshot": submitted.get(c.pk), "report_document": reports.get(c.pk),
             "due": snapshots.report_due_date(c) if c.status in snapshots.REPORTABLE else None}
            for c in conferences]
    body = staff_body(request.user)
    years = sorted({c.year for c in conferences}, reverse=True)
    return render(request, "reports/report_index.html", {
        **admin.site.each_context(request),
        "title": _("Báo cáo"),
        "rows": rows,
        "body": body,
        "years": years,
        "is_city": body is not None and body.kind == Body.Kind.CITY,
        "can_submit": roles.has_role(request.user, roles.ECONOMIC),
        "can_export": request.user.is_superuser or roles.has_role(request.user, *EXPORT_ROLES),
        "today": timezone.localdate(),
    })


@login_required
def city_year(request, year: int):
    """Sở Tài chính's view of a year: totals per child body and which bodies have not reported."""
    _require(request.user, (roles.FINANCE,))
    city = staff_body(request.user)
    if city is None or city.kind != Body.Kind.CITY:
        raise Http404
    children = list(Body.objects.filter(parent=city, is_active=True).order_by("name"))
    due_only = request.GET.get("han") == "1"
    if due_only:  # from "Việc cần làm": the communes whose report is late or due soon
        due = {row.body.pk for row in city_reports_due(city, year, timezone.localdate(),
                                                        within_working_days=DUE_SOON_WORKING_DAYS)}
        children = [b for b in children if b.pk in due]
    tables = p.city_tables(city, year)
    reported = {s.body_id: s for s in snapshots.ReportSnapshot.objects.filter(year=year, body__parent=city)
                .select_related("document_number")}
    rows = [{"body": b, "table": tables.get(b.pk) or p.empty_table(), "snapshot": reported.get(b.pk)}
            for b in children]
    return render(request, "reports/city_year.html", {
        **admin.site.each_context(request),
        "title": _("Tổng hợp Phụ lục I năm %(year)s") % {"year": year},
        "city": city, "year": year, "rows": rows, "due_only": due_only,
        "not_reported": [r["body"] for r in rows if r["snapshot"] is None],
        "total": p.PhuLucITable.summed([r["table"] for r in rows]) if rows else p.empty_table(),
        "xlsx_url": reverse("reports:body_phu_luc_1", args=[city.slug, year, "xlsx"]),
    })


def _year(value: str) -> int | None:
    """A year typed into a form or query string (2000–2100), or None for anything else ("0", "١", 10**30)."""
    year = parse_id(value)
    return year if year is not None and 2000 <= year <= 2100 else None


@login_required
def dashboard_view(request):
    """The officials' dashboard of their body's year (`?year=`; superusers: `?body=<slug>`)."""
    _require(request.user, EXPORT_ROLES)
    year = _year(request.GET.get("year") or str(timezone.localdate().year))
    if year is None:
        return HttpResponseBadRequest(_("Năm không hợp lệ."))
    body = staff_body(request.user)
    if request.user.is_superuser:
        slug = request.GET.get("body")
        body = get_object_or_404(Body, slug=slug) if slug else (
            body or Body.objects.exclude(kind=Body.Kind.CITY).order_by("pk").first())
    if body is None:
        raise Http404
    return render(request, "reports/dashboard.html", {
        **admin.site.each_context(request), "title": _("Tổng quan kiến nghị"), "d": dashboard(body, year)})


@login_required
def export_create(request):
    """Queue a detail export (POST: `conference`, or `body` slug and `year`); then show its progress."""
    _require(request.user, EXPORT_ROLES)
    if request.method != "POST":
        return redirect("reports:report_index")
    conference = None
    if request.POST.get("conference"):
        conference = get_object_or_404(conferences_for_user(request.user, write=True).select_related("body"),
                                       pk=id_or_404(request.POST["conference"]))
        body, year = conference.body, conference.year
    else:
        body = get_object_or_404(bodies_for_user(request.user, write=True), slug=request.POST.get("body", ""))
        year = _year(request.POST.get("year", ""))
        if year is None:
            return HttpResponseBadRequest(_("Năm không hợp lệ."))
    job = exports.export_job_create(user=request.user, body=body, year=year, conference=conference)
    return redirect("reports:export_status", pk=job.pk)


@login_required
def export_status(request, pk: int):
    """A job's progress (the page reloads itself until the file is ready) and its download link."""
    _require(request.user, EXPORT_ROLES)
    job = get_object_or_404(exports.export_jobs_for_user(request.user), pk=pk)
    return render(request, "reports/export_status.html", {
        **admin.site.each_context(request), "title": _("Xuất danh sách kiến nghị"), "job": job})


@login_required
def export_download(request, pk: int):
    """The file of a finished job, for the user who asked for it."""
    _require(request.user, EXPORT_ROLES)
    job = get_object_or_404(exports.export_jobs_for_user(request.user), pk=pk, status=ExportJob.Status.DONE)
    response = FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1],
                            content_type=XLSX)
    response["Cache-Control"] = "private, no-store"
    audit_export(request, job, "tai-ve.xlsx")
    return response
