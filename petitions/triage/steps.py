"""The steps every triage and answer service shares: lock the row, check who acts, save, record, move."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from conferences.common.text import clean_text
from conferences.models import Unit
from conferences.organisation import roles
from conferences.organisation.selectors import staff_body
from petitions.deadlines import due_dates
from petitions.models import Petition, PetitionEvent
from petitions.workflow.selectors import petitions_for_user
from petitions.workflow.services import PetitionError, petition_transition


# ---------------------------------------------------------------------------------------------------------
# Due dates
# ---------------------------------------------------------------------------------------------------------
def petition_deadline_refresh(petition: Petition, *, today=None) -> list[str]:
    """Set receipt_day, deadline_rule and due_date of `petition` from its competence and dates, without
    saving, through petitions.deadlines.due_dates (the one way to compute due dates); returns the changed fields.
    A due date already past (on `today`, default today: the demo and imports pass their own) stays past.
    Raises PetitionError when the dates cannot be counted."""
    try:
        return due_dates.petition_fill_deadline(petition, today=today)
    except ValueError as exc:
        raise PetitionError(_("Không tính được hạn trả lời của kiến nghị %(code)s: %(why)s")
                            % {"code": petition.code, "why": exc}) from exc


def lock_petition(petition: Petition) -> Petition:
    return Petition.objects.select_for_update(of=("self",)).select_related("conference", "body").get(pk=petition.pk)


def require_triage(actor, petition: Petition) -> None:
    """Only Phòng Kinh tế of the petition's body (or a superuser, or the system: actor None) triages."""
    if actor is None or actor.is_superuser:
        return
    body = staff_body(actor)
    if not roles.has_role(actor, roles.ECONOMIC) or body is None or body.pk != petition.body_id:
        raise PetitionError(_("Chỉ Phòng Kinh tế của cơ quan được phân loại, giao việc và duyệt kiến nghị %(code)s.")
                            % {"code": petition.code})


def require_handler(actor, petition: Petition) -> None:
    """Units answer the petitions they lead or coordinate; Phòng Kinh tế answers any of its body's."""
    if actor is None or actor.is_superuser:
        return
    if not petitions_for_user(actor).filter(pk=petition.pk).exists() or not roles.has_role(
            actor, roles.ECONOMIC, roles.HANDLER):
        raise PetitionError(_("Bạn không được giao xử lý kiến nghị %(code)s.") % {"code": petition.code})


def record_event(petition: Petition, actor, note: str, *, at=None) -> None:
    """An event without a status change (re-routing, a new draft), so the trail shows every decision; `at`
    (the demo and imports only) dates it."""
    PetitionEvent.record(petition=petition, from_status=petition.status, to_status=petition.status,
                         actor=actor, note=clean_text(note), at=at)


def save_fields(petition: Petition, fields: Iterable[str]) -> None:
    fields = sorted({*fields, "updated_at"})
    others = [f.name for f in petition._meta.concrete_fields if f.name not in fields]
    petition.full_clean(exclude=others, validate_unique=False, validate_constraints=False)
    petition.save(update_fields=fields)


def move_status(petition: Petition, to_status: str, actor, note: str, **kwargs) -> Petition:
    """The status change itself, always through petition_transition (same transaction, same lock); `at` among
    `kwargs` dates it (the demo and imports only)."""
    return petition_transition(petition=petition, to_status=to_status, actor=actor, note=clean_text(note), **kwargs)


def check_units(petition: Petition, lead_unit: Unit | None, coordinating: list[Unit]) -> None:
    for unit in ([lead_unit] if lead_unit else []) + coordinating:
        if unit.body_id != petition.body_id or not unit.is_active or not unit.handles_petitions:
            raise PetitionError(_("Đơn vị “%(unit)s” không thuộc cơ quan hoặc không được giao xử lý kiến nghị.")
                                % {"unit": unit.name})
    if lead_unit and lead_unit in coordinating:
        raise PetitionError(_("Đơn vị chủ trì không đồng thời là đơn vị phối hợp."))


def require_text(value: str, message: str) -> str:
    value = clean_text((value or "").strip())
    if not value:
        raise PetitionError(message)
    return value
