"""Read selectors of the outgoing-documents register, scoped to the user's body."""

from django.db.models import QuerySet

from conferences.organisation.selectors import staff_profile
from reports.register.models import OutgoingDocument, OutgoingStatus


def outgoing_documents_for_user(user) -> QuerySet[OutgoingDocument]:
    """The register rows `user` may read: their own body's (every body for superusers, none without a body)."""
    qs = OutgoingDocument.objects.select_related("body__parent", "number", "drafting_unit", "conference", "petition")
    if user.is_superuser:
        return qs
    profile = staff_profile(user)
    return qs.filter(body_id=profile.body_id) if profile else qs.none()


def returned_drafts(qs: QuerySet[OutgoingDocument]) -> QuerySet[OutgoingDocument]:
    """Drafts sent back by the reviewer or the signer with a comment, waiting for their drafter."""
    return qs.filter(status=OutgoingStatus.DRAFT).exclude(return_comment="")


def register_filter(qs: QuerySet[OutgoingDocument], *, year: int | None = None, kind: str = "", status: str = "",
                    signer: int | None = None, returned: bool = False,
                    unit: int | None = None) -> QuerySet[OutgoingDocument]:
    """Filter the register by year (of issue; of creation for documents not yet issued), kind, status, signer,
    returned drafts only, drafting unit."""
    if returned:
        qs = returned_drafts(qs)
    if unit:
        qs = qs.filter(drafting_unit_id=unit)
    if year:
        qs = qs.filter(issued_on__year=year) | qs.filter(issued_on__isnull=True, created_at__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if signer:
        qs = qs.filter(signer_id=signer)
    return qs.order_by("-issued_on", "-number__number", "-created_at", "-pk")
