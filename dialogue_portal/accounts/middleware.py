"""Staff session rules applied before every view: the idle and absolute time limits (a form posted as the session
ends is kept, kept_input.py), then two-factor authentication (TOTP or a recovery code) before any staff page when
ADMIN_REQUIRE_2FA is on, then the kept text shown once after the new login."""

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

from .kept_input import (
    kept_input_from_request,
    kept_input_pending,
    kept_input_store,
    session_ended_for,
    session_ended_mark,
)
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
    staff page), keeping what a form posted at that moment held; then send a logged-in user who has not given the
    second factor to the verification page, or to the enrolment page when they have no authenticator yet; then,
    once, to the text kept from their ended session."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None  # no session, so nobody is logged in: spare the session and user look-ups
        user = getattr(request, "user", None)
        if user is None:
            return None
        staff_page = is_staff_page(request.resolver_match)
        if not user.is_authenticated:
            if staff_page and request.method == "POST":
                # Posted from a page of a session that has already ended (another tab, a ping came first).
                return keep_posted_input(request)
            return None

        expired = session_expiry(request.session)
        if expired:
            return end_expired_session(request, expired, staff_page=staff_page)

        if not staff_page:
            return None
        if settings.ADMIN_REQUIRE_2FA and not user.is_verified():
            target = "two_factor:verify" if user_has_authenticator(user) else "two_factor:enrol"
            return redirect(f"{reverse(target)}?{urlencode({'next': _next_url(request)})}")
        if (request.method in ("GET", "HEAD") and request.resolver_match.view_name not in KEPT_INPUT_NOT_BEFORE
                and _is_page_navigation(request) and kept_input_pending(request.session, user=user)):
            return redirect("staff_session:kept_input")
        return None


def end_expired_session(request, expired: str, *, staff_page: bool):
    """Log out a session past its `expired` limit ("idle" or "absolute") with a message; a staff page is answered
    with the login (then the text kept from a form it posted, if any), another page is served logged out (None)."""
    entry = kept_input_from_request(request) if staff_page and request.method == "POST" else None
    owner = request.user.pk
    logout(request)
    session_ended_mark(request.session, user_id=owner)
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
    if entry is not None:
        return _keep_and_log_in(request, owner, entry)
    if staff_page:
        return redirect_to_login(_next_url(request), reverse("admin:login"))
    return None


def keep_posted_input(request):
    """For a POST to a staff page that will not be processed — sent by a session that has ended, or from a page
    whose CSRF token a newer login replaced (views.csrf_failure) — keep its text for its owner and answer with the
    way to it: the login first when the session is over, else the kept-text page. None when there is nothing to
    keep or no owner (a visitor who was never logged in here)."""
    user = request.user
    if user.is_authenticated:
        expired = session_expiry(request.session)
        if expired:
            return end_expired_session(request, expired, staff_page=True)
        entry = kept_input_from_request(request) if user.is_staff else None
        if entry is None:
            return None
        kept_input_store(request.session, user_id=user.pk, entry=entry)
        messages.warning(request, _("Trang bạn vừa gửi đã cũ (đã có một lần đăng nhập mới sau khi trang được mở) "
                                    "nên nội dung chưa được lưu. Hãy chép nội dung dưới đây vào trang mở lại."))
        return redirect("staff_session:kept_input")
    owner = session_ended_for(request.session)
    entry = kept_input_from_request(request) if owner is not None else None
    if entry is None:
        return None
    return _keep_and_log_in(request, owner, entry)


def _keep_and_log_in(request, owner, entry):
    """Keep the posted text for its owner and send them to the login, then to the page that shows it."""
    kept_input_store(request.session, user_id=owner, entry=entry)
    messages.info(request, _("Nội dung bạn vừa gửi chưa được lưu nhưng không bị mất: sau khi đăng nhập lại, "
                             "bạn sẽ thấy nó để chép lại."))
    return redirect_to_login(reverse("staff_session:kept_input"), reverse("admin:login"))


def _next_url(request) -> str:
    # A form posted from an expired or unverified session cannot be replayed: come back to the admin.
    return request.get_full_path() if request.method in ("GET", "HEAD") else reverse("admin:index")


# Requests that do not lead to the kept text first: the kept-text page itself, the keep-alive ping and the
# admin's background requests of a page.
KEPT_INPUT_NOT_BEFORE = frozenset({
    "staff_session:kept_input", "staff_session:keepalive", "admin:jsi18n", "admin:autocomplete"})


def _is_page_navigation(request) -> bool:
    """False for a script's request (fetch, XMLHttpRequest) as far as the browser says so."""
    destination = request.headers.get("Sec-Fetch-Dest", "document")
    return destination in ("document", "iframe") and "XMLHttpRequest" not in request.headers.get(
        "X-Requested-With", "")
