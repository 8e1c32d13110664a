"""Transfer and escalation of kiến nghị by an official letter of the outgoing-documents register: the letter is
started by Phòng Kinh tế, drafted, reviewed, signed and issued in the register (reports.register), and only its issue
moves the petition (→ transferred / escalated, with the issued number and date) and tells the business."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from conferences.common.errors import ConferenceError
from conferences.outbox.services import notification_enqueue
from petitions.models import TRANSITIONS, Competence, Petition, Status
from petitions.registration.status_links import short_status_url
from petitions.triage.answers import petitioner_channels
from petitions.triage.steps import (
    lock_petition,
    move_status,
    petition_deadline_refresh,
    record_event,
    require_text,
    require_triage,
    save_fields,
)
from petitions.workflow.services import PetitionError

SEND_OUT_STATUSES = (Status.TRANSFERRED, Status.ESCALATED)

# petitions must not import reports: the register registers at start-up the callback that creates (or reuses) the
# letter's draft, and calls petition_send_out_issued / _withdrawn as the letter moves.
_letter_starter: Callable[..., None] | None = None


def register_send_out_letter_starter(starter: Callable[..., None] | None) -> None:
    """Register `starter(*, petition, to_status, actor, receiving_changed)`, called inside the starting transaction
    (reports.apps): it creates the transfer or escalation letter's draft in the register, or reuses the open one; it
    raises PetitionError when the receiving body changed after the letter left the draft."""
    global _letter_starter
    _letter_starter = starter


def _what(to_status: str) -> str:
    return (_("công văn chuyển kiến nghị") if to_status == Status.TRANSFERRED
            else _("công văn xin ý kiến chỉ đạo cấp trên"))


def _check_can_move(petition: Petition, to_status: str) -> None:
    if to_status not in SEND_OUT_STATUSES:
        raise PetitionError(_("Trạng thái không hợp lệ: %(status)s") % {"status": to_status})
    if to_status not in TRANSITIONS[petition.status]:
        raise PetitionError(_("Không thể chuyển kiến nghị %(code)s từ “%(src)s” sang “%(dst)s”.") % {
            "code": petition.code, "src": Status(petition.status).label, "dst": Status(to_status).label})


def petition_send_out_start(*, petition: Petition, to_status: str, receiving_body: str, actor=None,
                            note: str = "") -> Petition:
    """Decide to transfer (→ transferred) or escalate (→ escalated) the petition to `receiving_body`: the receiving
    body is recorded, a transfer makes the petition outside competence (the forward rule's due date), and the letter's
    draft is started in the register (drafted by the lead unit; Phòng Kinh tế when none). No number is typed: the
    register gives it at issue. The petition keeps its status, marked as waiting for the letter, until then.

    Raises PetitionError without a receiving body, for another role, when the status cannot move to `to_status`, or
    when the other kind of letter is already on its way."""
    receiving_body = require_text(receiving_body, _("Phải ghi cơ quan nhận."))
    with transaction.atomic():
        locked = lock_petition(petition)
        require_triage(actor, locked)
        _check_can_move(locked, to_status)
        if locked.send_out_pending and locked.send_out_pending != to_status:
            raise PetitionError(_("Kiến nghị %(code)s đang chờ ban hành %(what)s: thu hồi công văn đó trong sổ văn "
                                  "bản đi trước.") % {"code": locked.code, "what": _what(locked.send_out_pending)})
        if _letter_starter is None:
            raise PetitionError(_("Chưa có sổ văn bản đi: không lập được công văn."))
        receiving_changed = bool(locked.send_out_pending) and locked.competent_authority != receiving_body
        locked.competent_authority = receiving_body
        locked.send_out_pending = to_status
        fields = ["competent_authority", "send_out_pending"]
        if to_status == Status.TRANSFERRED and locked.competence != Competence.OUTSIDE:
            locked.competence = Competence.OUTSIDE
            fields += ["competence", *petition_deadline_refresh(locked)]
        save_fields(locked, fields)
        text = _("Lập dự thảo %(what)s gửi %(body)s; kiến nghị chuyển trạng thái khi công văn được ban hành") % {
            "what": _what(to_status), "body": receiving_body}
        record_event(locked, actor, f"{text}. {note}" if note else text)
        _letter_starter(petition=locked, to_status=to_status, actor=actor, receiving_changed=receiving_changed)
    petition.refresh_from_db()
    return petition


def petition_send_out_issued(*, petition: Petition, to_status: str, document_number: str,
                             issued_on: datetime.date, actor=None) -> Petition:
    """The transfer or escalation letter was signed and issued in the register (its issuer's role was checked
    there): the petition takes the issued number and date, moves to `to_status`, and the business is told through
    the outbox, once, with the short link of its status page, where the issued letter can be downloaded.

    Raises PetitionError when the petition's status no longer allows the move (it was withdrawn or merged
    meanwhile: the letter must then be withdrawn) or for a bad contact address."""
    with transaction.atomic():
        locked = lock_petition(petition)
        _check_can_move(locked, to_status)
        locked.dispatch_number = document_number
        locked.dispatch_date = issued_on
        locked.dispatch_outside_portal = False
        locked.send_out_pending = ""
        fields = ["dispatch_number", "dispatch_date", "dispatch_outside_portal", "send_out_pending"]
        if to_status == Status.TRANSFERRED and locked.competence != Competence.OUTSIDE:
            locked.competence = Competence.OUTSIDE
            fields += ["competence", *petition_deadline_refresh(locked)]
        save_fields(locked, fields)
        note = _("Ban hành %(what)s số %(number)s ngày %(date)s gửi %(body)s") % {
            "what": _what(to_status), "number": document_number, "date": issued_on.strftime("%d/%m/%Y"),
            "body": locked.competent_authority or "—"}
        move_status(locked, to_status, actor, note)
        tell_petitioner_sent_out(locked, document_number=document_number, letter_in_portal=True)
    petition.refresh_from_db()
    return petition


def petition_send_out_withdrawn(*, petition: Petition, actor=None, note: str = "") -> Petition:
    """The transfer or escalation letter was withdrawn in the register before issue: the petition stays where it
    is, no longer waiting for a letter (an event says so)."""
    with transaction.atomic():
        locked = lock_petition(petition)
        if locked.send_out_pending:
            what = _what(locked.send_out_pending)
            locked.send_out_pending = ""
            save_fields(locked, ["send_out_pending"])
            text = _("Thu hồi dự thảo %(what)s; kiến nghị giữ trạng thái hiện tại") % {"what": what}
            record_event(locked, actor, f"{text}. {note}" if note else text)
    petition.refresh_from_db()
    return petition


def tell_petitioner_sent_out(petition: Petition, *, document_number: str, letter_in_portal: bool) -> None:
    """Write the outbox message telling the business where its petition went (inside the caller's transaction),
    once per letter number. Raises PetitionError for a bad contact address."""
    email, phone, channels = petitioner_channels(petition)
    status_link = short_status_url(petition.registration) if petition.registration_id else ""
    try:
        notification_enqueue(
            body=petition.body, template="petition_sent_out", channels=channels,
            context={"petition": petition, "body": petition.body, "status_link": status_link,
                     "escalated": petition.status == Status.ESCALATED, "letter_in_portal": letter_in_portal},
            email=email, phone=phone, related=petition,
            dedup_key=f"petition:{petition.pk}:{petition.status}:{document_number}")
    except ConferenceError as exc:
        raise PetitionError(str(exc)) from exc
