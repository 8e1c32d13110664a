"""Public views of the folder: bodies, a body's archive, a year's folder, its four items (+ PDFs), answers, numbers."""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.models import Body
from petitions.models import Category
from reports.documents.views import document_response, issued_file_response, registration_page_url
from reports.public_folder import chart, posting, selectors
from reports.public_folder.selectors import CONCLUSION, CONTENT, NOTICE, RESULTS
from reports.register.conference_documents import conference_issued_document

ITEM_TEMPLATES = {NOTICE: "notice", CONTENT: "content", RESULTS: "results", CONCLUSION: "conclusion"}


def _body(body_slug: str) -> Body:
    return get_object_or_404(Body, slug=body_slug, is_active=True)


def _conference(body: Body, year: int):
    conference = selectors.public_conference(body, year)
    if conference is None:
        raise Http404
    return conference


def _context(request, body, conference, **extra) -> dict:
    folder_url = reverse("reports_public:folder_year", args=[body.slug, conference.year])
    return {"body": body, "conference": conference, "items": selectors.folder_items(conference),
            "folder_url": folder_url, "og_url": request.build_absolute_uri(request.path), **extra}


def bodies(request):
    """The bodies of the deployment that have a public folder."""
    return render(request, "reports/public_folder/bodies.html", {"bodies": selectors.public_bodies()})


def archive(request, body_slug: str):
    """A body's folder: every year with a public conference, newest first, and a search (?q=) across the
    published answers of all those years, accent-insensitive like the year pages."""
    body = _body(body_slug)
    conferences = list(selectors.public_conferences(body))
    query = request.GET.get("q", "").strip()[:200]
    answers = [(c.year, a) for c in conferences for a in selectors.published_answers(c, query=query)] if query else []
    return render(request, "reports/public_folder/archive.html", {
        "body": body, "conferences": conferences, "query": query, "answers": answers,
        "og_url": request.build_absolute_uri(request.path)})


def folder_year(request, body_slug: str, year: int):
    """A year's folder: the four items (present or still to come), links to answers and numbers."""
    body = _body(body_slug)
    conference = _conference(body, year)
    return render(request, "reports/public_folder/folder.html", _context(request, body, conference))


def folder_item(request, body_slug: str, year: int, item: str):
    """One of the four items as a page; 404 until it exists for the conference's status."""
    body = _body(body_slug)
    conference = _conference(body, year)
    if not selectors.item_exists(conference, item):
        raise Http404
    found = {i.slug: i for i in selectors.folder_items(conference)}[item]
    extra = {"item": item, "item_label": found.label, "item_issued": found.issued}
    if item == CONTENT:
        extra["agenda"] = conference.agenda_items.order_by("position")
        extra["participants"] = conference.participants.select_related("unit").order_by("kind", "pk")
    if item in (RESULTS, CONCLUSION):
        extra["numbers"] = _numbers_context(body, year)
    return render(request, f"reports/public_folder/item_{ITEM_TEMPLATES[item]}.html",
                  _context(request, body, conference, **extra))


def folder_item_pdf(request, body_slug: str, year: int, item: str):
    """The official document of an item: the file issued through the register, byte for byte (same SHA-256), only
    for a public conference, once the item exists and its document is issued (404 before: "chưa ban hành")."""
    body = _body(body_slug)
    conference = _conference(body, year)
    if item not in selectors.ITEM_KINDS or not selectors.item_exists(conference, item):
        raise Http404
    issued = conference_issued_document(conference, selectors.ITEM_KINDS[item])
    if issued is None or issued.issued_pdf is None:  # not issued, or issued on paper before the register
        raise Http404
    return issued_file_response(issued, f"{item}-{body.slug}-{year}", public=True)


def answers(request, body_slug: str, year: int):
    """The published answers of the year's conference, searchable without diacritics (?q=)."""
    body = _body(body_slug)
    conference = _conference(body, year)
    query = request.GET.get("q", "").strip()[:200]
    return render(request, "reports/public_folder/answers.html", _context(
        request, body, conference, query=query, answers=selectors.published_answers(conference, query=query)))


def _numbers_context(body, year) -> dict:
    numbers = selectors.year_numbers(body, year)
    series = [_("Đã giải quyết"), _("Đang xử lý"), _("Chuyển cơ quan khác"), _("Xin ý kiến cấp trên")]
    rows = [(str(Category(row.number).label), row.cells) for row in numbers.table.rows]
    svg = chart.stacked_bars(rows=[(label, cells[1:]) for label, cells in rows], series=series,
                             title=_("Kiến nghị năm %(year)s theo nhóm và kết quả") % {"year": year})
    return {"numbers": numbers, "rows": rows, "totals": numbers.table.totals, "series": series, "chart": svg}


def numbers(request, body_slug: str, year: int):
    """The year's results by category (as in Phụ lục I), on-time rate, a chart and its data table."""
    body = _body(body_slug)
    conference = _conference(body, year)
    return render(request, "reports/public_folder/numbers.html",
                  _context(request, body, conference, **_numbers_context(body, year)))


def _ics_fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1) without splitting a UTF-8 character."""
    parts, current = [], ""
    for ch in line:
        if len((current + ch).encode()) > (75 if not parts else 74):
            parts.append(current)
            current = ""
        current += ch
    parts.append(current)
    return "\r\n ".join(parts)


def conference_ics(request, body_slug: str, year: int):
    """The conference as an iCalendar event (two hours from its start), to add to a phone's calendar."""
    body = _body(body_slug)
    conference = _conference(body, year)
    if conference.status == conference.Status.STOPPED:
        raise Http404

    def esc(text: str) -> str:
        return str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")

    start = conference.starts_at.astimezone(datetime.UTC)
    end = start + datetime.timedelta(hours=2)
    url = request.build_absolute_uri(reverse("petitions:conference_detail", args=[body.slug, conference.year]))
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//dialogue-portal//hoi-nghi//VI", "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH", "BEGIN:VEVENT",
        f"UID:conference-{conference.pk}@{request.get_host()}",
        f"DTSTAMP:{timezone.now().astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}",
        f"DTSTART:{start:%Y%m%dT%H%M%SZ}", f"DTEND:{end:%Y%m%dT%H%M%SZ}",
        f"SUMMARY:{esc(conference.title)}", f"LOCATION:{esc(conference.venue)}",
        f"DESCRIPTION:{esc(body.authority_name + ' ' + body.name)}\\n{esc(url)}", f"URL:{url}",
        "END:VEVENT", "END:VCALENDAR", ""]
    response = HttpResponse("\r\n".join(_ics_fold(line) for line in lines), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hoi-nghi-{body.slug}-{conference.year}.ics"'
    return response


def posting_notice_pdf(request, body_slug: str, year: int):
    """The printable A4 notice with a QR code to the registration page (announced, not stopped conferences)."""
    body = _body(body_slug)
    conference = _conference(body, year)
    if not selectors.item_exists(conference, NOTICE) or conference.status == conference.Status.STOPPED:
        raise Http404
    document = posting.posting_notice(
        conference, registration_url=registration_page_url(request, conference),
        folder_url=request.build_absolute_uri(reverse("reports_public:folder_year", args=[body.slug, year])))
    return document_response(document, "pdf")
