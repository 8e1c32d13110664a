"""Answer services of kiến nghị: answered at the conference, the unit's draft, its approval, the sending."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.common.errors import ConferenceError
from conferences.outbox.services import notification_enqueue
from petitions.models import Petition, Status
from petitions.registration.status_links import short_status_url
from petitions.triage.steps import (
    lock_petition,
    move_status,
    petition_deadline_refresh,
    record_event,
    require_handler,
    require_text,
    require_triage,
    save_fields,
)
from petitions.workflow.services import PetitionError

# ---------------------------------------------------------------------------------------------------------
# The written answer is an official letter of the outgoing-documents register (reports.register), which petitions
# must not import: the register registers at start-up the callback that starts (or updates) the letter's draft,
# and calls back petition_answer_reviewed / _returned / _issued as the letter moves.
# ---------------------------------------------------------------------------------------------------------
_answer_document_starter: Callable[..., None] | None = None


def register_answer_document_starter(starter: Callable[..., None] | None) -> None:
    """Register `starter(*, petition, actor)`, called inside the drafting transaction (reports.apps): it creates
    the answer letter's draft in the register, or puts the new text into the draft there; it raises PetitionError
    when the letter has left the draft (under review, awaiting signature...)."""
    global _answer_document_starter
    _answer_document_starter = starter


class AnswerOutcome:
    """The outcome the reviewer chooses for a written answer: resolved, or answered with follow-up."""

    RESOLVED = Status.RESOLVED
    FOLLOW_UP = Status.ANSWERED_PENDING
    CHOICES = (RESOLVED, FOLLOW_UP)


def petition_mark_answered_at_conference(*, petition: Petition, answer: str, written_answer_requested: bool = False,
                                         follow_up: bool = False, actor=None, at=None) -> Petition:
    """Record the answer given in the hall: resolved, unless the business asks for a written answer (the
    written-after-oral rule starts that day) or follow-up remains (answered, still in progress).

    `at` (an aware datetime, default now) is when it was answered: only the demo and the imports pass it.
    Raises PetitionError without an answer, for a petition of no conference, or when the status forbids it.
    """
    answer = require_text(answer, _("Phải ghi nội dung đã trả lời tại hội nghị."))
    with transaction.atomic():
        locked = lock_petition(petition)
        require_triage(actor, locked)
        if not locked.conference_id:
            raise PetitionError(_("Kiến nghị %(code)s không gắn với hội nghị nào.") % {"code": locked.code})
        now = at or timezone.now()
        locked.answered_at_conference = True
        locked.answer = answer
        locked.answered_at = now
        locked.answered_by = actor if getattr(actor, "pk", None) else None
        fields = ["answered_at_conference", "answer", "answered_at", "answered_by"]
        if written_answer_requested:
            locked.written_answer_requested_at = now
            fields += ["written_answer_requested_at",
                       *petition_deadline_refresh(locked, today=timezone.localdate(now))]
        save_fields(locked, fields)
        pending = written_answer_requested or follow_up
        note = _("Đã trả lời tại hội nghị")
        if written_answer_requested:
            note += "; " + _("doanh nghiệp đề nghị trả lời bằng văn bản")
        elif follow_up:
            note += "; " + _("tiếp tục giải quyết")
        move_status(locked, Status.ANSWERED_PENDING if pending else Status.RESOLVED, actor, note, at=at)
    petition.refresh_from_db()
    return petition


def petition_answer_draft(*, petition: Petition, text: str, actor=None, at=None) -> Petition:
    """Save the unit's draft answer: assigned / answered-pending / escalated → drafted, or a new version of
    a draft; the answer letter's draft in the register follows (through the registered starter). Raises
    PetitionError for an empty draft, a unit the petition is not given to, an answer already past review, or a
    status that forbids drafting. `at` (default now) dates the step: only the demo and the imports pass it."""
    text = require_text(text, _("Dự thảo trả lời không được để trống."))
    with transaction.atomic():
        locked = lock_petition(petition)
        require_handler(actor, locked)
        if locked.status == Status.APPROVED:
            raise PetitionError(_("Nội dung trả lời của kiến nghị %(code)s đã qua thẩm định, đang trình ký: "
                                  "không sửa được.") % {"code": locked.code})
        locked.answer_draft = text
        save_fields(locked, ["answer_draft"])
        if locked.status == Status.DRAFTED:
            record_event(locked, actor, _("Sửa dự thảo trả lời"), at=at)
        else:
            move_status(locked, Status.DRAFTED, actor, _("Dự thảo trả lời"), at=at)
        if _answer_document_starter is not None:
            _answer_document_starter(petition=locked, actor=actor)
    petition.refresh_from_db()
    return petition


def petition_answer_reviewed(*, petition: Petition, actor=None, note: str = "") -> Petition:
    """The answer letter passed review in the register (its reviewer's role was checked there): drafted →
    approved, the content of the answer is settled. Raises PetitionError without a draft or when the status
    forbids it."""
    with transaction.atomic():
        locked = lock_petition(petition)
        if not locked.answer_draft.strip():
            raise PetitionError(_("Kiến nghị %(code)s chưa có dự thảo trả lời.") % {"code": locked.code})
        move_status(locked, Status.APPROVED, actor, note or _("Duyệt nội dung trả lời"))
    petition.refresh_from_db()
    return petition


def petition_answer_returned(*, petition: Petition, actor=None, comment: str = "") -> Petition:
    """The answer letter went back to draft in the register (returned by the signer, or withdrawn): approved →
    drafted, so that the unit may change the text. Nothing happens to a petition not approved."""
    with transaction.atomic():
        locked = lock_petition(petition)
        if locked.status == Status.APPROVED:
            move_status(locked, Status.DRAFTED, actor, comment or _("Trả lại dự thảo trả lời"))
    petition.refresh_from_db()
    return petition


def petitioner_channels(petition: Petition) -> tuple[str, str, list[str]]:
    """(e-mail, phone, channels) to tell the petitioner on: the registration's choice (SMS and/or e-mail,
    RegistrationSubmission) when there is one, else every channel with an address; none once the registrant
    withdrew consent (the answer is still given: status page, official letter; docs/personal-data.md)."""
    from conferences.outbox.models import OutboxMessage
    from petitions.models import RegistrationSubmission
    from petitions.privacy.services import registration_may_be_notified

    registration = petition.registration
    if not registration_may_be_notified(registration) or petition.anonymised_at is not None:
        return "", "", []
    email = petition.email or (registration.email if registration else "")
    phone = petition.phone or (registration.phone if registration else "")
    channels = [OutboxMessage.Channel.EMAIL, OutboxMessage.Channel.SMS]
    choice = (RegistrationSubmission.objects.filter(registration_id=petition.registration_id).first()
              if petition.registration_id else None)
    if choice is not None:
        channels = [c for c, wanted in ((OutboxMessage.Channel.SMS, choice.notify_sms),
                                        (OutboxMessage.Channel.EMAIL, choice.notify_email),
                                        (OutboxMessage.Channel.ZALO, choice.notify_zalo)) if wanted]
    return email, phone, channels


def petition_answer_issued(*, petition: Petition, document_number: str, issued_on, outcome: str,
                           actor=None, publish_answer: bool | None = None) -> Petition:
    """The answer letter was signed and issued (numbered) in the register: the approved draft becomes the answer,
    the petition moves to `outcome` (resolved, or answered-pending when follow-up remains), and only now is the
    petitioner told through the outbox, once, by SMS and/or e-mail as the registration chose (else on every
    address), with the short link to its status page (PUBLIC_BASE_URL/tc/…), where the issued letter can be
    downloaded.

    `publish_answer` publishes the answer on the portal, only when the business agreed (`publication_consent`);
    None keeps what the business chose.

    Raises PetitionError when the answer is not approved, for an unknown outcome, for a bad contact address, or
    when publishing is asked without the business's consent.
    """
    if outcome not in AnswerOutcome.CHOICES:
        raise PetitionError(_("Kết quả trả lời không hợp lệ."))
    with transaction.atomic():
        locked = lock_petition(petition)
        if locked.status != Status.APPROVED:
            raise PetitionError(_("Chỉ ban hành được câu trả lời đã duyệt (kiến nghị %(code)s).") % {
                "code": locked.code})
        locked.answer = locked.answer_draft
        locked.answered_at = timezone.now()
        locked.answered_by = actor if getattr(actor, "pk", None) else None
        locked.answer_document_number = document_number
        fields = ["answer", "answered_at", "answered_by", "answer_document_number"]
        if publish_answer is not None:
            if publish_answer and not locked.publication_consent:
                raise PetitionError(_("Doanh nghiệp chưa đồng ý công khai: không thể công khai trả lời kiến nghị "
                                      "%(code)s.") % {"code": locked.code})
            locked.publish_answer = publish_answer
            fields.append("publish_answer")
        save_fields(locked, fields)
        note = _("Ban hành công văn trả lời số %(number)s ngày %(date)s") % {
            "number": document_number, "date": issued_on.strftime("%d/%m/%Y")}
        move_status(locked, outcome, actor, note)
        email, phone, channels = petitioner_channels(locked)
        status_link = short_status_url(locked.registration) if locked.registration_id else ""
        try:
            notification_enqueue(
                body=locked.body, template="petition_answered", channels=channels,
                context={"petition": locked, "body": locked.body, "status_link": status_link},
                email=email, phone=phone, related=locked, dedup_key=f"petition:{locked.pk}:answered:{document_number}")
        except ConferenceError as exc:
            raise PetitionError(str(exc)) from exc
    petition.refresh_from_db()
    return petition
