"""The retention run: everything past PERSONAL_DATA_RETENTION_YEARS, and what earlier runs left behind."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.dispatch import Signal
from django.utils import timezone

from conferences.models import Conference, Invitee, Registration
from conferences.outbox.models import OutboxMessage
from petitions.models import DataSubjectRequest, Petition
from petitions.privacy.anonymise.core import (
    INVITEE_FIELDS,
    AnonymiseReport,
    _anonymise_batch,
    _blank_invitee,
    _blank_messages,
    _delete_files,
    conference_tokens,
)
from petitions.privacy.anonymise.scrub import REMOVED_MESSAGE, Scrubber
from petitions.registration.held_files import held_attachments_delete_expired

# Abandoned Excel import previews (petitions/registration_admin.py) are deleted after this long.
IMPORT_PREVIEW_MAX_AGE = datetime.timedelta(days=1)

# Sent once per retention run with `cutoff_year` (conference years up to it are past retention) and `dry_run`;
# receivers return a dict of counts for the report (e.g. export files of those years deleted).
retention_expired = Signal()


def retention_cutoff_year(today: datetime.date | None = None) -> int:
    """The last conference year whose personal data is past retention: kept PERSONAL_DATA_RETENTION_YEARS
    full years after the end of the conference's year (2026, 5 years → anonymised from 1/1/2032)."""
    today = today or timezone.localdate()
    return today.year - settings.PERSONAL_DATA_RETENTION_YEARS - 1


