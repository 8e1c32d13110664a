"""Triage services of kiến nghị: routing, competence, transfer and escalation, closing, reopening, merging."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.common.text import clean_text
from conferences.models import Unit
from petitions.deadlines import rules as deadlines
from petitions.models import Category, Competence, Petition, PetitionEvent, Status
from petitions.triage import answers, send_out
from petitions.triage.steps import (
    check_units,
    lock_petition,
    move_status,
    petition_deadline_refresh,
    record_event,
    require_text,
    require_triage,
    save_fields,
)
from petitions.workflow.services import PetitionError, petition_transition

# Statuses in which a petition may still be routed (units, competence); the answer has not left yet.
ROUTABLE = frozenset({Status.RECEIVED, Status.ASSIGNED, Status.DRAFTED, Status.APPROVED, Status.ANSWERED_PENDING,
                      Status.ESCALATED})


# ---------------------------------------------------------------------------------------------------------
# Routing
# ---------------------------------------------------------------------------------------------------------
def petition_assign(*, petition: Petition, lead_unit: Unit, coordinating_units: Iterable[Unit] = (),
                    actor=None, note: str = "", at: datetime.datetime | None = None) -> Petition:
    """Give the petition to a lead unit (and coordinating units): received / escalated / answered-pending /
    drafted → assigned, or re-route an assigned one. Several units make it a coordination case. `at` (default
    now) dates the step: only the demo and the imports pass it.

    Raises PetitionError when the units are not the body's active petition units or the status forbids it.
    """
    coordinating = list(coordinating_units)
    with transaction.atomic():
        locked = lock_petition(petition)
        require_triage(actor, locked)
        if lead_unit is None:
            raise PetitionError(_("Phải chọn đơn vị chủ trì."))
        check_units(locked, lead_unit, coordinating)
        if locked.status not in ROUTABLE or locked.status == Status.APPROVED:
            raise PetitionError(_("Không thể giao lại kiến nghị %(code)s ở trạng thái “%(status)s”.")
                                % {"code": locked.code, "status": locked.get_status_display()})
        locked.lead_unit = lead_unit
        fields = ["lead_unit"]
        if coordinating and locked.competence == Competence.WITHIN:
            locked.competence = Competence.COORDINATION
            fields += ["competence", *petition_deadline_refresh(locked, today=_day(at))]
        save_fields(locked, fields)
        locked.coordinating_units.set(coordinating)
        names = ", ".join(u.name for u in coordinating)
        text = _("Chủ trì: %(lead)s") % {"lead": lead_unit.name}
        if names:
            text += "; " + _("phối hợp: %(units)s") % {"units": names}
        if note:
            text += f". {note}"
        if locked.status == Status.ASSIGNED:
            record_event(locked, actor, text, at=at)
        else:
            move_status(locked, Status.ASSIGNED, actor, text, at=at)
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
        locked = lock_petition(petition)
        require_triage(actor, locked)
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
            check_units(locked, locked.lead_unit, coordinating)
        if competence == Competence.COORDINATION and not (coordinating or (
                coordinating is None and locked.coordinating_units.exists())):
            raise PetitionError(_("Kiến nghị cần phối hợp phải có ít nhất một đơn vị phối hợp."))
        if competent_authority:
            locked.competent_authority = clean_text(competent_authority.strip())
            fields.append("competent_authority")
        fields += petition_deadline_refresh(locked)
        save_fields(locked, fields)
        if coordinating is not None:
            locked.coordinating_units.set(coordinating)
        text = _("Thẩm quyền: %(competence)s; hạn %(due)s (%(rule)s)") % {
            "competence": Competence(competence).label, "due": locked.due_date.strftime("%d/%m/%Y"),
            "rule": deadlines.describe(locked.deadline_rule)}
        record_event(locked, actor, f"{text}. {note}" if note else text)
    petition.refresh_from_db()
    return petition


def _day(at: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(at) if at is not None else None


def _send_out(*, petition: Petition, to_status: str, receiving_body: str, dispatch_number: str,
              dispatch_date: datetime.date | None, actor, note: str, outside_portal: bool = False,
              at: datetime.datetime | None = None) -> Petition:
    receiving_body = require_text(receiving_body, _("Phải ghi cơ quan nhận."))
    dispatch_number = clean_text((dispatch_number or "").strip())
    if outside_portal and (not dispatch_number or dispatch_date is None):
        raise PetitionError(_("Phải ghi số và ngày công văn đã ban hành ngoài hệ thống."))
    if outside_portal and dispatch_date > timezone.localdate():
        raise PetitionError(_("Ngày công văn không được sau hôm nay."))
    with transaction.atomic():
        locked = lock_petition(petition)
        require_triage(actor, locked)
        if locked.send_out_pending:
            raise PetitionError(_("Kiến nghị %(code)s đang có công văn chuyển hoặc xin ý kiến trong sổ văn bản đi: "
                                  "thu hồi công văn đó trước.") % {"code": locked.code})
        locked.competent_authority = receiving_body
        locked.dispatch_number = dispatch_number
        locked.dispatch_date = dispatch_date
        locked.dispatch_outside_portal = outside_portal
        fields = ["competent_authority", "dispatch_number", "dispatch_date", "dispatch_outside_portal"]
        if to_status in (Status.TRANSFERRED, Status.GUIDED) and locked.competence != Competence.OUTSIDE:
            locked.competence = Competence.OUTSIDE
            fields += ["competence", *petition_deadline_refresh(locked, today=_day(at))]
        save_fields(locked, fields)
        text = _("Cơ quan nhận: %(body)s") % {"body": receiving_body}
        if dispatch_number:
            text += "; " + _("công văn số %(number)s") % {"number": dispatch_number}
            if dispatch_date:
                text += " " + _("ngày %(date)s") % {"date": dispatch_date.strftime("%d/%m/%Y")}
        if outside_portal:
            text += " " + _("(công văn đã ban hành ngoài hệ thống, số nhập tay)")
        move_status(locked, to_status, actor, f"{text}. {note}" if note else text, at=at)
        if outside_portal:
            send_out.tell_petitioner_sent_out(locked, document_number=dispatch_number, letter_in_portal=False)
    petition.refresh_from_db()
    return petition


def petition_transfer(*, petition: Petition, receiving_body: str, actor=None, note: str = "") -> Petition:
    """Forward a petition outside the body's competence to the competent agency: the transfer letter's draft is
    started in the outgoing-documents register, and the petition becomes transferred when the letter is issued
    (send_out). Raises PetitionError without the receiving body, or when the status forbids it."""
    return send_out.petition_send_out_start(petition=petition, to_status=Status.TRANSFERRED,
                                            receiving_body=receiving_body, actor=actor, note=note)


def petition_escalate(*, petition: Petition, receiving_body: str, actor=None, note: str = "") -> Petition:
    """Report the petition to a higher authority for direction: the escalation letter's draft is started in the
    register, and the petition becomes escalated when the letter is issued (send_out). Raises PetitionError without
    the receiving body, or when the status forbids it."""
    return send_out.petition_send_out_start(petition=petition, to_status=Status.ESCALATED,
                                            receiving_body=receiving_body, actor=actor, note=note)


def petition_send_out_outside_portal(*, petition: Petition, to_status: str, receiving_body: str,
                                     dispatch_number: str, dispatch_date: datetime.date, actor=None,
                                     note: str = "") -> Petition:
    """Record a transfer or escalation whose letter was issued on paper, outside the portal (before the portal was
    used, or while it was down): its number and date are typed, the event says so, the business is told. Raises
    PetitionError without number and date, for a future date, while a letter of the register is on its way, or
    when the status forbids it."""
    if to_status not in send_out.SEND_OUT_STATUSES:
        raise PetitionError(_("Trạng thái không hợp lệ: %(status)s") % {"status": to_status})
    return _send_out(petition=petition, to_status=to_status, receiving_body=receiving_body,
                     dispatch_number=dispatch_number, dispatch_date=dispatch_date, actor=actor, note=note,
                     outside_portal=True)


def petition_guide(*, petition: Petition, receiving_body: str, dispatch_number: str = "",
                   dispatch_date: datetime.date | None = None, actor=None, note: str = "",
                   at: datetime.datetime | None = None) -> Petition:
    """Guide the business to send its petition to the competent agency (named); a dispatch is optional.
    Raises PetitionError without the agency or when the status forbids it."""
    return _send_out(petition=petition, to_status=Status.GUIDED, receiving_body=receiving_body,
                     dispatch_number=dispatch_number, dispatch_date=dispatch_date, actor=actor, note=note,
                     at=at)


def petition_resolve(*, petition: Petition, actor=None, note: str = "",
                     at: datetime.datetime | None = None) -> Petition:
    """Close a petition as fully resolved (e.g. follow-up finished, or the city's direction carried out).
    Raises PetitionError for another role or when the status forbids it."""
    with transaction.atomic():
        locked = lock_petition(petition)
        require_triage(actor, locked)
        move_status(locked, Status.RESOLVED, actor, note or _("Đã giải quyết triệt để"), at=at)
    petition.refresh_from_db()
    return petition


def petition_reopen(*, petition: Petition, reason: str, written_answer_requested: bool = False,
                    actor=None) -> Petition:
    """Reopen a resolved petition (answered, still in progress), with the reason; when the business asks for
    a written answer after an oral one, the written-after-oral rule starts today. Raises PetitionError
    without a reason or when the petition is not resolved."""
    reason = require_text(reason, _("Phải ghi lý do mở lại kiến nghị."))
    with transaction.atomic():
        locked = lock_petition(petition)
        require_triage(actor, locked)
        fields = []
        if written_answer_requested:
            locked.written_answer_requested_at = timezone.now()
            fields += ["written_answer_requested_at", *petition_deadline_refresh(locked)]
            save_fields(locked, fields)
        move_status(locked, Status.ANSWERED_PENDING, actor, _("Mở lại: %(reason)s") % {"reason": reason})
    petition.refresh_from_db()
    return petition


def petition_merge(*, petition: Petition, into: Petition, actor=None, note: str = "",
                   at: datetime.datetime | None = None) -> Petition:
    """Merge a duplicate into another petition of the same body (the duplicate leaves the counts).
    Raises PetitionError for a wrong target or when the status forbids it."""
    with transaction.atomic():
        locked = lock_petition(petition)
        require_triage(actor, locked)
        if into is None:
            raise PetitionError(_("Phải chọn kiến nghị gộp vào."))
        text = _("Gộp vào %(code)s") % {"code": into.code}
        move_status(locked, Status.MERGED, actor, f"{text}. {note}" if note else text, merged_into=into, at=at)
    petition.refresh_from_db()
    return petition


def petition_withdraw(*, petition: Petition, reason: str = "", actor=None,
                      at: datetime.datetime | None = None) -> Petition:
    """The business withdraws its petition (recorded by Phòng Kinh tế, or by the public pages: actor None).
    Raises PetitionError when the status forbids it.

    Every service here takes `at` (an aware datetime, default now) to date its step and the dates derived from
    it; only the demo data and the imports pass it, to write a history on the dates it describes."""
    with transaction.atomic():
        locked = lock_petition(petition)
        require_triage(actor, locked)
        move_status(locked, Status.WITHDRAWN, actor, clean_text(reason.strip()) or _("Doanh nghiệp rút kiến nghị"),
                    at=at)
    petition.refresh_from_db()
    return petition


# ---------------------------------------------------------------------------------------------------------
# The petition's admin page: one save, all or nothing
# ---------------------------------------------------------------------------------------------------------
def petition_staff_save(*, petition: Petition, actor, created: bool, draft: str | None = None,
                        to_status: str = "", note: str = "", merged_into: Petition | None = None) -> Petition:
    """Save what a staff member changed on the petition's page in one transaction, all or nothing.

    A new petition (typed from paper, e-mail or the hall) is saved with its "Tiếp nhận" event. On a change,
    the fields of the form are saved first (except the answer draft), then a changed draft goes through
    `petition_answer_draft` (status → drafted, an event) and a chosen status through `petition_transition`.
    Raises PetitionError when any step is refused; the caller's transaction then leaves nothing saved.
    """
    with transaction.atomic():
        # Receipt day, rule and due date come from petitions.deadlines on every save, never from the form.
        petition_deadline_refresh(petition)
        if created:
            petition.created_by = actor
            petition.save()
            PetitionEvent.objects.create(petition=petition, from_status="", to_status=petition.status, actor=actor,
                                         note=_("Tiếp nhận"))
            return petition
        if draft is not None:
            # The draft is saved by petition_answer_draft (a new version, an event), not with the other fields.
            petition.answer_draft = Petition.objects.filter(pk=petition.pk).values_list(
                "answer_draft", flat=True).get()
        petition.save()
        if draft is not None and draft.strip():
            answers.petition_answer_draft(petition=petition, text=draft, actor=actor)
        if to_status in send_out.SEND_OUT_STATUSES:
            # A transfer or escalation is an official letter: the actions start it in the register.
            raise PetitionError(_("Chuyển cơ quan khác hoặc xin ý kiến cấp trên bằng thao tác “Chuyển cơ quan có "
                                  "thẩm quyền” / “Báo cáo, xin ý kiến cấp trên”: công văn đi qua sổ văn bản đi."))
        if to_status:
            petition_transition(petition=petition, to_status=to_status, actor=actor, note=note,
                                merged_into=merged_into)
    petition.refresh_from_db()
    return petition
