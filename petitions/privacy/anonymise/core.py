"""Anonymising registrations and petitions with everything linked to them, one batch in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Min, Q
from django.dispatch import Signal
from django.utils import timezone

from conferences.models import IdentifierKind, Invitee, Registration, new_secret
from conferences.outbox.models import OutboxAttachment, OutboxEvent, OutboxMessage
from petitions.models import (
    OPEN_STATUSES,
    Attachment,
    DataSubjectRequest,
    Petition,
    PetitionEvent,
    PetitionNote,
    RegistrationSubmission,
)
from petitions.privacy.anonymise.scrub import PLACEHOLDER, REMOVED_MESSAGE, Scrubber, organisation_placeholder

logger = logging.getLogger(__name__)

# Sent inside the anonymising transaction so that higher apps scrub what they copied of the petitions:
# `petitions` maps each petition code to (organisation placeholder, scrub function), `body_ids` names the bodies.
# Receivers return the number of rows they changed.
petitions_anonymised = Signal()


@dataclass
class AnonymiseReport:
    """How many rows each step changed (or would change, in a dry run)."""

    registrations: int = 0
    petitions: int = 0
    open_petitions: int = 0
    attachments: int = 0
    messages: int = 0
    events: int = 0
    notes: int = 0
    requests: int = 0
    invitees: int = 0
    log_entries: int = 0
    report_rows: int = 0
    extra: dict = field(default_factory=dict)

    def add(self, other: AnonymiseReport) -> AnonymiseReport:
        for f in fields(self):
            if f.name == "extra":
                for key, value in other.extra.items():
                    self.extra[key] = self.extra.get(key, 0) + value
            else:
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def as_dict(self) -> dict[str, int]:
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "extra"}
        return {**data, **self.extra}

    @property
    def changed(self) -> int:
        return sum(v for k, v in self.as_dict().items() if k != "open_petitions")


def _values_of(obj, names: Iterable[str]) -> list[str]:
    return [getattr(obj, n) or "" for n in names]


def _texts_and_numbers(registration: Registration | None, petitions: list[Petition], attachments: list[Attachment],
                       invitees: list[Invitee]) -> Scrubber:
    texts, numbers = [], []
    if registration is not None:
        texts += _values_of(registration, ("full_name", "organisation_name", "email", "address", "tax_code"))
        numbers += _values_of(registration, ("phone", "tax_code"))
    for petition in petitions:
        texts += _values_of(petition, ("contact_name", "organisation_name", "email", "tax_code"))
        numbers += _values_of(petition, ("phone", "tax_code"))
    for invitee in invitees:
        texts += _values_of(invitee, ("contact_name", "organisation_name", "email", "address", "tax_code"))
        numbers += _values_of(invitee, ("phone", "tax_code"))
    # A scan's file name often carries the person's name ("cccd-nguyen-van-a.jpg") and is shown in the history.
    texts += [a.original_name for a in attachments]
    return Scrubber(texts=texts, numbers=numbers)


def registration_scrubber(registration: Registration) -> Scrubber:
    """A scrubber for the values of `registration`, its petitions, their attachments' names and its invitees."""
    petitions = list(registration.petitions.all())
    attachments = list(Attachment.objects.filter(petition__in=petitions))
    return _texts_and_numbers(registration, petitions, attachments, list(registration.invitations.all()))


def _scrub_fields(obj, names: Iterable[str], scrub: Callable[[str], str]) -> bool:
    changed = False
    for name in names:
        old = getattr(obj, name)
        new = scrub(old) if old else old
        if new != old:
            setattr(obj, name, new)
            changed = True
    return changed


def _token(tokens: dict[str, str], value: str, fallback: str) -> str:
    if not value:
        return ""
    return tokens.get(value) or fallback


