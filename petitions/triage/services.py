"""Triage and answer services of kiến nghị: routing, competence, transfer, answers, reopening, merging."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.common.errors import ConferenceError
from conferences.common.text import clean_text
from conferences.models import Unit
from conferences.organisation import roles
from conferences.organisation.selectors import staff_body
from conferences.outbox.services import notification_enqueue
from petitions.deadlines import due_dates
from petitions.deadlines import rules as deadlines
from petitions.models import Category, Competence, Petition, PetitionEvent, Status
from petitions.workflow.selectors import petitions_for_user
from petitions.workflow.services import PetitionError, petition_transition

# Statuses in which a petition may still be routed (units, competence); the answer has not left yet.
ROUTABLE = frozenset({Status.RECEIVED, Status.ASSIGNED, Status.DRAFTED, Status.APPROVED, Status.ANSWERED_PENDING,
                      Status.ESCALATED})


# ---------------------------------------------------------------------------------------------------------
# Due dates
# ---------------------------------------------------------------------------------------------------------
def petition_deadline_refresh(petition: Petition) -> list[str]:
    """Set receipt_day, deadline_rule and due_date of `petition` from its competence and dates, without
    saving, through petitions.deadlines.due_dates (the one way to compute due dates); returns the changed fields.
    A due date already past stays past. Raises PetitionError when the dates cannot be counted."""
    try:
        return due_dates.petition_fill_deadline(petition)
    except ValueError as exc:
        raise PetitionError(_("Không tính được hạn trả lời của kiến nghị %(code)s: %(why)s")
                            % {"code": petition.code, "why": exc}) from exc


# ---------------------------------------------------------------------------------------------------------
# The answer letter's number: taken by the reports app (petitions must not import it), registered at start-up.
# ---------------------------------------------------------------------------------------------------------
_answer_number_allocator: Callable[..., str] | None = None


def register_answer_number_allocator(allocator: Callable[..., str] | None) -> None:
    """Register `allocator(*, petition, actor) -> "05/UBND-KT"`, called when an answer is sent (reports.apps)."""
    global _answer_number_allocator
    _answer_number_allocator = allocator


# ---------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------
def _lock(petition: Petition) -> Petition:
    return Petition.objects.select_for_update(of=("self",)).select_related("conference", "body").get(pk=petition.pk)


def _require_triage(actor, petition: Petition) -> None:
    """Only Phòng Kinh tế of the petition's body (or a superuser, or the system: actor None) triages."""
    if actor is None or actor.is_superuser:
        return
    body = staff_body(actor)
    if not roles.has_role(actor, roles.ECONOMIC) or body is None or body.pk != petition.body_id:
        raise PetitionError(_("Chỉ Phòng Kinh tế của cơ quan được phân loại, giao việc và duyệt kiến nghị %(code)s.")
                            % {"code": petition.code})


def _require_handler(actor, petition: Petition) -> None:
    """Units answer the petitions they lead or coordinate; Phòng Kinh tế answers any of its body's."""
    if actor is None or actor.is_superuser:
        return
    if not petitions_for_user(actor).filter(pk=petition.pk).exists() or not roles.has_role(
            actor, roles.ECONOMIC, roles.HANDLER):
        raise PetitionError(_("Bạn không được giao xử lý kiến nghị %(code)s.") % {"code": petition.code})


def _event(petition: Petition, actor, note: str) -> None:
    """An event without a status change (re-routing, a new draft), so the trail shows every decision."""
    PetitionEvent.objects.create(petition=petition, from_status=petition.status, to_status=petition.status,
                                 actor=actor, note=clean_text(note))


def _save(petition: Petition, fields: Iterable[str]) -> None:
    fields = sorted({*fields, "updated_at"})
    others = [f.name for f in petition._meta.concrete_fields if f.name not in fields]
    petition.full_clean(exclude=others, validate_unique=False, validate_constraints=False)
    petition.save(update_fields=fields)


def _move(petition: Petition, to_status: str, actor, note: str, **kwargs) -> Petition:
    """The status change itself, always through petition_transition (same transaction, same lock)."""
    return petition_transition(petition=petition, to_status=to_status, actor=actor, note=clean_text(note), **kwargs)


