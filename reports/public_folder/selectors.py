"""Reads of the public folder: public conferences, their four items, published answers (no personal data), numbers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from conferences.common.text import fold_for_search
from conferences.models import Body, Conference
from petitions.models import OPEN_STATUS_VALUES, Category, Petition, Status
from reports.phu_luc_1 import counting as phu_luc_1

Cs = Conference.Status

# The four items of the folder, in the plans' order; each exists from the conference statuses listed.
NOTICE, CONTENT, RESULTS, CONCLUSION = "thong-bao", "noi-dung", "ket-qua", "ket-luan"
_ANNOUNCED = {Cs.NOTICE_PUBLISHED, Cs.REGISTRATION_OPEN, Cs.CUTOFF_PASSED, Cs.ELIGIBLE, Cs.NOT_ELIGIBLE, Cs.HELD,
              Cs.CONCLUDED, Cs.REPORTED, Cs.POSTPONED, Cs.STOPPED}
ITEMS = {
    NOTICE: (_("Thông báo thời gian tổ chức Hội nghị"), _ANNOUNCED),
    CONTENT: (_("Nội dung Hội nghị"), _ANNOUNCED - {Cs.STOPPED}),
    RESULTS: (_("Thông báo kết quả giải quyết kiến nghị"), {Cs.HELD, Cs.CONCLUDED, Cs.REPORTED}),
    CONCLUSION: (_("Thông báo kết luận Hội nghị"), {Cs.CONCLUDED, Cs.REPORTED}),
}
# The register's kind of each item's official document (served as issued, never rendered on the fly).
ITEM_KINDS = {NOTICE: "notice", CONTENT: "plan", RESULTS: "results_notice", CONCLUSION: "conclusion"}
SUMMARY_WORDS = 40


@dataclass
class FolderItem:
    slug: str
    label: str
    exists: bool
    issued: bool = False  # its official document is issued (its file offered); else "chưa ban hành"


def public_bodies() -> QuerySet[Body]:
    """Active bodies of the deployment that have at least one public conference, by name."""
    statuses = [s for s in Cs.values if s != Cs.DRAFT]
    return (Body.objects.filter(is_active=True, conferences__is_public=True, conferences__status__in=statuses)
            .distinct().order_by("name"))


def public_conferences(body: Body) -> QuerySet[Conference]:
    """A body's public conferences past the draft, newest year first."""
    return (Conference.objects.filter(body=body, is_public=True).exclude(status=Cs.DRAFT)
            .select_related("body__parent").order_by("-year", "-starts_at"))


def public_conference(body: Body, year: int) -> Conference | None:
    """The body's public conference of `year` (the non-stopped one when a stopped one was followed by another)."""
    conferences = list(public_conferences(body).filter(year=year))
    live = [c for c in conferences if c.status != Cs.STOPPED]
    return (live or conferences or [None])[0]


def folder_items(conference: Conference) -> list[FolderItem]:
    """The four items with whether each already exists for the conference's status and whether its official
    document is issued through the register (one query)."""
    from reports.register.models import OutgoingDocument, OutgoingStatus

    issued = set(OutgoingDocument.objects.filter(conference=conference, status=OutgoingStatus.ISSUED,
                                                 kind__in=ITEM_KINDS.values(), issued_pdf__isnull=False)
                 .values_list("kind", flat=True))
    return [FolderItem(slug, str(label), conference.status in statuses,
                       conference.status in statuses and ITEM_KINDS[slug] in issued)
            for slug, (label, statuses) in ITEMS.items()]


def item_exists(conference: Conference, slug: str) -> bool:
    return slug in ITEMS and conference.status in ITEMS[slug][1]


@dataclass
class PublishedAnswer:
    """What the public sees of an answered petition: never the petitioner (no name, phone, code or tax code)."""

    pk: int
    category: str
    summary: str
    answer: str
    unit: str
    received: datetime.date
    answered: datetime.date | None
    due: datetime.date | None
    on_time: bool | None
    at_conference: bool
    folded: str