def conference_tokens(conference_id: int) -> dict[str, str]:
    """Original identifier → token for a conference's not yet anonymised rows: "AN-<first registration id>"
    (else "AN-P<first petition id>"), so that two registrations or petitions of one organisation keep one token
    and the eligibility counts of the conference (distinct organisations, their petitions) stay as they were."""
    tokens = {
        row["tax_code"]: f"AN-{row['first']}"
        for row in Registration.objects.filter(conference_id=conference_id, anonymised_at__isnull=True)
        .exclude(tax_code="").order_by().values("tax_code").annotate(first=Min("pk"))
    }
    for row in (Petition.objects.filter(conference_id=conference_id, anonymised_at__isnull=True)
                .exclude(tax_code="").order_by().values("tax_code").annotate(first=Min("pk"))):
        tokens.setdefault(row["tax_code"], f"AN-P{row['first']}")
    return tokens


def _blank_messages(rows: list[OutboxMessage], scrub_for: Callable[[OutboxMessage], Scrubber],
                    report: AnonymiseReport) -> None:
    """Blank the recipient, text, HTML, errors, delivery notes and attachments of `rows`; scrub the subject."""
    if not rows:
        return
    now = timezone.now()
    for message in rows:
        message.recipient = ""
        message.subject = scrub_for(message)(message.subject)[:300]
        message.text = REMOVED_MESSAGE
        message.html = ""
        message.template_data, message.fallbacks = {}, []  # a Zalo message's parameters and other addresses
        message.last_error = ""
        message.updated_at = now
        if message.status in (OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING):
            # Nobody left to send it to.
            message.status = OutboxMessage.Status.FAILED
    OutboxMessage.objects.bulk_update(rows, ["recipient", "subject", "text", "html", "template_data", "fallbacks",
                                             "last_error", "status", "updated_at"])
    ids = [m.pk for m in rows]
    # Delivery notes carry the address a server refused ("SMTP refused the recipient: …").
    OutboxEvent.objects.filter(message_id__in=ids).exclude(note="").update(note="")
    # A staff retry in the admin's history names the message by its (partly masked) address and subject.
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(OutboxMessage),
                            object_id__in=[str(pk) for pk in ids]).update(object_repr=PLACEHOLDER, change_message="")
    OutboxAttachment.objects.filter(message_id__in=ids).delete()
    report.messages += len(rows)


def _anonymise_messages(related: dict[type, dict[int, Scrubber]], report: AnonymiseReport) -> None:
    """Every message related to the given objects (the portal relates each message it sends to a registrant
    to their registration, petition or request)."""
    query = Q()
    scrubbers: dict[tuple[int, str], Scrubber] = {}
    for model, by_pk in related.items():
        if not by_pk:
            continue
        content_type = ContentType.objects.get_for_model(model)
        query |= Q(related_type=content_type, related_id__in=[str(pk) for pk in by_pk])
        scrubbers.update({(content_type.pk, str(pk)): scrub for pk, scrub in by_pk.items()})
    if not query:
        return
    rows = list(OutboxMessage.objects.select_for_update().filter(query).order_by("pk"))
    _blank_messages(rows, lambda m: scrubbers[(m.related_type_id, m.related_id)], report)


def _scrub_log_entries(scrubbers: dict[type, dict[int, Scrubber]], report: AnonymiseReport) -> None:
    """The admin's history names objects by their __str__ (organisation, file name, note) and inline changes."""
    for model, by_pk in scrubbers.items():
        if not by_pk:
            continue
        content_type = ContentType.objects.get_for_model(model)
        entries = list(LogEntry.objects.filter(content_type=content_type,
                                               object_id__in=[str(pk) for pk in by_pk]))
        changed = []
        for entry in entries:
            scrub = by_pk.get(int(entry.object_id)) if entry.object_id.isdigit() else None
            if scrub is not None and _scrub_fields(entry, ("object_repr", "change_message"), scrub):
                entry.object_repr = entry.object_repr[:200]
                changed.append(entry)
        if changed:
            LogEntry.objects.bulk_update(changed, ["object_repr", "change_message"])
            report.log_entries += len(changed)


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("attachment file %s could not be deleted; delete it by hand", name, exc_info=True)


PETITION_TEXT_FIELDS = ("content", "proposed_solution", "answer_draft", "answer", "withdrawal_reason",
                        "competent_authority")


