"""Who may take which step of the outgoing-documents register (design.md §Issuing a document): the drafter,
the reviewer (Phòng Kinh tế for units' drafts, Văn phòng for Phòng Kinh tế's), the signer and the issuer."""

from conferences.organisation import roles
from conferences.organisation.selectors import staff_profile
from reports.register.models import TRANSITIONS, OutgoingDocument, OutgoingStatus

S = OutgoingStatus


def _same_body(user, document: OutgoingDocument) -> bool:
    if user.is_superuser:
        return True
    profile = staff_profile(user)
    return profile is not None and profile.body_id == document.body_id


def can_draft(user, document: OutgoingDocument) -> bool:
    """The drafting unit's staff; Phòng Kinh tế for what it drafts itself (no unit, or its own unit)."""
    if user.is_superuser:
        return True
    if not _same_body(user, document):
        return False
    profile = staff_profile(user)
    if document.drafted_by_economic:
        return roles.has_role(user, roles.ECONOMIC)
    return profile.unit_id == document.drafting_unit_id and roles.has_role(user, roles.HANDLER, roles.ECONOMIC)


def reviewer_role(document: OutgoingDocument) -> str:
    """Phòng Kinh tế reviews what units draft; Văn phòng reviews (the form of) what Phòng Kinh tế drafts."""
    return roles.OFFICE if document.drafted_by_economic else roles.ECONOMIC


def can_review(user, document: OutgoingDocument) -> bool:
    return user.is_superuser or (_same_body(user, document) and roles.has_role(user, reviewer_role(document)))


def can_sign(user, document: OutgoingDocument) -> bool:
    return user.is_superuser or (_same_body(user, document) and roles.has_role(user, roles.LEADERSHIP))


def can_issue(user, document: OutgoingDocument) -> bool:
    return user.is_superuser or (_same_body(user, document) and roles.has_role(user, roles.OFFICE))


def allowed_steps(user, document: OutgoingDocument) -> list[str]:
    """The steps (service names without the prefix) `user` may take on `document` now, for the pages' buttons."""
    checks = {
        "submit": (S.DRAFT, can_draft),
        "pass": (S.UNDER_REVIEW, can_review),
        "return": (None, can_return),
        "sign": (S.AWAITING_SIGNATURE, can_sign),
        "issue": (S.SIGNED, can_issue),
        "withdraw": (None, can_withdraw),
    }
    steps = []
    for step, (status, check) in checks.items():
        if (status is None or document.status == status) and check(user, document):
            steps.append(step)
    return steps


def can_return(user, document: OutgoingDocument) -> bool:
    if document.status == S.UNDER_REVIEW:
        return can_review(user, document)
    if document.status == S.AWAITING_SIGNATURE:
        return can_sign(user, document)
    return False


def can_withdraw(user, document: OutgoingDocument) -> bool:
    if S.WITHDRAWN not in TRANSITIONS[document.status]:
        return False
    return can_draft(user, document) or can_sign(user, document)