def _check_units(petition: Petition, lead_unit: Unit | None, coordinating: list[Unit]) -> None:
    for unit in ([lead_unit] if lead_unit else []) + coordinating:
        if unit.body_id != petition.body_id or not unit.is_active or not unit.handles_petitions:
            raise PetitionError(_("Đơn vị “%(unit)s” không thuộc cơ quan hoặc không được giao xử lý kiến nghị.")
                                % {"unit": unit.name})
    if lead_unit and lead_unit in coordinating:
        raise PetitionError(_("Đơn vị chủ trì không đồng thời là đơn vị phối hợp."))


def _require_text(value: str, message: str) -> str:
    value = clean_text((value or "").strip())
    if not value:
        raise PetitionError(message)
    return value


# ---------------------------------------------------------------------------------------------------------
# Routing
# ---------------------------------------------------------------------------------------------------------
def petition_assign(*, petition: Petition, lead_unit: Unit, coordinating_units: Iterable[Unit] = (),
                    actor=None, note: str = "") -> Petition:
    """Give the petition to a lead unit (and coordinating units): received / escalated / answered-pending /
    drafted → assigned, or re-route an assigned one. Several units make it a coordination case.

    Raises PetitionError when the units are not the body's active petition units or the status forbids it.
    """
    coordinating = list(coordinating_units)
    with transaction.atomic():
        locked = _lock(petition)
        _require_triage(actor, locked)
        if lead_unit is None:
            raise PetitionError(_("Phải chọn đơn vị chủ trì."))
        _check_units(locked, lead_unit, coordinating)
        if locked.status not in ROUTABLE or locked.status == Status.APPROVED:
            raise PetitionError(_("Không thể giao lại kiến nghị %(code)s ở trạng thái “%(status)s”.")
                                % {"code": locked.code, "status": locked.get_status_display()})
        locked.lead_unit = lead_unit
        fields = ["lead_unit"]
        if coordinating and locked.competence == Competence.WITHIN:
            locked.competence = Competence.COORDINATION
            fields += ["competence", *petition_deadline_refresh(locked)]
        _save(locked, fields)
        locked.coordinating_units.set(coordinating)
        names = ", ".join(u.name for u in coordinating)
        text = _("Chủ trì: %(lead)s") % {"lead": lead_unit.name}
        if names:
            text += "; " + _("phối hợp: %(units)s") % {"units": names}
        if note:
            text += f". {note}"
        if locked.status == Status.ASSIGNED:
            _event(locked, actor, text)
        else:
            _move(locked, Status.ASSIGNED, actor, text)
    petition.refresh_from_db()
    return petition


def petition_set_competence(*, petition: Petition, competence: str, other_categories: Iterable[int] | None = None,
                            coordinating_units: Iterable[Unit] | None = None, competent_authority: str = "",
                            actor=None, note: str = "") -> Petition:
    """Decide whose the petition is: within the body's competence, needing coordination (with the other units
    and, when it spans several fields, the other categories), or outside it (forward or guide within the
    outside-competence rule's working days). Recomputes the rule and due date.

    Raises PetitionError for an unknown competence, coordination without a coordinating unit, bad categories,
    or a petition no longer open.
    """
    if competence not in Competence.values:
        raise PetitionError(_("Thẩm quyền không hợp lệ: %(value)s") % {"value": competence})
    with transaction.atomic():
        locked = _lock(petition)
        _require_triage(actor, locked)
        if locked.status not in ROUTABLE:
            raise PetitionError(_("Kiến nghị %(code)s đã đóng, không phân loại lại được.") % {"code": locked.code})
        fields = ["competence"]
        locked.competence = competence
        if other_categories is not None:
            cats = sorted({int(c) for c in other_categories})
            if any(c not in Category.values or c == locked.category for c in cats):
                raise PetitionError(_("Nhóm liên quan khác là các nhóm 1–7, khác nhóm chính."))
            locked.other_categories = cats
            fields.append("other_categories")
        coordinating = None if coordinating_units is None else list(coordinating_units)
        if coordinating is not None:
            _check_units(locked, locked.lead_unit, coordinating)
        if competence == Competence.COORDINATION and not (coordinating or (
                coordinating is None and locked.coordinating_units.exists())):
            raise PetitionError(_("Kiến nghị cần phối hợp phải có ít nhất một đơn vị phối hợp."))
        if competent_authority:
            locked.competent_authority = clean_text(competent_authority.strip())
            fields.append("competent_authority")
        fields += petition_deadline_refresh(locked)
        _save(locked, fields)
        if coordinating is not None:
            locked.coordinating_units.set(coordinating)
        text = _("Thẩm quyền: %(competence)s; hạn %(due)s (%(rule)s)") % {
            "competence": Competence(competence).label, "due": locked.due_date.strftime("%d/%m/%Y"),
            "rule": deadlines.describe(locked.deadline_rule)}
        _event(locked, actor, f"{text}. {note}" if note else text)
    petition.refresh_from_db()
    return petition


