"""Two-factor pages in the admin's look (enrolment, recovery codes, verification), the lockout page, the password
reset confirmation that also lifts a login lockout, the staff session's keep-alive ping and kept-text page, and the
CSRF failure page that keeps a staff form sent from a page older than a new login."""

from __future__ import annotations

from urllib.parse import urlencode

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import two_factor
from .forms import CodeForm
from .kept_input import kept_input_take
from .middleware import is_staff_page, keep_posted_input
from .sessions import session_touch

RECOVERY_CODES_SESSION_KEY = "accounts_recovery_codes"


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()):
        return candidate
    return reverse("admin:index")


def _with_next(viewname: str, next_url: str) -> str:
    return f"{reverse(viewname)}?{urlencode({'next': next_url})}"


def _render(request, template, context, status=200):
    base = admin.site.each_context(request)
    # Nothing of the admin (its menu, its models) is shown before the second factor.
    base.update(available_apps=[], is_nav_sidebar_enabled=False, next=_next_url(request))
    base.update(context)
    return TemplateResponse(request, template, base, status=status)


@never_cache
@login_required
def enrol(request):
    """Enrolment: the QR code and the secret of a new TOTP device, confirmed by a code from the app; then the
    recovery codes, shown once."""
    if two_factor.user_has_authenticator(request.user):
        return redirect(_with_next('two_factor:verify', _next_url(request)))
    enrolment = two_factor.totp_enrolment_start(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.totp_enrolment_confirm(request=request, device=enrolment.device,
                                                      code=form.cleaned_data["code"])
        except two_factor.TwoFactorError as error:
            form.add_error("code", str(error))
        else:
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            messages.success(request, _("Đã bật xác thực hai bước cho tài khoản của bạn."))
            return HttpResponseRedirect(_with_next('two_factor:recovery_codes', _next_url(request)))
    return _render(request, "accounts/enrol.html", {
        "title": _("Bật xác thực hai bước"), "form": form, "enrolment": enrolment})


@never_cache
@login_required
def recovery_codes(request):
    """The recovery codes just created, shown once (a reload shows them no more)."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return HttpResponseRedirect(_next_url(request))
    return _render(request, "accounts/recovery_codes.html", {"title": _("Mã dự phòng"), "codes": codes})


@never_cache
@login_required
@require_POST
def recovery_codes_new(request):
    """A new set of recovery codes for a verified user (the old set stops working)."""
    if not request.user.is_verified():
        return redirect(_with_next('two_factor:verify', reverse('admin:index')))
    request.session[RECOVERY_CODES_SESSION_KEY] = two_factor.recovery_codes_replace(user=request.user)
    return HttpResponseRedirect(_with_next('two_factor:recovery_codes', _next_url(request)))


@never_cache
@login_required
def verify(request):
    """The second step of the login: a code from the authenticator app, or a recovery code."""
    if not two_factor.user_has_authenticator(request.user) and not request.user.is_verified():
        return redirect(_with_next('two_factor:enrol', _next_url(request)))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kind = two_factor.two_factor_verify(request=request, code=form.cleaned_data["code"])
        except two_factor.TwoFactorError as error:
            form.add_error("code", str(error))
        else:
            if kind == "recovery":
                # Without the phone: the own page comes first, with the button for a new set of codes.
                left = two_factor.recovery_codes_left(request.user)
                messages.warning(request, ngettext(
                    "Bạn vừa dùng một mã dự phòng; còn %(count)d mã. Tạo bộ mã mới ở trang Xác thực hai bước.",
                    "Bạn vừa dùng một mã dự phòng; còn %(count)d mã. Tạo bộ mã mới ở trang Xác thực hai bước.",
                    left) % {"count": left})
                return HttpResponseRedirect(_with_next("two_factor:overview", _next_url(request)))
            return HttpResponseRedirect(_next_url(request))
    return _render(request, "accounts/verify.html", {"title": _("Xác thực hai bước"), "form": form})


@never_cache
@login_required
def overview(request):
    """The user's own two-factor status, with the button for a new set of recovery codes."""
    if not request.user.is_verified() and settings.ADMIN_REQUIRE_2FA:
        return redirect(_with_next('two_factor:verify', request.get_full_path()))
    return _render(request, "accounts/overview.html", {
        "title": _("Xác thực hai bước"),
        "enrolled": two_factor.user_has_authenticator(request.user),
        "codes_left": two_factor.recovery_codes_left(request.user),
    })


def lockout(request, original_response=None, credentials=None):
    """django-axes' lockout page (HTTP 429): too many wrong passwords for this user name from this address."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = _render(request, "accounts/lockout.html", {
        "title": _("Tạm khóa đăng nhập"), "minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT,
    }, status=429)
    # Called by AxesMiddleware after the view's response was rendered: render this one here.
    return response.render()


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's password reset confirmation; a new password set through the e-mailed link also lifts a login
    lockout of that user name (the person proved they own the mailbox)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response


@never_cache
@staff_member_required
@require_POST
def keepalive(request):
    """The ping of a staff page where the person has typed, clicked or scrolled (static/js/staff-session.js):
    restarts the idle clock and answers 204. A session past a limit never gets here (the middleware logs it out
    and answers with the login redirect); the absolute limit is not moved."""
    session_touch(request.session)
    return HttpResponse(status=204)


@never_cache
@staff_member_required
def kept_input(request):
    """What the person typed in a form sent after their session had ended, shown once after the new login: each
    field in a read-only box to copy, and the link back to the page (in a new tab, to copy from one to the
    other). Reloading shows it no more; without kept text, the admin's home page."""
    entries = kept_input_take(request.session, user=request.user)
    if not entries:
        return redirect("admin:index")
    for entry in entries:
        back = entry["path"]
        entry["back"] = back if url_has_allowed_host_and_scheme(back, allowed_hosts=None) else ""
        for field in entry["fields"]:
            field["rows"] = min(max(field["value"].count("\n") + 1, len(field["value"]) // 90 + 1, 2), 20)
    context = {**admin.site.each_context(request), "title": _("Nội dung bạn nhập trước khi hết phiên đăng nhập"),
               "entries": entries}
    return TemplateResponse(request, "accounts/kept_input.html", context)


def csrf_failure(request, reason=""):
    """Django's CSRF failure page (403), except for a staff form whose origin passed the check but whose token is
    no longer the current one: the person logged in again (in another tab) after opening the page, which renews
    the token. What the form held is kept for them like a form sent after the session ended (CSRF_FAILURE_VIEW)."""
    if (request.method == "POST" and reason.endswith(" incorrect.")
            and is_staff_page(getattr(request, "resolver_match", None))):
        response = keep_posted_input(request)
        if response is not None:
            return response
    return django_csrf_failure(request, reason=reason)
