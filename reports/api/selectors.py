"""Reads of the read API, as plain data: what the public may see (nothing personal) and a city's figures.

Public reads select only public columns (`only()` / `values()`), so no serializer can reach a petitioner's name,
phone, e-mail or tax code. Published answers are those the body published (`publish_answer`) with the business's
consent on its form (`publication_consent`), in a status whose answer is final enough to show (`ANSWER_VISIBLE`).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from conferences.lifecycle import eligibility
from conferences.models import Body, Conference
from petitions.models import ANSWER_VISIBLE, Category, Petition
from reports.models import ReportSnapshot
from reports.phu_luc_1 import counting, snapshots
from reports.public_folder import selectors as folder

Cs = Conference.Status


# ---- Public -------------------------------------------------------------------------------------------------

def api_bodies(*, parent: str = "") -> QuerySet[Body]:
    """Active bodies (communes, wards, special zones and cities), by name; `parent`: a city's slug."""
    bodies = Body.objects.filter(is_active=True).select_related("parent").order_by("name")
    return bodies.filter(parent__slug=parent) if parent else bodies


def body_data(body: Body) -> dict:
    return {"slug": body.slug, "name": body.name, "official_name": body.full_name, "kind": body.kind,
            "kind_label": str(body.get_kind_display()), "admin_unit_code": body.admin_unit_code,
            "parent": body.parent.slug if body.parent_id else None, "portal_url": body.portal_url or ""}


def api_conferences(*, body: str = "", year: int | None = None) -> QuerySet[Conference]:
    """Public conferences past the draft of active bodies, newest year first."""
    conferences = (Conference.objects.filter(is_public=True, body__is_active=True).exclude(status=Cs.DRAFT)
                   .select_related("body").order_by("-year", "body__name", "-starts_at"))
    if body:
        conferences = conferences.filter(body__slug=body)
    if year:
        conferences = conferences.filter(year=year)
    return conferences


def public_conference(*, body_slug: str, year: int) -> Conference | None:
    body = Body.objects.filter(slug=body_slug, is_active=True).first()
    return folder.public_conference(body, year) if body else None


def conference_data(conference: Conference) -> dict:
    """Dates, state and deadlines of a conference (no participant, invitee or registrant)."""
    held = conference.status in {Cs.HELD, Cs.CONCLUDED, Cs.REPORTED}
    return {
        "body": conference.body.slug, "year": conference.year, "title": conference.title,
        "starts_at": conference.starts_at, "venue": conference.venue, "form": conference.form,
        "status": conference.status, "status_label": str(conference.get_status_display()),
        "held": held,
        "deadlines": {
            "notice_by": eligibility.notice_date(conference),
            "petitions_cutoff": eligibility.cutoff_date(conference),
            "petitions_cutoff_end": eligibility.cutoff_end(conference),
            "report_due": eligibility.report_due_date(conference),
        },
        "thresholds": {"min_registrations": conference.min_registrations, "min_petitions": conference.min_petitions},
    }


def _year_filter(year: int) -> Q:
    start, end = counting.year_bounds(year)
    return Q(conference__year=year) | Q(conference__isnull=True, received_at__gte=start, received_at__lt=end)


def api_answers(*, body: str = "", year: int | None = None, category: int | None = None) -> QuerySet[Petition]:
    """Published answers: the business agreed (`publish_answer`), the answer is final enough to show, the
    conference (when there is one) is public. Only public columns are loaded."""
    # publish_answer needs publication_consent (a check constraint); both are named so that either reads as the rule.
    answers = (Petition.objects.filter(publish_answer=True, publication_consent=True,
                                       status__in=[str(s) for s in ANSWER_VISIBLE],
                                       body__is_active=True)
               .exclude(answer="")
               .filter(Q(conference__isnull=True) | Q(conference__is_public=True))
               .exclude(conference__status=Cs.DRAFT)
               .select_related("body", "lead_unit", "conference")
               .only("pk", "category", "content", "answer", "status", "received_at", "answered_at", "due_date",
                     "answered_at_conference", "body__slug", "lead_unit__name", "conference__year")
               .order_by("-received_at", "-pk"))
    if body:
        answers = answers.filter(body__slug=body)
    if year:
        answers = answers.filter(_year_filter(year))
    if category:
        answers = answers.filter(category=category)
    return answers


def answer_data(petition: Petition) -> dict:
    answered = timezone.localdate(petition.answered_at) if petition.answered_at else None
    return {
        "body": petition.body.slug,
        "year": petition.conference.year if petition.conference_id else timezone.localtime(petition.received_at).year,
        "category": petition.category, "category_label": str(Category(petition.category).label),
        "question": petition.content, "answer": petition.answer,
        "status": petition.status, "status_label": str(petition.get_status_display()),
        "unit": petition.lead_unit.name if petition.lead_unit_id else "",
        "received_on": timezone.localdate(petition.received_at), "answered_on": answered,
        "due_on": petition.due_date, "on_time": folder.on_time(answered, petition.due_date),
        "answered_at_conference": petition.answered_at_conference,
    }