def _send_out(*, petition: Petition, to_status: str, receiving_body: str, dispatch_number: str,
              dispatch_date: datetime.date | None, actor, note: str, dispatch_required: bool) -> Petition:
    receiving_body = _require_text(receiving_body, _("Phải ghi cơ quan nhận."))
    dispatch_number = clean_text((dispatch_number or "").strip())
    if dispatch_required and (not dispatch_number or dispatch_date is None):
        raise PetitionError(_("Phải ghi số và ngày công văn của cơ quan mình."))
    with transaction.atomic():
        locked = _lock(petition)
        _require_triage(actor, locked)
        locked.competent_authority = receiving_body
        locked.dispatch_number = dispatch_number
        locked.dispatch_date = dispatch_date
        fields = ["competent_authority", "dispatch_number", "dispatch_date"]
        if to_status in (Status.TRANSFERRED, Status.GUIDED) and locked.competence != Competence.OUTSIDE:
            locked.competence = Competence.OUTSIDE
            fields += ["competence", *petition_deadline_refresh(locked)]
        _save(locked, fields)
        text = _("Cơ quan nhận: %(body)s") % {"body": receiving_body}
        if dispatch_number:
            text += "; " + _("công văn số %(number)s") % {"number": dispatch_number}
            if dispatch_date:
                text += " " + _("ngày %(date)s") % {"date": dispatch_date.strftime("%d/%m/%Y")}
        _move(locked, to_status, actor, f"{text}. {note}" if note else text)
    petition.refresh_from_db()
    return petition


def petition_transfer(*, petition: Petition, receiving_body: str, dispatch_number: str,
                      dispatch_date: datetime.date, actor=None, note: str = "") -> Petition:
    """Forward a petition outside the body's competence to the competent agency, by our dispatch (number,
    date). Raises PetitionError without the receiving body or dispatch, or when the status forbids it."""
    return _send_out(petition=petition, to_status=Status.TRANSFERRED, receiving_body=receiving_body,
                     dispatch_number=dispatch_number, dispatch_date=dispatch_date, actor=actor, note=note,
                     dispatch_required=True)


def petition_guide(*, petition: Petition, receiving_body: str, dispatch_number: str = "",
                   dispatch_date: datetime.date | None = None, actor=None, note: str = "") -> Petition:
    """Guide the business to send its petition to the competent agency (named); a dispatch is optional.
    Raises PetitionError without the agency or when the status forbids it."""
    return _send_out(petition=petition, to_status=Status.GUIDED, receiving_body=receiving_body,
                     dispatch_number=dispatch_number, dispatch_date=dispatch_date, actor=actor, note=note,
                     dispatch_required=False)


def petition_escalate(*, petition: Petition, receiving_body: str, dispatch_number: str,
                      dispatch_date: datetime.date, actor=None, note: str = "") -> Petition:
    """Report the petition to a higher authority for direction, by our dispatch (number, date). Raises
    PetitionError without the receiving body or dispatch, or when the status forbids it."""
    return _send_out(petition=petition, to_status=Status.ESCALATED, receiving_body=receiving_body,
                     dispatch_number=dispatch_number, dispatch_date=dispatch_date, actor=actor, note=note,
                     dispatch_required=True)