def _anonymise_batch(*, registration_ids: Iterable[int] = (), petition_ids: Iterable[int] = (),
                     tokens: dict[str, str] | None = None) -> AnonymiseReport:
    """Anonymise these registrations (with everything linked to them) and these petitions without a registration.

    Must run inside a transaction: rows are locked and re-read, so a row anonymised meanwhile is skipped.
    Attachment files are deleted after commit.
    """
    tokens = tokens or {}
    report = AnonymiseReport()
    now = timezone.now()
    registrations = list(Registration.objects.select_for_update()
                         .filter(pk__in=list(registration_ids), anonymised_at__isnull=True).order_by("pk"))
    reg_ids = [r.pk for r in registrations]
    petitions = list(Petition.objects.select_for_update().filter(
        Q(registration_id__in=reg_ids) | Q(pk__in=list(petition_ids), registration__isnull=True),
        anonymised_at__isnull=True).order_by("pk"))
    if not registrations and not petitions:
        return report
    attachments = list(Attachment.objects.filter(petition__in=petitions).order_by("pk"))
    invitees = list(Invitee.objects.filter(registration_id__in=reg_ids).order_by("pk"))

    by_registration: dict[int | None, list[Petition]] = {}
    for petition in petitions:
        by_registration.setdefault(petition.registration_id, []).append(petition)
    files_by_petition: dict[int, list[Attachment]] = {}
    for attachment in attachments:
        files_by_petition.setdefault(attachment.petition_id, []).append(attachment)
    invitees_by_registration: dict[int, list[Invitee]] = {}
    for invitee in invitees:
        invitees_by_registration.setdefault(invitee.registration_id, []).append(invitee)

    registration_scrub: dict[int, Scrubber] = {}
    petition_scrub: dict[int, Scrubber] = {}
    for registration in registrations:
        own = by_registration.get(registration.pk, [])
        scrub = _texts_and_numbers(registration, own, [a for p in own for a in files_by_petition.get(p.pk, [])],
                                   invitees_by_registration.get(registration.pk, []))
        registration_scrub[registration.pk] = scrub
        petition_scrub.update({p.pk: scrub for p in own})
    for petition in by_registration.get(None, []):
        petition_scrub[petition.pk] = _texts_and_numbers(None, [petition], files_by_petition.get(petition.pk, []), [])

    # The admin history and the related messages are read before the values they are scrubbed of disappear.
    request_scrub = {pk: registration_scrub[reg_id] for pk, reg_id in
                     DataSubjectRequest.objects.filter(registration_id__in=reg_ids).values_list("pk", "registration_id")}
    submission_scrub = {pk: registration_scrub[reg_id] for pk, reg_id in
                        RegistrationSubmission.objects.filter(registration_id__in=reg_ids)
                        .values_list("pk", "registration_id")}
    _scrub_log_entries({
        Registration: registration_scrub, Petition: petition_scrub, DataSubjectRequest: request_scrub,
        RegistrationSubmission: submission_scrub,
        Attachment: {a.pk: petition_scrub[a.petition_id] for a in attachments},
        Invitee: {i.pk: registration_scrub[i.registration_id] for i in invitees},
    }, report)
    _anonymise_messages({Registration: registration_scrub, Petition: petition_scrub,
                         DataSubjectRequest: request_scrub}, report)

    for registration in registrations:
        registration.full_name = ""
        registration.position = ""
        registration.organisation_name = organisation_placeholder(registration.organisation_kind)
        registration.tax_code = _token(tokens, registration.tax_code, f"AN-{registration.pk}")
        registration.identifier_kind = IdentifierKind.OTHER
        registration.phone = ""
        registration.email = ""
        registration.address = ""
        # The old link (in e-mails, SMS, browser history) stops working.
        registration.secret = new_secret()
        registration.anonymised_at = now
        registration.updated_at = now
    Registration.objects.bulk_update(registrations, [
        "full_name", "position", "organisation_name", "tax_code", "identifier_kind", "phone", "email", "address",
        "secret", "anonymised_at", "updated_at"])
    report.registrations += len(registrations)

    submissions = list(RegistrationSubmission.objects.filter(registration_id__in=reg_ids))
    changed = [s for s in submissions if _scrub_fields(s, ("overall_proposal",), registration_scrub[s.registration_id])]
    if changed:
        RegistrationSubmission.objects.bulk_update(changed, ["overall_proposal"])

    for petition in petitions:
        scrub = petition_scrub[petition.pk]
        fallback = (f"AN-{petition.registration_id}" if petition.registration_id else f"AN-P{petition.pk}")
        petition.organisation_name = organisation_placeholder(petition.organisation_kind)
        petition.tax_code = _token(tokens, petition.tax_code, fallback)
        petition.identifier_kind = IdentifierKind.OTHER
        petition.contact_name = ""
        petition.phone = ""
        petition.email = ""
        _scrub_fields(petition, PETITION_TEXT_FIELDS, scrub)
        petition.search_text = petition.build_search_text()
        petition.anonymised_at = now
        petition.updated_at = now
        report.open_petitions += petition.status in OPEN_STATUSES
    Petition.objects.bulk_update(petitions, [
        "organisation_name", "tax_code", "identifier_kind", "contact_name", "phone", "email", *PETITION_TEXT_FIELDS,
        "search_text", "anonymised_at", "updated_at"])
    report.petitions += len(petitions)

    events = [e for e in PetitionEvent.objects.filter(petition__in=petitions).exclude(note="")
              if _scrub_fields(e, ("note",), petition_scrub[e.petition_id])]
    if events:
        PetitionEvent.objects.bulk_update(events, ["note"])
    report.events += len(events)
    notes = [n for n in PetitionNote.objects.filter(petition__in=petitions)
             if _scrub_fields(n, ("text",), petition_scrub[n.petition_id])]
    if notes:
        PetitionNote.objects.bulk_update(notes, ["text"])
    report.notes += len(notes)

    files = [a.file.name for a in attachments if a.file]
    Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
    report.attachments += len(attachments)
    if files:
        transaction.on_commit(lambda: _delete_files(files))

    requests = list(DataSubjectRequest.objects.filter(registration_id__in=reg_ids))
    for data_request in requests:
        # The person's own words may hold values the registration never had (the old, wrong name): drop them.
        data_request.details = PLACEHOLDER if data_request.details else ""
        data_request.requested_value = PLACEHOLDER if data_request.requested_value else ""
        data_request.outcome_note = registration_scrub[data_request.registration_id](data_request.outcome_note)
    if requests:
        DataSubjectRequest.objects.bulk_update(requests, ["details", "requested_value", "outcome_note"])
    report.requests += len(requests)

    for invitee in invitees:
        _blank_invitee(invitee)
    if invitees:
        Invitee.objects.bulk_update(invitees, INVITEE_FIELDS)
    report.invitees += len(invitees)

    body_ids = {p.body_id for p in petitions}
    responses = petitions_anonymised.send(
        sender=Petition, body_ids=body_ids,
        petitions={p.code: (p.organisation_name, petition_scrub[p.pk]) for p in petitions})
    report.report_rows += sum(r for _receiver, r in responses if isinstance(r, int))
    return report


INVITEE_FIELDS = ["organisation_name", "tax_code", "contact_name", "phone", "email", "address"]


def _blank_invitee(invitee: Invitee) -> None:
    invitee.organisation_name = organisation_placeholder(invitee.organisation_kind)
    invitee.tax_code = ""
    invitee.contact_name = ""
    invitee.phone = ""
    invitee.email = ""
    invitee.address = ""


def registration_anonymise(*, registration: Registration) -> AnonymiseReport:
    """Anonymise one registration now (a completed deletion request), with its petitions and everything linked.

    Runs in the caller's transaction when there is one. Idempotent: an anonymised registration changes nothing.
    """
    tokens = {registration.tax_code: f"AN-{registration.pk}"} if registration.tax_code else {}
    with transaction.atomic():
        return _anonymise_batch(registration_ids=[registration.pk], tokens=tokens)
