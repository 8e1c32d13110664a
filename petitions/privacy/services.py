"""Data subjects' rights (Law 91/2025/QH15, Decree 356/2025/NĐ-CP) from the status page: a copy of their data,
and requests for correction, consent withdrawal and deletion that Phòng Kinh tế handles within a deadline.

What a consent withdrawal means here (docs/personal-data.md): the petitions already sent are still answered
as the law on petitions requires (answering is a legal duty, not a use based on consent), but from that moment
the portal sends the registrant no SMS or e-mail (answers, invitations) except the replies to their own
data-subject requests, and staff see the withdrawal on the registration.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from conferences.common.codes import generate_code
from conferences.models import Registration
from conferences.organisation import roles
from conferences.organisation.selectors import staff_body
from conferences.outbox.models import OutboxMessage
from petitions.models import (
    ANSWER_VISIBLE,
    OPEN_STATUSES,
    DataSubjectRequest,
    Petition,
    RegistrationSubmission,
)
from petitions.privacy.anonymise import AnonymiseReport, registration_anonymise, registration_scrubber
from petitions.workflow.services import PetitionError

Kind = DataSubjectRequest.Kind
RequestStatus = DataSubjectRequest.Status


def request_due_at(kind: str, received_at: datetime.datetime) -> datetime.datetime:
    """When a request of `kind` received at `received_at` must be handled (settings DATA_REQUEST_*_DUE_*)."""
    if kind == Kind.CONSENT_WITHDRAWAL:
        return received_at + datetime.timedelta(hours=settings.DATA_REQUEST_CONSENT_DUE_HOURS)
    days = (settings.DATA_REQUEST_DELETION_DUE_DAYS if kind == Kind.DELETION
            else settings.DATA_REQUEST_CORRECTION_DUE_DAYS)
    return received_at + datetime.timedelta(days=days)


def registration_may_be_notified(registration: Registration | None) -> bool:
    """False once the registrant withdrew consent or the registration was anonymised: no SMS or e-mail then
    (the replies to their own data-subject requests excepted)."""
    return registration is None or (registration.consent_withdrawn_at is None and registration.anonymised_at is None)


def _channels(registration: Registration) -> tuple[str, str, list[str]]:
    """(e-mail, phone, channels) for the replies to a data-subject request: as the registration chose to be
    told, or every address it gave when it chose none."""
    channels = [OutboxMessage.Channel.EMAIL, OutboxMessage.Channel.SMS]
    choice = RegistrationSubmission.objects.filter(registration=registration).first()
    if choice is not None and (choice.notify_sms or choice.notify_email):
        channels = [c for c, wanted in ((OutboxMessage.Channel.SMS, choice.notify_sms),
                                        (OutboxMessage.Channel.EMAIL, choice.notify_email)) if wanted]
    return registration.email, registration.phone, channels


def _notify(data_request: DataSubjectRequest, template: str, *, email: str, phone: str, channels: list[str],
            dedup: str) -> None:
    from conferences.common.errors import ConferenceError
    from conferences.outbox import services as outbox

    try:
        outbox.notification_enqueue(
            body=data_request.body, template=template, language=(get_language() or "vi")[:2],
            context={"data_request": data_request, "body": data_request.body}, email=email, phone=phone,
            channels=channels, related=data_request, dedup_key=f"data-request:{data_request.pk}:{dedup}")
    except ConferenceError as exc:
        raise PetitionError(str(exc)) from exc


def data_request_submit(*, registration: Registration, kind: str, details: str = "", field: str = "",
                        requested_value: str = "") -> tuple[DataSubjectRequest, bool]:
    """Record a request made from the status page and confirm it to the registrant through the outbox (with its
    code and due date); returns (request, created).

    A consent withdrawal takes effect at once (the registration's `consent_withdrawn_at`); the request is the
    record staff close. One open consent-withdrawal or deletion request at a time, and the same correction sent
    twice, return the existing request (created=False). Raises PetitionError for an anonymised registration, an
    unknown kind or an address the outbox refuses.
    """
    if kind not in Kind.values:
        raise PetitionError(_("Loại yêu cầu không hợp lệ."))
    now = timezone.now()
    with transaction.atomic():
        locked = Registration.objects.select_for_update().select_related("conference__body").get(pk=registration.pk)
        if locked.anonymised_at is not None:
            raise PetitionError(_("Dữ liệu cá nhân của đăng ký này đã được xóa."))
        open_requests = locked.data_requests.filter(kind=kind, status__in=DataSubjectRequest.OPEN)
        if kind == Kind.CORRECTION:
            open_requests = open_requests.filter(field=field, details=details, requested_value=requested_value)
        existing = open_requests.order_by("pk").first()
        if existing is None and kind == Kind.CONSENT_WITHDRAWAL and locked.consent_withdrawn_at is not None:
            existing = locked.data_requests.filter(kind=kind).order_by("-pk").first()
        if existing is not None:
            return existing, False
        body = locked.conference.body
        data_request = DataSubjectRequest(
            body=body, registration=locked, code=generate_code(prefix=body.code_prefix, year=timezone.localdate().year),
            kind=kind, field=field, details=details, requested_value=requested_value, received_at=now,
            due_at=request_due_at(kind, now))
        data_request.full_clean(exclude=["body", "registration"])
        data_request.save()
        if kind == Kind.CONSENT_WITHDRAWAL and locked.consent_withdrawn_at is None:
            locked.consent_withdrawn_at = now
            locked.save(update_fields=["consent_withdrawn_at", "updated_at"])
        email, phone, channels = _channels(locked)
        _notify(data_request, "data_request_received", email=email, phone=phone, channels=channels, dedup="received")
    return data_request, True


def _require_handler(actor, data_request: DataSubjectRequest) -> None:
    """Phòng Kinh tế of the request's body (the contact the privacy notice names) or a superuser."""
    if actor is not None and actor.is_superuser:
        return
    body = staff_body(actor) if actor is not None else None
    if actor is None or not roles.has_role(actor, roles.ECONOMIC) or body is None or body.pk != data_request.body_id:
        raise PetitionError(_("Chỉ Phòng Kinh tế của cơ quan được xử lý yêu cầu %(code)s.") % {"code": data_request.code})


def _lock(data_request: DataSubjectRequest, actor, to_status: str) -> DataSubjectRequest:
    locked = (DataSubjectRequest.objects.select_for_update().select_related("body", "registration")
              .get(pk=data_request.pk))
    _require_handler(actor, locked)
    if to_status not in DataSubjectRequest.TRANSITIONS[locked.status]:
        raise PetitionError(_("Yêu cầu %(code)s đang “%(status)s”, không chuyển sang “%(to)s” được.") % {
            "code": locked.code, "status": locked.get_status_display(), "to": RequestStatus(to_status).label})
    return locked


def _close(locked: DataSubjectRequest, to_status: str, actor, note: str) -> None:
    locked.status = to_status
    locked.handled_by = actor
    locked.handled_at = timezone.now()
    locked.outcome_note = note
    locked.save(update_fields=["status", "handled_by", "handled_at", "outcome_note", "updated_at"])


def data_request_start(*, data_request: DataSubjectRequest, actor) -> DataSubjectRequest:
    """Mark a received request as being handled (who took it). Raises PetitionError for another role or status."""
    with transaction.atomic():
        locked = _lock(data_request, actor, RequestStatus.IN_PROGRESS)
        locked.status = RequestStatus.IN_PROGRESS
        locked.handled_by = actor
        locked.save(update_fields=["status", "handled_by", "updated_at"])
    return locked


def deletion_blockers(registration: Registration) -> list[Petition]:
    """The registration's petitions still being handled: answering them is a legal duty that needs the contact."""
    return list(registration.petitions.filter(status__in=OPEN_STATUSES).order_by("pk"))


def data_request_complete(*, data_request: DataSubjectRequest, actor, note: str = "") -> DataSubjectRequest:
    """Close a request as done and tell the registrant the outcome through the outbox.

    A deletion anonymises the registration and everything linked to it (petitions/anonymise/) in the same
    transaction; the outcome goes to the addresses read just before (the nightly retention run blanks that
    message once sent). A correction is made by staff on the registration first; a consent withdrawal has
    already taken effect. Raises PetitionError for another role, a closed request, or a deletion while the
    registration still has petitions being handled (refuse it with that reason, or answer them first).
    """
    note = (note or "").strip()
    with transaction.atomic():
        locked = _lock(data_request, actor, RequestStatus.DONE)
        registration = Registration.objects.select_for_update().get(pk=locked.registration_id)
        email, phone, channels = _channels(registration)
        if locked.kind == Kind.DELETION:
            blockers = deletion_blockers(registration)
            if blockers:
                raise PetitionError(_(
                    "Còn %(n)s kiến nghị đang xử lý (%(codes)s): trả lời xong mới xóa được dữ liệu, hoặc từ chối "
                    "yêu cầu %(code)s và ghi lý do.") % {
                        "n": len(blockers), "codes": ", ".join(p.code for p in blockers[:5]), "code": locked.code})
            # The note is kept with the request: it must not bring back what was just deleted.
            note = registration_scrubber(registration)(note)
            registration_anonymise(registration=registration)
            locked.refresh_from_db()
        elif locked.kind == Kind.CONSENT_WITHDRAWAL and registration.consent_withdrawn_at is None:
            registration.consent_withdrawn_at = locked.received_at
            registration.save(update_fields=["consent_withdrawn_at", "updated_at"])
        _close(locked, RequestStatus.DONE, actor, note)
        _notify(locked, "data_request_outcome", email=email, phone=phone, channels=channels, dedup="done")
    return locked


def data_request_refuse(*, data_request: DataSubjectRequest, actor, reason: str) -> DataSubjectRequest:
    """Close a request as refused with its reason (e.g. a value that is correct, petitions still being answered)
    and tell the registrant. Raises PetitionError without a reason, for another role or a closed request."""
    reason = (reason or "").strip()
    if not reason:
        raise PetitionError(_("Phải ghi lý do từ chối yêu cầu."))
    with transaction.atomic():
        locked = _lock(data_request, actor, RequestStatus.REFUSED)
        email, phone, channels = _channels(locked.registration)
        _close(locked, RequestStatus.REFUSED, actor, reason)
        _notify(locked, "data_request_outcome", email=email, phone=phone, channels=channels, dedup="refused")
    return locked


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def registration_personal_data(registration: Registration) -> dict:
    """Everything the portal holds about a registrant, machine-readable (the right to a copy): the registration,
    consent, the Phụ lục II extras, the petitions with their status trail, answers given, attachments (names),
    the messages sent to them and their data-subject requests. Staff-internal notes are not part of it."""
    conference = registration.conference
    body = conference.body
    submission = RegistrationSubmission.objects.filter(registration=registration).first()
    petitions = list(registration.petitions.order_by("category", "pk").prefetch_related("events", "attachments"))
    requests = list(registration.data_requests.order_by("received_at", "pk"))
    related = (Q(related_type=ContentType.objects.get_for_model(Registration), related_id=str(registration.pk))
               | Q(related_type=ContentType.objects.get_for_model(Petition),
                   related_id__in=[str(p.pk) for p in petitions])
               | Q(related_type=ContentType.objects.get_for_model(DataSubjectRequest),
                   related_id__in=[str(r.pk) for r in requests]))
    messages = OutboxMessage.objects.filter(related).order_by("created_at", "pk")
    return {
        "generated_at": _iso(timezone.now()),
        "controller": {"name": f"{body.authority_name} {body.full_name}", "address": body.address,
                       "phone": body.phone, "email": body.email},
        "registration": {
            "code": registration.code, "conference": conference.title, "conference_year": conference.year,
            "full_name": registration.full_name, "position": registration.position,
            "organisation_name": registration.organisation_name,
            "organisation_kind": registration.get_organisation_kind_display(),
            "identifier_kind": registration.get_identifier_kind_display(), "tax_code": registration.tax_code,
            "phone": registration.phone, "email": registration.email, "address": registration.address,
            "channel": registration.get_channel_display(), "received_at": _iso(registration.received_at),
            "attending": registration.attending, "checked_in_at": _iso(registration.checked_in_at),
            "withdrawn_at": _iso(registration.withdrawn_at),
        },
        "consent": {"notice_version": registration.consent_version, "consented_at": _iso(registration.consented_at),
                    "withdrawn_at": _iso(registration.consent_withdrawn_at)},
        "submission": None if submission is None else {
            "overall_proposal": submission.overall_proposal, "notify_sms": submission.notify_sms,
            "notify_email": submission.notify_email, "notify_zalo": submission.notify_zalo,
            "received_after_cutoff": submission.received_after_cutoff},
        "petitions": [{
            "code": p.code, "category": p.get_category_display(), "content": p.content,
            "proposed_solution": p.proposed_solution, "status": p.get_status_display(),
            "received_at": _iso(p.received_at), "due_date": _iso(p.due_date),
            "answer": p.answer if p.status in ANSWER_VISIBLE else "",
            "answered_at": _iso(p.answered_at) if p.status in ANSWER_VISIBLE else None,
            "publish_answer": p.publish_answer,
            "attachments": [{"name": a.original_name, "size": a.size, "uploaded_at": _iso(a.uploaded_at)}
                            for a in p.attachments.all()],
            "events": [{"at": _iso(e.created_at), "from": e.get_from_status_display() if e.from_status else "",
                        "to": e.get_to_status_display(), "note": e.note} for e in p.events.all()],
        } for p in petitions],
        "messages": [{
            "created_at": _iso(m.created_at), "channel": m.get_channel_display(), "recipient": m.recipient,
            "subject": m.subject, "text": m.text, "status": m.get_status_display(), "sent_at": _iso(m.sent_at),
        } for m in messages],
        "requests": [{
            "code": r.code, "kind": r.get_kind_display(), "field": r.get_field_display() if r.field else "",
            "details": r.details, "requested_value": r.requested_value, "received_at": _iso(r.received_at),
            "due_at": _iso(r.due_at), "status": r.get_status_display(), "handled_at": _iso(r.handled_at),
            "outcome_note": r.outcome_note,
        } for r in requests],
    }


__all__ = ["AnonymiseReport", "data_request_complete", "data_request_refuse", "data_request_start",
           "data_request_submit", "deletion_blockers", "registration_may_be_notified",
           "registration_personal_data", "request_due_at"]
