"""Write services of the petitions app."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.audit.services import AuditAction, audit_record
from petitions.models import TRANSITIONS, Petition, PetitionEvent, Status


class PetitionError(Exception):
    """The one domain error of the petitions app; its message is translated and shown to the user."""


def petition_transition(
    *,
    petition: Petition,
    to_status: str,
    actor=None,
    note: str = "",
    merged_into: Petition | None = None,
    at=None,
) -> Petition:
    """Move a petition to `to_status` if TRANSITIONS allows it, under a row lock, writing a PetitionEvent.

    Withdrawing sets `withdrawn_at`; merging needs `merged_into` (another petition of the same body). A move
    by a staff member (`actor` set) is also written to the audit log. `at` (an aware datetime, default now) dates
    the event and the withdrawal: only the demo and the imports pass it (StatusEvent.record).
    Raises PetitionError when the move is not allowed or the merge target is wrong.
    """
    if to_status not in Status.values:
        raise PetitionError(_("Trạng thái không hợp lệ: %(status)s") % {"status": to_status})
    with transaction.atomic():
        locked = Petition.objects.select_for_update().get(pk=petition.pk)
        from_status = locked.status
        if to_status not in TRANSITIONS[from_status]:
            raise PetitionError(
                _("Không thể chuyển kiến nghị %(code)s từ “%(src)s” sang “%(dst)s”.")
                % {"code": locked.code, "src": Status(from_status).label, "dst": Status(to_status).label}
            )
        fields = ["status", "updated_at"]
        if to_status == Status.MERGED:
            if merged_into is None or merged_into.pk == locked.pk or merged_into.body_id != locked.body_id:
                raise PetitionError(_("Phải chọn một kiến nghị khác của cùng cơ quan để gộp vào."))
            if merged_into.status == Status.MERGED:
                raise PetitionError(_("Không gộp vào một kiến nghị đã được gộp."))
            locked.merged_into = merged_into
            fields.append("merged_into")
        elif merged_into is not None:
            raise PetitionError(_("Chỉ chọn kiến nghị gộp vào khi gộp kiến nghị."))
        if to_status == Status.WITHDRAWN:
            locked.withdrawn_at = at or timezone.now()
            locked.withdrawal_reason = note[:300]
            fields += ["withdrawn_at", "withdrawal_reason"]
        locked.status = to_status
        locked.save(update_fields=fields)
        PetitionEvent.record(
            petition=locked, from_status=from_status, to_status=to_status, actor=actor, note=note, at=at)
        if actor is not None:
            audit_record(user=actor, action=AuditAction.TRANSITION, obj=locked, detail=f"{from_status} → {to_status}")
    petition.refresh_from_db()
    return petition
