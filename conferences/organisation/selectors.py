"""Read selectors of the conferences app; the one place where staff querysets are scoped to a body."""

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from conferences.models import (
    AgendaItem,
    Body,
    CityPlan,
    Conference,
    ConferenceEvent,
    Invitee,
    Participant,
    Registration,
    StaffProfile,
    Unit,
)
from conferences.organisation import roles


def staff_profile(user) -> StaffProfile | None:
    """The user's staff profile (cached on the user object), or None for anonymous / profile-less users."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_staff_profile_cache"):
        user._staff_profile_cache = (
            StaffProfile.objects.select_related("body", "unit").filter(user=user).first()
        )
    return user._staff_profile_cache


def staff_body(user) -> Body | None:
    """The body a staff user works for, or None."""
    profile = staff_profile(user)
    return profile.body if profile else None


def bodies_for_user(user, *, write: bool = False) -> QuerySet[Body]:
    """Bodies the user may read (own body; a Sở Tài chính user also the city's child bodies) or write (own).

    Superusers get every body; a user without a staff profile gets none.
    """
    if user.is_superuser:
        return Body.objects.all()
    body = staff_body(user)
    if body is None:
        return Body.objects.none()
    if not write and roles.has_role(user, roles.FINANCE):
        return Body.objects.filter(Q(pk=body.pk) | Q(parent_id=body.pk))
    return Body.objects.filter(pk=body.pk)


def conferences_for_user(user, *, write: bool = False) -> QuerySet[Conference]:
    """Conferences of the bodies the user may read (or write); see bodies_for_user."""
    if user.is_superuser:
        return Conference.objects.all()
    return Conference.objects.filter(body__in=bodies_for_user(user, write=write))


def units_for_user(user) -> QuerySet[Unit]:
    """Units of the user's own body (all units for superusers)."""
    if user.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(body__in=bodies_for_user(user, write=True))


def staff_profiles_for_user(user) -> QuerySet[StaffProfile]:
    """Staff profiles of the user's own body (all for superusers)."""
    if user.is_superuser:
        return StaffProfile.objects.all()
    return StaffProfile.objects.filter(body__in=bodies_for_user(user, write=True))


def _conference_rows(model, user) -> QuerySet:
    if user.is_superuser:
        return model.objects.all()
    return model.objects.filter(conference__in=conferences_for_user(user))


def agenda_items_for_user(user) -> QuerySet[AgendaItem]:
    """Agenda rows of the conferences the user may read."""
    return _conference_rows(AgendaItem, user)


def participants_for_user(user) -> QuerySet[Participant]:
    """Participants of the conferences the user may read."""
    return _conference_rows(Participant, user)


def conference_events_for_user(user) -> QuerySet[ConferenceEvent]:
    """Status events of the conferences the user may read."""
    return _conference_rows(ConferenceEvent, user)


# Roles that work with the businesses' personal data (registrations, invitees) of their own body.
REGISTRATION_ROLES = (roles.ECONOMIC, roles.OFFICE, roles.LEADERSHIP)


def registrations_for_user(user) -> QuerySet[Registration]:
    """Registrations of the user's own body for Phòng Kinh tế, Văn phòng and Lãnh đạo; none for other roles."""
    if user.is_superuser:
        return Registration.objects.all()
    if not roles.has_role(user, *REGISTRATION_ROLES):
        return Registration.objects.none()
    return Registration.objects.filter(conference__body__in=bodies_for_user(user, write=True))


def invitees_for_user(user) -> QuerySet[Invitee]:
    """Invitees of the user's own body, for the same roles as registrations."""
    if user.is_superuser:
        return Invitee.objects.all()
    if not roles.has_role(user, *REGISTRATION_ROLES):
        return Invitee.objects.none()
    return Invitee.objects.filter(conference__body__in=bodies_for_user(user, write=True))


def portal_body() -> Body | None:
    """The body the public site presents: PORTAL_DEFAULT_BODY_SLUG, else the first active commune-level body."""
    slug = getattr(settings, "PORTAL_DEFAULT_BODY_SLUG", "")
    qs = Body.objects.filter(is_active=True).select_related("parent")
    if slug:
        body = qs.filter(slug=slug).first()
        if body is not None:
            return body
    return qs.exclude(kind=Body.Kind.CITY).order_by("pk").first()


def upcoming_conferences(*, body: Body | None = None, limit: int = 10) -> QuerySet[Conference]:
    """Public conferences not yet held (by status) whose start is still ahead, soonest first."""
    qs = Conference.objects.filter(
        is_public=True, status__in=Conference.NOT_YET_HELD, starts_at__gte=timezone.now()
    ).select_related("body")
    if body is not None:
        qs = qs.filter(body=body)
    return qs.order_by("starts_at")[:limit]


def city_plan(body: Body, year: int) -> CityPlan | None:
    """The city's plan of `year` that `body` cites: stored on the city (the body itself, or its parent)."""
    city_id = body.pk if body.kind == Body.Kind.CITY else body.parent_id
    if city_id is None:
        return None
    return CityPlan.objects.filter(city_id=city_id, year=year).select_related("city").first()