# ---------------------------------------------------------------------------------------------------------
# Answers
# ---------------------------------------------------------------------------------------------------------
def petition_mark_answered_at_conference(*, petition: Petition, answer: str, written_answer_requested: bool = False,
                                         follow_up: bool = False, actor=None) -> Petition:
    """Record the answer given in the hall: resolved, unless the business asks for a written answer (the
    written-after-oral rule starts that day) or follow-up remains (answered, still in progress).

    Raises PetitionError without an answer, for a petition of no conference, or when the status forbids it.
    """
    answer = _require_text(answer, _("Phải ghi nội dung đã trả lời tại hội nghị."))
    with transaction.atomic():
        locked = _lock(petition)
        _require_triage(actor, locked)
        if not locked.conference_id:
            raise PetitionError(_("Kiến nghị %(code)s không gắn với hội nghị nào.") % {"code": locked.code})
        now = timezone.now()
        locked.answered_at_conference = True
        locked.answer = answer
        locked.answered_at = now
        locked.answered_by = actor if getattr(actor, "pk", None) else None
        fields = ["answered_at_conference", "answer", "answered_at", "answered_by"]
        if written_answer_requested:
            locked.written_answer_requested_at = now
            fields += ["written_answer_requested_at", *petition_deadline_refresh(locked)]
        _save(locked, fields)
        pending = written_answer_requested or follow_up
        note = _("Đã trả lời tại hội nghị")
        if written_answer_requested:
            note += "; " + _("doanh nghiệp đề nghị trả lời bằng văn bản")
        elif follow_up:
            note += "; " + _("tiếp tục giải quyết")
        _move(locked, Status.ANSWERED_PENDING if pending else Status.RESOLVED, actor, note)
    petition.refresh_from_db()
    return petition


def petition_answer_draft(*, petition: Petition, text: str, actor=None) -> Petition:
    """Save the unit's draft answer: assigned / answered-pending / escalated → drafted, or a new version of
    a draft (an approved answer sent back to draft). Raises PetitionError for an empty draft, a unit the
    petition is not given to, or a status that forbids drafting."""
    text = _require_text(text, _("Dự thảo trả lời không được để trống."))
    with transaction.atomic():
        locked = _lock(petition)
        _require_handler(actor, locked)
        locked.answer_draft = text
        _save(locked, ["answer_draft"])
        if locked.status == Status.DRAFTED:
            _event(locked, actor, _("Sửa dự thảo trả lời"))
        else:
            _move(locked, Status.DRAFTED, actor, _("Dự thảo trả lời"))
    petition.refresh_from_db()
    return petition


def petition_answer_approve(*, petition: Petition, actor=None, note: str = "") -> Petition:
    """Phòng Kinh tế approves the draft answer: drafted → approved. Raises PetitionError without a draft, for
    another role, or when the status forbids it."""
    with transaction.atomic():
        locked = _lock(petition)
        _require_triage(actor, locked)
        if not locked.answer_draft.strip():
            raise PetitionError(_("Kiến nghị %(code)s chưa có dự thảo trả lời.") % {"code": locked.code})
        _move(locked, Status.APPROVED, actor, note or _("Duyệt nội dung trả lời"))
    petition.refresh_from_db()
    return petition


def _petitioner_channels(petition: Petition) -> tuple[str, str, list[str]]:
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
                                        (OutboxMessage.Channel.EMAIL, choice.notify_email)) if wanted]
    return email, phone, channels


