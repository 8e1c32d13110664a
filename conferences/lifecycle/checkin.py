"""Check-in at the venue: find a registrant by code, name, organisation or phone, and mark attendance."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.common.errors import ConferenceError
from conferences.common.identifiers import phone_normalize
from conferences.common.text import nfc
from conferences.models import Conference, Registration

# Statuses in which the venue's check-in is open (the day itself, and late entries after it).
CHECK_IN_STATUSES = (Conference.Status.ELIGIBLE, Conference.Status.HELD)


def registrations_find(*, conference: Conference, query: str, limit: int = 20) -> QuerySet[Registration]:
    """Registrations of `conference` (not withdrawn) whose code, name, organisation or phone matches `query`."""
    query = nfc(query or "").strip()
    if len(query) < 2:
        return Registration.objects.none()
    condition = (Q(code__iexact=query) | Q(full_name__icontains=query) | Q(organisation_name__icontains=query)
                 | Q(tax_code=query))
    digits = "".join(ch for ch in query if ch.isdigit() or ch == "+")
    if len(digits) >= 9:
        try:
            condition |= Q(phone=phone_normalize(digits))
        except ValidationError:  # not a whole number: searched as typed
            condition |= Q(phone__contains=digits)
    elif len(digits) >= 4:
        condition |= Q(phone__endswith=digits)
    return (conference.registrations.filter(condition, withdrawn_at__isnull=True)
            .order_by("organisation_name", "full_name")[:limit])


def registration_check_in(*, registration: Registration, user, undo: bool = False) -> Registration:
    """Mark `registration` as present now (or clear it with `undo`); raises ConferenceError when the conference
    is not at its check-in stage or the registration was withdrawn. A second check-in keeps the first time."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("conference").get(pk=registration.pk)
        if registration.conference.status not in CHECK_IN_STATUSES:
            raise ConferenceError(_("Chỉ điểm danh khi hội nghị đủ điều kiện tổ chức hoặc đang diễn ra."))
        if registration.withdrawn_at is not None:
            raise ConferenceError(_("Đăng ký %(code)s đã rút.") % {"code": registration.code})
        if undo:
            registration.checked_in_at = None
        elif registration.checked_in_at is None:
            registration.checked_in_at = timezone.now()
        registration.save(update_fields=["checked_in_at", "updated_at"])
    return registration
