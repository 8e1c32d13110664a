"""Read selectors of the petitions app; the one place where staff petition querysets are scoped."""

from django.db.models import Q, QuerySet

from conferences.lifecycle.eligibility import organisation_key
from conferences.organisation import roles
from conferences.organisation.selectors import staff_profile
from petitions.models import AnswerTemplate, Attachment, DataSubjectRequest, Petition, PetitionEvent, Status


def petitions_for_user(user) -> QuerySet[Petition]:
    """Petitions the user may see.

    Superusers: all. Phòng Kinh tế and Lãnh đạo: every petition of their body. Đơn vị xử lý: those their
    unit leads or coordinates. Anyone else (Văn phòng, Sở Tài chính, no profile): none.
    """
    if user.is_superuser:
        return Petition.objects.all()
    profile = staff_profile(user)
    if profile is None:
        return Petition.objects.none()
    # The own body by id (not `body__in` a subquery) so that PostgreSQL walks the (body, received_at) index
    # for the admin list's first page; bodies_for_user(write=True) is exactly this body.
    own = Petition.objects.filter(body_id=profile.body_id)
    if roles.has_role(user, roles.ECONOMIC, roles.LEADERSHIP):
        return own
    if roles.has_role(user, roles.HANDLER) and profile.unit_id:
        # A subquery instead of a join on the M2M keeps one row per petition (no DISTINCT needed).
        coordinated = Petition.coordinating_units.through.objects.filter(unit_id=profile.unit_id).values(
            "petition_id")
        return own.filter(Q(lead_unit_id=profile.unit_id) | Q(pk__in=coordinated))
    return Petition.objects.none()


def petition_events_for_user(user) -> QuerySet[PetitionEvent]:
    """Events of the petitions the user may see."""
    return PetitionEvent.objects.filter(petition__in=petitions_for_user(user))


def attachments_for_user(user) -> QuerySet[Attachment]:
    """Attachments of the petitions the user may see."""
    return Attachment.objects.filter(petition__in=petitions_for_user(user))


def answer_templates_for_user(user) -> QuerySet[AnswerTemplate]:
    """Answer templates of the user's own body (all for superusers; none without a staff profile)."""
    if user.is_superuser:
        return AnswerTemplate.objects.all()
    profile = staff_profile(user)
    if profile is None:
        return AnswerTemplate.objects.none()
    return AnswerTemplate.objects.filter(body_id=profile.body_id)


def data_subject_requests_for_user(user) -> QuerySet[DataSubjectRequest]:
    """Data-subject requests of the user's own body for Phòng Kinh tế (who handles them) and Lãnh đạo (who
    reads); all for superusers; none for other roles."""
    if user.is_superuser:
        return DataSubjectRequest.objects.all()
    profile = staff_profile(user)
    if profile is None or not roles.has_role(user, roles.ECONOMIC, roles.LEADERSHIP):
        return DataSubjectRequest.objects.none()
    return DataSubjectRequest.objects.filter(body_id=profile.body_id)


# Petitions that left the dialogue do not count toward a conference's 15 / 5 condition, nor does a submission
# "not accepted": a complaint or denunciation handled under other laws is not a petition (issue 21).
STATUSES_NOT_COUNTED_FOR_ELIGIBILITY = (Status.WITHDRAWN, Status.MERGED, Status.NOT_ACCEPTED)


def petitions_counted_for_eligibility(*, conference, organisations, received_by, ids: bool = False):
    """How many petitions of `conference` count toward its 15 / 5 condition: from one of the counted
    `organisations` (their `organisation_key`s: a branch "…-001" counts with its enterprise), received by
    `received_by` (the cut-off), neither withdrawn, merged into another (which is counted itself) nor not
    accepted. With `ids`, their ids in order instead (the list recorded at the cut-off). Registered with
    conferences.lifecycle.eligibility by petitions.apps."""
    keys = set(organisations)
    rows = (Petition.objects.filter(conference=conference, received_at__lte=received_by)
            .exclude(status__in=STATUSES_NOT_COUNTED_FOR_ELIGIBILITY).exclude(tax_code="")
            .order_by("pk").values_list("pk", "identifier_kind", "tax_code"))
    counted = [pk for pk, kind, code in rows if organisation_key(kind, code) in keys]
    return counted if ids else len(counted)