def petition_answer_send(*, petition: Petition, actor=None, follow_up: bool = False,
                         publish_answer: bool | None = None) -> Petition:
    """Send the approved answer: it becomes the answer, the letter takes its number (through the registered
    allocator), the status becomes resolved (or answered-pending when follow-up remains), and the petitioner
    is told through the outbox, once, by SMS and/or e-mail as the registration chose (else on every address). `publish_answer` records the business's choice.

    Raises PetitionError when the answer is not approved, for another role, or for a bad contact address.
    """
    with transaction.atomic():
        locked = _lock(petition)
        _require_triage(actor, locked)
        if locked.status != Status.APPROVED:
            raise PetitionError(_("Chỉ gửi được câu trả lời đã duyệt (kiến nghị %(code)s).") % {"code": locked.code})
        locked.answer = locked.answer_draft
        locked.answered_at = timezone.now()
        locked.answered_by = actor if getattr(actor, "pk", None) else None
        fields = ["answer", "answered_at", "answered_by"]
        if publish_answer is not None:
            locked.publish_answer = publish_answer
            fields.append("publish_answer")
        if _answer_number_allocator is not None and locked.lead_unit_id:
            locked.answer_document_number = _answer_number_allocator(petition=locked, actor=actor)
            fields.append("answer_document_number")
        _save(locked, fields)
        note = _("Gửi trả lời")
        if locked.answer_document_number:
            note += " " + _("(công văn số %(number)s)") % {"number": locked.answer_document_number}
        _move(locked, Status.ANSWERED_PENDING if follow_up else Status.RESOLVED, actor, note)
        email, phone, channels = _petitioner_channels(locked)
        try:
            notification_enqueue(
                body=locked.body, template="petition_answered", channels=channels,
                context={"petition": locked, "body": locked.body}, email=email, phone=phone, related=locked,
                dedup_key=f"petition:{locked.pk}:answered:{locked.answered_at.timestamp():.0f}")
        except ConferenceError as exc:
            raise PetitionError(str(exc)) from exc
    petition.refresh_from_db()
    return petition


def petition_resolve(*, petition: Petition, actor=None, note: str = "") -> Petition:
    """Close a petition as fully resolved (e.g. follow-up finished, or the city's direction carried out).
    Raises PetitionError for another role or when the status forbids it."""
    with transaction.atomic():
        locked = _lock(petition)
        _require_triage(actor, locked)
        _move(locked, Status.RESOLVED, actor, note or _("Đã giải quyết triệt để"))
    petition.refresh_from_db()
    return petition


def petition_reopen(*, petition: Petition, reason: str, written_answer_requested: bool = False,
                    actor=None) -> Petition:
    """Reopen a resolved petition (answered, still in progress), with the reason; when the business asks for
    a written answer after an oral one, the written-after-oral rule starts today. Raises PetitionError
    without a reason or when the petition is not resolved."""
    reason = _require_text(reason, _("Phải ghi lý do mở lại kiến nghị."))
    with transaction.atomic():
        locked = _lock(petition)
        _require_triage(actor, locked)
        fields = []
        if written_answer_requested:
            locked.written_answer_requested_at = timezone.now()
            fields += ["written_answer_requested_at", *petition_deadline_refresh(locked)]
            _save(locked, fields)
        _move(locked, Status.ANSWERED_PENDING, actor, _("Mở lại: %(reason)s") % {"reason": reason})
    petition.refresh_from_db()
    return petition


def petition_merge(*, petition: Petition, into: Petition, actor=None, note: str = "") -> Petition:
    """Merge a duplicate into another petition of the same body (the duplicate leaves the counts).
    Raises PetitionError for a wrong target or when the status forbids it."""
    with transaction.atomic():
        locked = _lock(petition)
        _require_triage(actor, locked)
        if into is None:
            raise PetitionError(_("Phải chọn kiến nghị gộp vào."))
        text = _("Gộp vào %(code)s") % {"code": into.code}
        _move(locked, Status.MERGED, actor, f"{text}. {note}" if note else text, merged_into=into)
    petition.refresh_from_db()
    return petition


def petition_withdraw(*, petition: Petition, reason: str = "", actor=None) -> Petition:
    """The business withdraws its petition (recorded by Phòng Kinh tế, or by the public pages: actor None).
    Raises PetitionError when the status forbids it."""
    with transaction.atomic():
        locked = _lock(petition)
        _require_triage(actor, locked)
        _move(locked, Status.WITHDRAWN, actor, clean_text(reason.strip()) or _("Doanh nghiệp rút kiến nghị"))
    petition.refresh_from_db()
    return petition
