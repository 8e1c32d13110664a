"""Read selectors of the reports app: what a staff user may render, and the data documents are built from."""

from django.db.models import QuerySet

from conferences.models import Conference, Registration, StaffProfile
from petitions.models import Petition, Status
from reports.models import IssuedDocumentNumber

try:  # The data-model work (issue 3) scopes staff querysets in conferences.organisation.selectors; use it when present.
    from conferences.organisation.selectors import conferences_for_user as _conferences_for_user
    from conferences.organisation.selectors import registrations_for_user as _registrations_for_user
except ImportError:  # pragma: no cover - until that module is merged
    _conferences_for_user = _registrations_for_user = None


def _own_body_id(user):
    profile = StaffProfile.objects.filter(user=user).only("body_id").first()
    return profile.body_id if profile else None


def conferences_for_user(user) -> QuerySet[Conference]:
    """Conferences the user may read: their body's (superusers: all; no staff profile: none)."""
    if _conferences_for_user is not None:
        return _conferences_for_user(user)
    if user.is_superuser:
        return Conference.objects.all()
    return Conference.objects.filter(body_id=_own_body_id(user))


def registrations_for_user(user) -> QuerySet[Registration]:
    """Registrations of the conferences the user may read."""
    if _registrations_for_user is not None:
        return _registrations_for_user(user)
    if user.is_superuser:
        return Registration.objects.all()
    return Registration.objects.filter(conference__body_id=_own_body_id(user))


def registration_petitions(registration: Registration) -> QuerySet[Petition]:
    """The petitions sent with a registration, as the business still stands by them (not withdrawn/merged)."""
    return (registration.petitions.exclude(status__in=[Status.WITHDRAWN, Status.MERGED])
            .order_by("category", "received_at", "pk"))


def conference_plan_number(conference: Conference) -> IssuedDocumentNumber | None:
    """The number of the conference's plan (Kế hoạch) issued through the register (None: not issued yet)."""
    return conference_document_issued(conference, "plan")


def conference_document_issued(conference: Conference, kind: str) -> IssuedDocumentNumber | None:
    """The number of the conference's document of `kind` (a page slug or a register kind) issued through the
    register, the latest issued one when a correction replaced it (None: the number is left blank)."""
    from reports.register.conference_documents import conference_issued_number

    return conference_issued_number(conference, kind)


def conference_petitions(conference: Conference) -> QuerySet[Petition]:
    """The conference's petitions that stand (not withdrawn, not merged), for the minutes and the conclusion."""
    return (conference.petitions.exclude(status__in=[Status.WITHDRAWN, Status.MERGED])
            .select_related("lead_unit").order_by("received_at", "pk"))


def conference_open_petitions(conference: Conference) -> QuerySet[Petition]:
    """Petitions still to be answered after the conference (Phụ lục I column 5, not answered in the hall)."""
    open_statuses = [Status.RECEIVED, Status.ASSIGNED, Status.DRAFTED, Status.APPROVED, Status.ANSWERED_PENDING]
    return conference_petitions(conference).filter(status__in=open_statuses)