def _answers_queryset(conference: Conference) -> QuerySet[Petition]:
    # Only answered petitions whose business allowed publication; `only()` keeps personal columns out of the
    # query altogether, so no template can reach them.
    return (Petition.objects.filter(conference=conference, publish_answer=True, status=Status.RESOLVED)
            .exclude(answer="").select_related("lead_unit")
            .only("pk", "category", "content", "answer", "received_at", "answered_at", "due_date",
                  "answered_at_conference", "lead_unit__name", "conference_id")
            .order_by("category", "received_at", "pk"))


def on_time(answered: datetime.date | None, due: datetime.date | None) -> bool | None:
    """Answered by the due date (None when there is no answer or no due date to compare)."""
    if answered is None or due is None:
        return None
    return answered <= due


def published_answers(conference: Conference, *, query: str = "") -> list[PublishedAnswer]:
    """The published answers of a conference, filtered by `query` folded like Petition.search_text (each word
    must occur). The match runs on the folded public text only (category, question, answer, unit), not on
    search_text, which also holds the petitioner's name and tax code: searching those would tie a business to
    its answer. A conference has tens of answers, so folding them in Python is cheap and works on any database."""
    labels = dict(Category.choices)
    words = fold_for_search(query).split()
    result = []
    for p in _answers_queryset(conference):
        answered = timezone.localdate(p.answered_at) if p.answered_at else None
        unit = p.lead_unit.name if p.lead_unit_id else ""
        category = str(labels.get(p.category, ""))
        folded = fold_for_search(" ".join((category, p.content, p.answer, unit)))
        if any(w not in folded for w in words):
            continue
        result.append(PublishedAnswer(
            pk=p.pk, category=category, summary=Truncator(p.content).words(SUMMARY_WORDS), answer=p.answer,
            unit=unit, received=timezone.localdate(p.received_at), answered=answered, due=p.due_date,
            on_time=on_time(answered, p.due_date), at_conference=p.answered_at_conference, folded=folded))
    return result


@dataclass
class Numbers:
    """A year's results by category (Phụ lục I columns) with the on-time rate, computed on `computed_on`.

    "On time" means answered at the conference, or the written answer issued on or before the due date; an
    open petition past its due date counts as late (`overdue_open`, "đang quá hạn").
    """

    table: phu_luc_1.PhuLucITable
    answered: int
    answered_on_time: int
    overdue_open: int = 0
    computed_on: datetime.date | None = None

    @property
    def counted(self) -> int:
        """The petitions the rate is over: the answered ones and the open ones already past their due date."""
        return self.answered + self.overdue_open

    @property
    def on_time_rate(self) -> int | None:
        return round(100 * self.answered_on_time / self.counted) if self.counted else None


def year_numbers(body: Body, year: int, *, today: datetime.date | None = None) -> Numbers:
    """Counts of the body's year as in Phụ lục I, how many petitions were answered on time and how many open
    ones are past their due date on `today` (default: today)."""
    today = today or timezone.localdate()
    petitions = phu_luc_1.year_petitions(body, year).exclude(status__in=phu_luc_1.LEFT_OUT)
    table = phu_luc_1.year_table(body, year)
    answered = on_time_count = 0
    rows = petitions.filter(Q(answered_at__isnull=False) | Q(answered_at_conference=True)).values_list(
        "answered_at_conference", "answered_at", "due_date")
    for at_conference, answered_at, due in rows:
        if at_conference:
            answered += 1
            on_time_count += 1
        elif due is not None:  # a written answer without a due date has nothing to be on time for
            answered += 1
            on_time_count += timezone.localdate(answered_at) <= due
    overdue_open = petitions.filter(
        status__in=OPEN_STATUS_VALUES, answered_at__isnull=True, answered_at_conference=False,
        due_date__lt=today).count()
    return Numbers(table=table, answered=answered, answered_on_time=on_time_count, overdue_open=overdue_open,
                   computed_on=today)