def table_data(table: counting.PhuLucITable, *, with_left_out: bool = False) -> dict:
    """A Phụ lục I table as data: per category the received count (3) and the columns (4)–(7), the totals, and
    how many withdrawn / merged petitions were left out. The names under the table (organisations) only with
    `with_left_out` (the city's token endpoints, never the public ones)."""
    def cells(values: list[int]) -> dict:
        return dict(zip(("received", "resolved", "in_process", "transferred", "escalated"), values, strict=True))

    data = {
        "rows": [{"number": r.number, "category": r.label, **cells(r.cells)} for r in table.rows],
        "total": cells(table.totals),
        "withdrawn_count": table.withdrawn_total, "merged_count": table.merged_total,
        "as_of": table.as_of,
    }
    if with_left_out:
        data["left_out"] = [{"code": p.code, "organisation": p.organisation, "category": p.category,
                             "status": p.status, "merged_into": p.merged_into} for p in table.left_out]
    return data


def conference_figures(conference: Conference) -> dict:
    return {"body": conference.body.slug, "year": conference.year, "scope": "conference",
            "table": table_data(counting.conference_table(conference))}


def body_year_figures(body: Body, year: int) -> dict:
    numbers = folder.year_numbers(body, year)
    return {"body": body.slug, "year": year, "scope": "body_year", "table": table_data(numbers.table),
            "answered": numbers.answered, "answered_on_time": numbers.answered_on_time,
            "on_time_rate": numbers.on_time_rate}


def folder_data(conference: Conference, build_uri) -> dict:
    """The public folder of a conference: its four items (which exist yet) with links to the pages and the
    issued PDFs (only once issued through the register), and the links to its published answers and numbers."""
    slug, year = conference.body.slug, conference.year
    items = []
    for item in folder.folder_items(conference):
        items.append({
            "item": item.slug, "label": item.label, "exists": item.exists,
            "page_url": build_uri(reverse("reports_public:folder_item", args=[slug, year, item.slug]))
            if item.exists else None,
            # The file issued through the register (byte for byte); none while the document is not issued.
            "issued": item.issued,
            "pdf_url": build_uri(reverse("reports_public:folder_item_pdf", args=[slug, year, item.slug]))
            if item.issued else None,
        })
    return {
        "body": slug, "year": year, "status": conference.status,
        "folder_url": build_uri(reverse("reports_public:folder_year", args=[slug, year])),
        "answers_url": build_uri(reverse("reports_public:folder_answers", args=[slug, year])),
        "numbers_url": build_uri(reverse("reports_public:folder_numbers", args=[slug, year])),
        "items": items,
    }


# ---- Sở Tài chính (token) -----------------------------------------------------------------------------------

def city_communes(city: Body) -> list[Body]:
    return list(Body.objects.filter(parent=city, is_active=True).order_by("name"))


def city_figures(city: Body, year: int) -> dict:
    """The city-wide Phụ lục I of `year`: the total across communes and each commune's table with whether its
    results report was submitted (what the city's workbook and year page show)."""
    communes = city_communes(city)
    tables = counting.city_tables(city, year)
    reported = {s.body_id for s in ReportSnapshot.objects.filter(year=year, body__parent=city).only("body_id")}
    not_reported = {b.pk for b in snapshots.bodies_not_reported(city, year)}
    per_body = [(b, tables.get(b.pk) or counting.empty_table()) for b in communes]
    total = counting.PhuLucITable.summed([t for _b, t in per_body]) if per_body else counting.empty_table()
    return {
        "city": city.slug, "year": year, "total": table_data(total),
        "communes": [{"body": b.slug, "name": b.name, "reported": b.pk not in not_reported,
                      "snapshot_submitted": b.pk in reported, "table": table_data(t, with_left_out=True)}
                     for b, t in per_body],
    }


def city_not_reported(city: Body, year: int) -> list[dict]:
    """Communes of the city without a results report for `year`, with their conference's report deadline."""
    conferences = {c.body_id: c for c in Conference.objects.filter(body__parent=city, year=year)
                   .exclude(status=Cs.STOPPED).select_related("body")}
    rows = []
    for body in snapshots.bodies_not_reported(city, year):
        conference = conferences.get(body.pk)
        rows.append({"body": body.slug, "name": body.name,
                     "conference_status": conference.status if conference else None,
                     "report_due": eligibility.report_due_date(conference)
                     if conference and conference.status in snapshots.REPORTABLE else None})
    return rows


def city_snapshots(city: Body, year: int) -> list[dict]:
    """The submitted results reports of the city's communes for `year`, with their frozen numbers."""
    rows = (ReportSnapshot.objects.filter(body__parent=city, year=year).select_related("body", "document_number")
            .order_by("body__name", "submitted_on"))
    return [{"body": s.body.slug, "name": s.body.name, "year": s.year,
             "document_number": s.document_number.formatted, "submitted_on": s.submitted_on, "due_on": s.due_on,
             "on_time": s.on_time, "table": table_data(snapshots.snapshot_table(s), with_left_out=True),
             "in_process": s.in_process} for s in rows]
