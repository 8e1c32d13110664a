"""Staff session rules applied before every view: the idle and absolute time limits, then two-factor
authentication (TOTP or a recovery code) before any staff page when ADMIN_REQUIRE_2FA is on."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .sessions import session_expiry
from .two_factor import user_has_authenticator

# Views anyone may open, logged in or not: the public site and what a staff member needs before the second
# factor (logging in and out, the password reset by e-mail, the two-factor pages themselves). Every other
# view (the admin, /reports/, anything added later) is a staff page and asks for the second factor.
PUBLIC_NAMESPACES = frozenset({"conferences", "petitions", "reports_public", "two_factor"})
OPEN_VIEW_NAMES = frozenset({
    "admin:login", "admin:logout", "admin_password_reset", "password_reset_done", "password_reset_confirm",
    "password_reset_complete", "set_language", "healthz", "favicon",
})


def is_staff_page(resolver_match) -> bool:
    """True when the resolved view is a staff page (not public, not part of logging in)."""
    if resolver_match is None:
        return False
    namespace = resolver_match.namespaces[0] if resolver_match.namespaces else ""
    return namespace not in PUBLIC_NAMESPACES and resolver_match.view_name not in OPEN_VIEW_NAMES


class StaffSessionMiddleware(MiddlewareMixin):
    """Log out a session past its idle or absolute limit (to the login page with a message when the page was a
    staff page), then send a logged-in user who has not given the second factor to the verification page, or to
    the enrolment page when they have no authenticator yet."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None  # no session, so nobody is logged in: spare the session and user look-ups
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        staff_page = is_staff_page(request.resolver_match)

        expired = session_expiry(request.session)
        if expired:
            logout(request)
            if expired == "idle":
                minutes = settings.STAFF_SESSION_IDLE_MINUTES
                text = ngettext(
                    "Phiên làm việc đã kết thúc vì không có thao tác trong %(minutes)d phút. "
                    "Vui lòng đăng nhập lại.",
                    "Phiên làm việc đã kết thúc vì không có thao tác trong %(minutes)d phút. "
                    "Vui lòng đăng nhập lại.",
                    minutes) % {"minutes": minutes}
            else:
                hours = settings.STAFF_SESSION_MAX_HOURS
                text = _("Phiên làm việc đã kết thúc vì đã quá %(hours)s giờ kể từ khi đăng nhập. "
                         "Vui lòng đăng nhập lại.") % {"hours": f"{hours:g}"}
            messages.warning(request, text)
            if staff_page:
                return redirect_to_login(self._next_url(request), reverse("admin:login"))
            return None

        if not staff_page or not settings.ADMIN_REQUIRE_2FA or user.is_verified():
            return None
        target = "two_factor:verify" if user_has_authenticator(user) else "two_factor:enrol"
        return redirect(f"{reverse(target)}?{urlencode({'next': self._next_url(request)})}")

    @staticmethod
    def _next_url(request) -> str:
        # A form posted from an expired or unverified session cannot be replayed: come back to the admin.
        return request.get_full_path() if request.method in ("GET", "HEAD") else reverse("admin:index")
