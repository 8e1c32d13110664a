"""Recompute the deadlines of open petitions after a calendar, conference date or conference rule change."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from conferences.models import Body, Conference
from petitions.deadlines import rules as deadlines
from petitions.deadlines.due_dates import (
    DeadlineBasis,
    local_date,
    petition_compute_due_date,
    petition_rule_for,
)
from petitions.models import Petition, PetitionEvent, Status

logger = logging.getLogger(__name__)

# Closed petitions are never touched. Escalated ones still wait for an answer from the body (after the city's
# direction), so they keep a live deadline and are recomputed too.
CLOSED_STATUSES = frozenset({
    Status.RESOLVED, Status.TRANSFERRED, Status.GUIDED, Status.NOT_ACCEPTED, Status.WITHDRAWN, Status.MERGED,
})
RECOMPUTE_STATUSES = tuple(s.value for s in Status if s not in CLOSED_STATUSES)

# The most calendar days between a conference's cut-off and its date: 15 working days plus the longest run of
# holidays (Tết) is well under this; a calendar change further before a conference cannot move its cut-off.
_CUTOFF_REACH_DAYS = 90
CHUNK_SIZE = 2000


class _Row:
    """The fields of a petition a recompute reads and writes; loading 100,000 model instances costs more than
    the whole computation, so rows are read with values_list into these (petition_rule_for reads attributes)."""

    FIELDS = ("pk", "status", "body_id", "conference_id", "competence", "received_at", "receipt_day",
              "raised_at_conference", "written_answer_requested_at", "deadline_rule", "due_date", "updated_at")
    __slots__ = FIELDS

    def __init__(self, values):
        for name, value in zip(self.FIELDS, values, strict=True):
            setattr(self, name, value)


@dataclass
class RecomputeResult:
    """What a recompute did: petitions examined, petitions changed (each with an event)."""

    examined: int = 0
    changed: int = 0
    changed_ids: list[int] = field(default_factory=list)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=deadlines.LOCAL_TZ)


def open_petitions() -> QuerySet[Petition]:
    """Petitions whose deadline is still live (every status but the closed ones)."""
    return Petition.objects.filter(status__in=RECOMPUTE_STATUSES)


def open_petitions_affected_by_dates(dates: Iterable[date]) -> QuerySet[Petition]:
    """Open petitions whose counting window may contain one of `dates` (a superset; the recompute writes only
    what really changed): received by the latest date with a due date on or after the earliest (or none yet),
    or belonging to a conference whose cut-off window may contain one of them."""
    dates = sorted(set(dates))
    if not dates:
        return open_petitions().none()
    first, last = dates[0], dates[-1]
    window = Q(received_at__lt=_local_midnight(last + timedelta(days=1))) & (
        Q(due_date__gte=first) | Q(due_date__isnull=True))
    conference = Q(conference__starts_at__gte=_local_midnight(first),
                   conference__starts_at__lt=_local_midnight(last + timedelta(days=_CUTOFF_REACH_DAYS + 1)))
    return open_petitions().filter(window | conference)


def _format(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def _change_note(reason: str, old: tuple, new: tuple, kept_past: bool) -> str:
    (old_receipt, old_rule, old_due), (new_receipt, new_rule, new_due) = old, new
    parts = []
    if old_due != new_due:
        parts.append(_("hạn %(old)s → %(new)s") % {"old": _format(old_due), "new": _format(new_due)})
    elif kept_past:
        parts.append(_("hạn %(due)s đã qua, giữ nguyên (không tự gia hạn)") % {"due": _format(old_due)})
    if old_rule != new_rule:
        parts.append(_("quy tắc tính hạn: %(old)s → %(new)s") % {
            "old": deadlines.describe(old_rule) if old_rule else "—", "new": deadlines.describe(new_rule)})
    if old_receipt != new_receipt:
        parts.append(_("ngày tiếp nhận tính hạn %(old)s → %(new)s") % {
            "old": _format(old_receipt), "new": _format(new_receipt)})
    return f"{reason}: " + "; ".join(parts)


class _Bases:
    """Deadline bases of the conferences and bodies met in a recompute, loaded once per chunk and kept."""

    def __init__(self):
        self.conferences: dict[int, DeadlineBasis] = {}
        self.bodies: dict[int, DeadlineBasis] = {}

    def load(self, petitions: list[_Row]) -> None:
        conference_ids = {p.conference_id for p in petitions if p.conference_id} - self.conferences.keys()
        body_ids = {p.body_id for p in petitions if not p.conference_id} - self.bodies.keys()
        for conference in Conference.objects.filter(pk__in=conference_ids):
            self.conferences[conference.pk] = DeadlineBasis.for_conference(conference)
        for body in Body.objects.filter(pk__in=body_ids):
            self.bodies[body.pk] = DeadlineBasis.for_body(body)

    def __getitem__(self, petition: _Row) -> DeadlineBasis:
        if petition.conference_id:
            return self.conferences[petition.conference_id]
        return self.bodies[petition.body_id]


def _recompute_chunk(petitions: list[_Row], *, bases: _Bases, reason: str, actor, today: date, now,
                     notes: dict, memo: dict) -> list[tuple[_Row, str]]:
    changed = []
    for petition in petitions:
        basis = bases[petition]
        old = (petition.receipt_day, petition.deadline_rule, petition.due_date)
        try:
            # Thousands of petitions share a receipt day and a due date: compute each distinct one once per run
            # (the values still come from deadlines.py; the keys hold everything they depend on).
            office_hours_end = basis.settings.office_hours_end
            local = petition.received_at.astimezone(deadlines.LOCAL_TZ)
            receipt_key = (local.date(), local.time() > office_hours_end, office_hours_end)
            receipt = memo.get(receipt_key)
            if receipt is None:
                receipt = memo[receipt_key] = deadlines.counted_receipt_day(petition.received_at, office_hours_end)
            petition.receipt_day = receipt
            rule = petition_rule_for(petition, basis)
            requested_on = local_date(petition.written_answer_requested_at)
            due_key = (id(basis), rule, receipt, requested_on)
            computed = memo.get(due_key)
            if computed is None:
                computed = memo[due_key] = petition_compute_due_date(petition, rule, basis)
        except ValueError:
            # One bad row (e.g. a missing request date) must not stop the deadlines of every other petition.
            logger.exception("Deadline recompute skipped petition %s", petition.pk)
            petition.receipt_day = old[0]
            continue
        petition.deadline_rule = rule.value
        petition.due_date = deadlines.recomputed_due_date(previous_due=old[2], computed_due=computed, today=today)
        new = (petition.receipt_day, petition.deadline_rule, petition.due_date)
        if new == old:
            continue
        # The same change recurs across thousands of petitions: build (and translate) each note once.
        key = (old, new, petition.due_date != computed)
        note = notes.get(key)
        if note is None:
            note = notes[key] = _change_note(reason, *key)
        changed.append((petition, note))
    if not changed:
        return changed
    if connection.vendor == "postgresql":
        return _write_postgresql(changed, actor_id=getattr(actor, "pk", None), now=now)
    _write_portable(changed, actor=actor, now=now)
    return changed


def _write_portable(changed: list[tuple[_Row, str]], *, actor, now) -> None:
    # executemany of plain statements: the ORM's bulk_update (per-row CASE expressions) and bulk_create spend
    # most of their time building SQL. Values go through the backend's own adapters (dates, aware times).
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(now)
    actor_id = getattr(actor, "pk", None)
    # Only the table names (from the models, quoted) are formatted into the SQL; every value is a parameter.
    # (str.format, not an f-string: bandit warns spuriously about a nosec marker on an f-string, bandit issue 1204.)
    petitions = connection.ops.quote_name(Petition._meta.db_table)
    events = connection.ops.quote_name(PetitionEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE {table} SET receipt_day = %s, deadline_rule = %s, due_date = %s, updated_at = %s "  # noqa: S608, UP032  # nosec B608
            "WHERE id = %s".format(table=petitions),
            [(ops.adapt_datefield_value(p.receipt_day), p.deadline_rule, ops.adapt_datefield_value(p.due_date),
              stamp, p.pk) for p, _note in changed],
        )
        cursor.executemany(
            "INSERT INTO {table} (petition_id, from_status, to_status, actor_id, note, created_at) "  # noqa: S608, UP032  # nosec B608
            "VALUES (%s, %s, %s, %s, %s, %s)".format(table=events),
            [(p.pk, p.status, p.status, actor_id, note, stamp) for p, note in changed],
        )


def _write_postgresql(changed: list[tuple[_Row, str]], *, actor_id, now) -> list[tuple[_Row, str]]:
    # One UPDATE and one INSERT per chunk from arrays (unnest): 100,000 rows in a few seconds, where the ORM's
    # bulk_update / bulk_create spend most of their time building SQL. The rows were read without a lock
    # (locking 100,000 rows costs as much as updating them): the UPDATE applies only to rows still open and
    # unchanged since they were read (same updated_at), and only those get an event. A petition edited
    # meanwhile keeps what its own service computed. Returns the rows written.
    petitions = connection.ops.quote_name(Petition._meta.db_table)
    events = connection.ops.quote_name(PetitionEvent._meta.db_table)
    rows = [p for p, _note in changed]
    # Only the table names (from the models, quoted) are formatted into the SQL; every value is a parameter.
    # (str.format, not an f-string: bandit warns spuriously about a nosec marker on an f-string, bandit issue 1204.)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE {table} AS p "  # noqa: S608, UP032  # nosec B608
            "SET receipt_day = v.receipt_day, deadline_rule = v.deadline_rule, due_date = v.due_date, "
            "    updated_at = %s "
            "FROM unnest(%s::bigint[], %s::date[], %s::varchar[], %s::date[], %s::timestamptz[]) "
            "     AS v(id, receipt_day, deadline_rule, due_date, read_updated_at) "
            "WHERE p.id = v.id AND p.updated_at = v.read_updated_at AND p.status = ANY(%s::varchar[]) "
            "RETURNING p.id".format(table=petitions),
            [now, [p.pk for p in rows], [p.receipt_day for p in rows], [p.deadline_rule for p in rows],
             [p.due_date for p in rows], [p.updated_at for p in rows], list(RECOMPUTE_STATUSES)],
        )
        written = {pk for (pk,) in cursor.fetchall()}
        if len(written) < len(changed):
            changed = [(p, note) for p, note in changed if p.pk in written]
        cursor.execute(
            "INSERT INTO {table} (petition_id, from_status, to_status, actor_id, note, created_at) "  # noqa: S608, UP032  # nosec B608
            "SELECT v.petition_id, v.status, v.status, %s, v.note, %s "
            "FROM unnest(%s::bigint[], %s::varchar[], %s::text[]) WITH ORDINALITY "
            "     AS v(petition_id, status, note, n) "
            "ORDER BY v.n".format(table=events),
            [actor_id, now, [p.pk for p, _n in changed], [p.status for p, _n in changed],
             [note for _p, note in changed]],
        )
    return changed


def petitions_recompute_due_dates(
    *,
    reason: str,
    petition_ids: Iterable[int] | None = None,
    queryset: QuerySet[Petition] | None = None,
    actor=None,
    today: date | None = None,
    chunk_size: int = CHUNK_SIZE,
    at: datetime | None = None,
) -> RecomputeResult:
    """Recompute the counted receipt day, rule and due date of the open petitions among `petition_ids` (a few
    ids) and/or `queryset` (default: every open petition); closed petitions are never touched.

    A due date already past stays past (deadlines.recomputed_due_date). Each changed petition is saved and gets
    a PetitionEvent (status unchanged) whose note starts with `reason` and says what changed. Works in chunks of
    `chunk_size` rows, each locked and written in its own transaction (bulk update, bulk insert of events).
    Raises nothing for a petition whose deadline cannot be computed: it is logged and left as it was.
    `at` (an aware datetime, default now) dates the events and stands for today: only the demo passes it (a
    conference it stops on the day it describes).
    """
    today = today or (timezone.localdate(at) if at is not None else timezone.localdate())
    base = queryset if queryset is not None else Petition.objects.all()
    base = base.filter(status__in=RECOMPUTE_STATUSES)
    if petition_ids is not None:
        base = base.filter(pk__in=list(petition_ids))
    # On PostgreSQL rows are read without a lock and written only if unchanged since (see _write_postgresql).
    # Elsewhere the chunk's rows are locked (SQLite: the IMMEDIATE transaction holds the write lock anyway); the
    # caller's queryset may join the conference (outer joins cannot be locked), so it only selects the ids of
    # each chunk (keyset on pk) and the petition rows alone are locked and read by id.
    optimistic = connection.vendor == "postgresql"
    ids = base.order_by().values("pk")
    result = RecomputeResult()
    bases = _Bases()
    notes: dict = {}
    memo: dict = {}
    last_pk = 0
    with translation.override(settings.LANGUAGE_CODE):
        while True:
            with transaction.atomic():
                if optimistic:
                    rows = base.filter(pk__gt=last_pk).order_by("pk").values_list(*_Row.FIELDS)[:chunk_size]
                else:
                    rows = (
                        Petition.objects.select_for_update(of=("self",))
                        .filter(pk__in=ids.filter(pk__gt=last_pk).order_by("pk")[:chunk_size], pk__gt=last_pk,
                                status__in=RECOMPUTE_STATUSES)
                        .order_by("pk")
                        .values_list(*_Row.FIELDS)
                    )
                chunk = [_Row(values) for values in rows]
                if not chunk:
                    break
                bases.load(chunk)
                changed = _recompute_chunk(chunk, bases=bases, reason=reason, actor=actor, today=today,
                                           now=at or timezone.now(), notes=notes, memo=memo)
            last_pk = chunk[-1].pk
            result.examined += len(chunk)
            result.changed += len(changed)
            result.changed_ids.extend(p.pk for p, _note in changed)
    logger.info("Deadline recompute (%s): %s examined, %s changed", reason, result.examined, result.changed)
    return result


def calendar_reason(dates: Iterable[date]) -> str:
    """The reason written on events after a calendar change: 'Lịch làm việc thay đổi (02/01/2027)'."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Lịch làm việc thay đổi (%(dates)s)") % {"dates": ", ".join(_format(d) for d in sorted(dates))}


def _setting_change(model, name: str, old, new) -> str:
    return f"{model._meta.get_field(name).verbose_name}: {old} → {new}"


def body_reason(body: Body, changes: dict) -> str:
    """The reason written on events after a body's rule settings changed (its petitions without conference)."""
    with translation.override(settings.LANGUAGE_CODE):
        what = "; ".join(_setting_change(Body, name, old, new) for name, (old, new) in changes.items())
        return _("Quy định của %(body)s thay đổi (%(what)s)") % {"body": body.name, "what": what}


def conference_reason(conference: Conference, changes: dict) -> str:
    """The reason written on events after a conference change, naming what changed (date, rules, status)."""
    labels = []
    with translation.override(settings.LANGUAGE_CODE):
        for name, (old, new) in changes.items():
            if name == "starts_at":
                labels.append(_("ngày họp %(old)s → %(new)s") % {
                    "old": _format(local_date(old)), "new": _format(local_date(new))})
            elif name == "status":
                labels.append(_("trạng thái: %(new)s") % {"new": Conference.Status(new).label})
            else:
                labels.append(_setting_change(Conference, name, old, new))
        return _("Hội nghị “%(title)s” thay đổi (%(what)s)") % {"title": conference.title, "what": "; ".join(labels)}
