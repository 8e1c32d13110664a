"""Gia hạn: Lãnh đạo moves a petition's due date later, with a reason, in the timeline and told to the business."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.common.errors import ConferenceError
from conferences.organisation import roles
from conferences.organisation.selectors import staff_body
from conferences.outbox.services import notification_enqueue
from petitions.models import OPEN_STATUSES, Petition
from petitions.triage.answers import petitioner_channels
from petitions.triage.steps import lock_petition, record_event, require_text, save_fields
from petitions.workflow.services import PetitionError


def petition_extend_deadline(*, petition: Petition, new_due_date: datetime.date, reason: str, actor) -> Petition:
    """Extend the due date of an open petition to `new_due_date` (later than the current one), by Lãnh đạo of
    its body, with a reason: writes an event in the timeline and tells the business through the outbox. The
    extension stands when the rule is recomputed later (petitions.deadlines.due_dates).

    Raises PetitionError for another role or body, a closed petition, a missing reason or an earlier date.
    """
    reason = require_text(reason, _("Cần ghi lý do gia hạn."))
    if actor is None or not (actor.is_superuser or roles.has_role(actor, roles.LEADERSHIP)):
        raise PetitionError(_("Chỉ Lãnh đạo UBND được gia hạn trả lời kiến nghị."))
    with transaction.atomic():
        locked = lock_petition(petition)
        if not actor.is_superuser and getattr(staff_body(actor), "pk", None) != locked.body_id:
            raise PetitionError(_("Kiến nghị %(code)s không thuộc cơ quan của bạn.") % {"code": locked.code})
        if locked.status not in OPEN_STATUSES:
            raise PetitionError(_("Chỉ gia hạn được kiến nghị đang xử lý (kiến nghị %(code)s).") % {"code": locked.code})
        previous = locked.due_date
        if previous is not None and new_due_date <= previous:
            raise PetitionError(_("Hạn mới phải sau hạn hiện tại (%(date)s).") % {"date": previous.strftime("%d/%m/%Y")})
        if new_due_date <= timezone.localdate():
            raise PetitionError(_("Hạn mới phải sau hôm nay."))
        locked.extended_due_date = locked.due_date = new_due_date
        save_fields(locked, ["extended_due_date", "due_date"])
        record_event(locked, actor, _("Gia hạn trả lời đến %(new)s (hạn trước: %(old)s). Lý do: %(reason)s") % {
            "new": new_due_date.strftime("%d/%m/%Y"), "old": previous.strftime("%d/%m/%Y") if previous else "—",
            "reason": reason})
        email, phone, channels = petitioner_channels(locked)
        try:
            notification_enqueue(
                body=locked.body, template="petition_deadline_extended", channels=channels,
                context={"petition": locked, "body": locked.body, "previous_due": previous, "reason": reason},
                email=email, phone=phone, related=locked,
                dedup_key=f"petition:{locked.pk}:extended:{new_due_date.isoformat()}")
        except ConferenceError as exc:
            raise PetitionError(str(exc)) from exc
    petition.refresh_from_db()
    return petition
