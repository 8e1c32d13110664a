"""{% staff_session_keepalive %}: the keep-alive element, notices and script of a staff page (admin/base_site.html);
nothing on the login and two-factor pages or for a visitor who is not a verified staff member."""

from datetime import timedelta

from django import template
from django.conf import settings
from django.utils import timezone

from ..middleware import is_staff_page
from ..sessions import session_time_left

register = template.Library()

# The page pings at most this often while the person is active; the notice comes this long before the idle limit;
# the absolute limit (which no activity moves) is announced this long before.
PING_SECONDS = 5 * 60
IDLE_WARNING_SECONDS = 2 * 60
ABSOLUTE_WARNING_SECONDS = 10 * 60


@register.inclusion_tag("accounts/_staff_session.html", takes_context=True)
def staff_session_keepalive(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if (request is None or user is None or not user.is_authenticated or not user.is_staff
            or not is_staff_page(getattr(request, "resolver_match", None))
            or (settings.ADMIN_REQUIRE_2FA and not user.is_verified())):
        return {"active": False}
    idle_seconds = settings.STAFF_SESSION_IDLE_MINUTES * 60
    idle_left, absolute_left = session_time_left(request.session)
    ends_at = timezone.localtime(timezone.now() + timedelta(seconds=absolute_left))
    warning = min(IDLE_WARNING_SECONDS, idle_seconds // 4)
    return {
        "active": True,
        "idle_seconds": idle_seconds,
        "idle_left": idle_left,
        "absolute_left": absolute_left,
        "ping_seconds": min(PING_SECONDS, idle_seconds // 3),
        "warn_seconds": warning,
        "warn_minutes": max(warning // 60, 1),
        "absolute_warn_seconds": ABSOLUTE_WARNING_SECONDS,
        "ends_at": ends_at,
        "max_hours": f"{settings.STAFF_SESSION_MAX_HOURS:g}",
    }