def _chunks(ids: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _run(step: Callable[[], AnonymiseReport], *, dry_run: bool) -> AnonymiseReport:
    """One batch in its own transaction; a dry run does all the work and rolls it back (files stay too)."""
    with transaction.atomic():
        report = step()
        if dry_run:
            transaction.set_rollback(True)
    return report


def personal_data_anonymise_expired(*, today: datetime.date | None = None, dry_run: bool = False,
                                    batch_size: int = 200) -> AnonymiseReport:
    """Anonymise every registration and petition past the retention period, batch by batch (one transaction
    each), and the leftovers of earlier runs; returns the counts. Idempotent: a second run changes nothing.

    The period runs from the end of the conference's year (petitions without a conference: the year they
    were received), the same rule as the privacy notice.
    """
    cutoff = retention_cutoff_year(today)
    report = AnonymiseReport()
    pending_registrations = Registration.objects.filter(conference=OuterRef("pk"), anonymised_at__isnull=True)
    pending_petitions = Petition.objects.filter(conference=OuterRef("pk"), anonymised_at__isnull=True)
    conferences = (Conference.objects.filter(year__lte=cutoff)
                   .filter(Exists(pending_registrations) | Exists(pending_petitions)).order_by("pk"))
    for conference_id in conferences.values_list("pk", flat=True):
        tokens = conference_tokens(conference_id)
        reg_ids = list(Registration.objects.filter(conference_id=conference_id, anonymised_at__isnull=True)
                       .order_by("pk").values_list("pk", flat=True))
        for chunk in _chunks(reg_ids, batch_size):
            report.add(_run(lambda c=chunk, t=tokens: _anonymise_batch(registration_ids=c, tokens=t), dry_run=dry_run))
        orphan_ids = list(Petition.objects.filter(conference_id=conference_id, registration__isnull=True,
                                                  anonymised_at__isnull=True).order_by("pk").values_list("pk", flat=True))
        for chunk in _chunks(orphan_ids, batch_size):
            report.add(_run(lambda c=chunk, t=tokens: _anonymise_batch(petition_ids=c, tokens=t), dry_run=dry_run))
    year_end = timezone.make_aware(datetime.datetime(cutoff + 1, 1, 1))
    loose_ids = list(Petition.objects.filter(conference__isnull=True, registration__isnull=True,
                                             anonymised_at__isnull=True, received_at__lt=year_end)
                     .order_by("pk").values_list("pk", flat=True))
    for chunk in _chunks(loose_ids, batch_size):
        report.add(_run(lambda c=chunk: _anonymise_batch(petition_ids=c), dry_run=dry_run))
    report.add(_run(lambda: _anonymise_expired_invitees(cutoff), dry_run=dry_run))
    report.add(_run(_anonymise_leftover_messages, dry_run=dry_run))
    for chunk in _chunks(_old_message_ids(cutoff), 1000):
        report.add(_run(lambda c=chunk: _anonymise_old_messages(c), dry_run=dry_run))
    for _receiver, counts in retention_expired.send(sender=Petition, cutoff_year=cutoff, dry_run=dry_run):
        report.add(AnonymiseReport(extra=dict(counts or {})))
    report.add(AnonymiseReport(extra={"import_previews": _delete_import_previews(dry_run=dry_run)}))
    report.add(AnonymiseReport(extra={"held_attachments": held_attachments_delete_expired(dry_run=dry_run)}))
    return report


def _anonymise_expired_invitees(cutoff: int) -> AnonymiseReport:
    """The invitation lists of conferences past retention (invitees with no registration included)."""
    personal = Q()
    for name in ("tax_code", "contact_name", "phone", "email", "address"):
        personal |= ~Q(**{name: ""})
    invitees = list(Invitee.objects.select_for_update().filter(personal, conference__year__lte=cutoff))
    for invitee in invitees:
        _blank_invitee(invitee)
    if invitees:
        Invitee.objects.bulk_update(invitees, INVITEE_FIELDS)
    return AnonymiseReport(invitees=len(invitees))


def _anonymise_leftover_messages() -> AnonymiseReport:
    """Messages written after their registration or petition was anonymised (the outcome of a deletion request
    goes to the addresses taken just before): once sent or given up, their text and address go too."""
    report = AnonymiseReport()

    def ids_as_text(queryset):
        return queryset.annotate(pk_text=Cast("pk", CharField())).values("pk_text")

    query = Q()
    for model, anonymised in (
        (Registration, Registration.objects.filter(anonymised_at__isnull=False)),
        (Petition, Petition.objects.filter(anonymised_at__isnull=False)),
        (DataSubjectRequest, DataSubjectRequest.objects.filter(registration__anonymised_at__isnull=False)),
    ):
        query |= Q(related_type=ContentType.objects.get_for_model(model), related_id__in=ids_as_text(anonymised))
    rows = list(OutboxMessage.objects.select_for_update().filter(query).exclude(recipient="")
                .filter(status__in=[OutboxMessage.Status.SENT, OutboxMessage.Status.FAILED]).order_by("pk"))
    # The registration's values are gone already: nothing to scrub the subject of but the message's own address.
    _blank_messages(rows, lambda m: Scrubber(texts=[m.recipient], numbers=[m.recipient]), report)
    return report


def _old_message_ids(cutoff: int) -> list[int]:
    boundary = timezone.make_aware(datetime.datetime(cutoff + 1, 1, 1))
    return list(OutboxMessage.objects.filter(created_at__lt=boundary).exclude(recipient="", text=REMOVED_MESSAGE)
                .order_by("pk").values_list("pk", flat=True))


def _anonymise_old_messages(ids: list[int]) -> AnonymiseReport:
    """Messages written before the end of the last year past retention, whoever they went to: staff digests and
    notices list businesses and quote petitions without being related to each of them."""
    report = AnonymiseReport()
    rows = list(OutboxMessage.objects.select_for_update().filter(pk__in=ids)
                .exclude(recipient="", text=REMOVED_MESSAGE).order_by("pk"))
    for message in rows:
        message.subject = ""
    _blank_messages(rows, lambda m: Scrubber(), report)
    return report


def _delete_import_previews(*, dry_run: bool) -> int:
    """Excel files of import previews never confirmed (they hold the typed-in registrations)."""
    try:
        _dirs, names = default_storage.listdir("imports")
    except (FileNotFoundError, NotImplementedError):
        return 0
    limit = timezone.now() - IMPORT_PREVIEW_MAX_AGE
    old = [f"imports/{n}" for n in names if default_storage.get_modified_time(f"imports/{n}") < limit]
    if not dry_run:
        _delete_files(old)
    return len(old)
