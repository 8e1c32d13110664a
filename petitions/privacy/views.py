"""Public personal-data pages under the status page's secret link: a copy of the data and the three requests."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache

from petitions.models import DataSubjectRequest
from petitions.privacy.services import data_request_submit, deletion_blockers, registration_personal_data
from petitions.registration import ratelimit
from petitions.registration.forms import ConfirmedRequestForm, CorrectionRequestForm
from petitions.registration.views import _registration_by_secret, status_url
from petitions.workflow.services import PetitionError

Kind = DataSubjectRequest.Kind

# URL slug → kind; the slugs are Vietnamese like the rest of the public URLs.
KIND_SLUGS = {"sua-thong-tin": Kind.CORRECTION, "rut-dong-y": Kind.CONSENT_WITHDRAWAL, "xoa-du-lieu": Kind.DELETION}
SLUG_FOR_KIND = {kind: slug for slug, kind in KIND_SLUGS.items()}

CONFIRM_TEXT = {
    Kind.CONSENT_WITHDRAWAL: (
        gettext_lazy("Tôi đã đọc và muốn rút lại sự đồng ý xử lý dữ liệu cá nhân."),
        gettext_lazy("Vui lòng đánh dấu ô xác nhận để rút lại sự đồng ý.")),
    Kind.DELETION: (
        gettext_lazy("Tôi đã đọc và muốn yêu cầu xóa dữ liệu cá nhân của đăng ký này."),
        gettext_lazy("Vui lòng đánh dấu ô xác nhận để gửi yêu cầu xóa dữ liệu.")),
}


def due_hint(kind: str) -> str:
    """The response period of a kind of request, in words ("72 giờ", "10 ngày")."""
    if kind == Kind.CONSENT_WITHDRAWAL:
        hours = settings.DATA_REQUEST_CONSENT_DUE_HOURS
        return ngettext("%(n)d giờ", "%(n)d giờ", hours) % {"n": hours}
    days = (settings.DATA_REQUEST_DELETION_DUE_DAYS if kind == Kind.DELETION
            else settings.DATA_REQUEST_CORRECTION_DUE_DAYS)
    return ngettext("%(n)d ngày", "%(n)d ngày", days) % {"n": days}


def _registration(body_slug: str, code: str, secret: str):
    registration = _registration_by_secret(body_slug, code, secret)
    if registration.anonymised_at is not None:
        raise Http404
    return registration


def privacy_url(registration, name: str = "privacy_overview", **kwargs) -> str:
    return reverse(f"petitions:{name}", kwargs={
        "body_slug": registration.conference.body.slug, "code": registration.code, "secret": registration.secret,
        **kwargs})


def _rate_limited(request, registration):
    if wait := ratelimit.wait_seconds(request, scope="privacy", setting_name="DATA_REQUEST_RATE_LIMIT"):
        return render(request, "petitions/rate_limited.html",
                      {"body": registration.conference.body, "wait": ratelimit.wait_text(wait)}, status=429)
    return None


@never_cache
def privacy_overview(request, body_slug: str, code: str, secret: str):
    """"Dữ liệu cá nhân của bạn": what the portal holds (readable), the downloads, the requests and their state."""
    registration = _registration(body_slug, code, secret)
    return render(request, "petitions/privacy/overview.html", {
        "registration": registration, "conference": registration.conference,
        "data": registration_personal_data(registration),
        "requests": registration.data_requests.order_by("-received_at", "-pk"),
        "links": {kind: privacy_url(registration, "privacy_request", kind_slug=slug)
                  for kind, slug in SLUG_FOR_KIND.items()},
        "status_url": status_url(registration),
    })


@never_cache
def privacy_download(request, body_slug: str, code: str, secret: str, fmt: str):
    """The copy as a file: JSON (machine-readable) or a self-contained HTML page to read or print."""
    registration = _registration(body_slug, code, secret)
    limited = _rate_limited(request, registration)
    if limited is not None:
        return limited
    data = registration_personal_data(registration)
    if fmt == "json":
        content = json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
    else:
        content = render_to_string("petitions/privacy/copy.html", {
            "registration": registration, "conference": registration.conference, "data": data}, request=request)
        response = HttpResponse(content, content_type="text/html; charset=utf-8")
    # The name is the server's, never the visitor's input (only the code, checked against the database).
    response["Content-Disposition"] = f'attachment; filename="du-lieu-ca-nhan-{registration.code}.{fmt}"'
    return response


@never_cache
def privacy_request(request, body_slug: str, code: str, secret: str, kind_slug: str):
    """One of the three requests: what it means, the form, then the confirmation page (POST, redirect, GET)."""
    kind = KIND_SLUGS.get(kind_slug)
    if kind is None:
        raise Http404
    registration = _registration(body_slug, code, secret)
    pending = None
    if kind != Kind.CORRECTION:
        pending = registration.data_requests.filter(kind=kind, status__in=DataSubjectRequest.OPEN).first()

    def make_form(data=None):
        if kind == Kind.CORRECTION:
            return CorrectionRequestForm(data)
        label, message = CONFIRM_TEXT[kind]
        return ConfirmedRequestForm(data, confirm_label=label, confirm_message=message)

    form = make_form()
    if request.method == "POST" and pending is None:
        limited = _rate_limited(request, registration)
        if limited is not None:
            return limited
        form = make_form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                data_request, _created = data_request_submit(
                    registration=registration, kind=kind, details=data.get("details", ""),
                    field=data.get("field", ""), requested_value=data.get("requested_value", ""))
            except PetitionError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect(privacy_url(registration, "privacy_request_received", request_code=data_request.code))
    error_summary = [(form[name].id_for_label, str(form.fields[name].label), message)
                     for name, errors in form.errors.items() if name in form.fields for message in errors]
    return render(request, "petitions/privacy/request.html", {
        "registration": registration, "conference": registration.conference, "kind": kind, "form": form,
        "pending": pending, "error_summary": error_summary, "due_hint": due_hint(kind),
        "retention_years": settings.PERSONAL_DATA_RETENTION_YEARS,
        "blockers": deletion_blockers(registration) if kind == Kind.DELETION else [],
        "overview_url": privacy_url(registration),
    })


@never_cache
def privacy_request_received(request, body_slug: str, code: str, secret: str, request_code: str):
    """The confirmation: the request's code, what happens next and by when."""
    registration = _registration(body_slug, code, secret)
    data_request = get_object_or_404(DataSubjectRequest, registration=registration, code=request_code)
    return render(request, "petitions/privacy/received.html", {
        "registration": registration, "conference": registration.conference, "data_request": data_request,
        "overview_url": privacy_url(registration), "status_url": status_url(registration),
        "title": _("Đã nhận yêu cầu"),
    })
