"""Public pages under a body's slug: the conference, the Phụ lục II registration form, confirmation, status."""

from __future__ import annotations

import contextlib
import logging
import uuid

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from conferences.common.codes import is_valid_code
from conferences.common.identifiers import phone_normalize
from conferences.common.ids import id_or_404
from conferences.models import Body, Conference, Registration
from petitions.deadlines import rules as deadlines
from petitions.models import ANSWER_VISIBLE, Petition, Status
from petitions.registration import held_files, public_cache, ratelimit
from petitions.registration.forms import (
    HONEYPOT_FIELD,
    PETITION_PREFIX,
    PublicRegistrationForm,
    RegistrationForm,
    StatusLookupForm,
    edit_formset_class,
    error_summary,
    petition_formset_class,
    unbound_copy,
)
from petitions.registration.selectors import registration_repeat_of
from petitions.registration.services import (
    EDITABLE_FIELDS,
    PRIVACY_NOTICE_VERSION,
    PetitionInput,
    accepts_registrations,
    before_cutoff,
    conference_cutoff,
    conference_date,
    petition_withdraw_by_registrant,
    registration_submit,
    registration_update_by_registrant,
    registration_withdraw,
    remaining_text,
    rule_settings,
)
from petitions.registration.status_links import registration_resend_status_link
from petitions.workflow.services import PetitionError

logger = logging.getLogger(__name__)



def _body(slug: str) -> Body:
    return get_object_or_404(Body, slug=slug, is_active=True)


def _conference(body_slug: str, year: int) -> Conference:
    """The body's public conference of `year`: the active one, else a stopped one; 404 for drafts.

    Kept per process for PUBLIC_CONFERENCE_CACHE_SECONDS (petitions/public_cache.py): the lookup was a fifth
    of a registration POST's time (issue 11). Each caller gets its own copy.
    """
    cached = public_cache.get(body_slug, year)
    if cached is not None:
        return cached
    qs = (Conference.objects.filter(body__slug=body_slug, body__is_active=True, year=year, is_public=True)
          .exclude(status=Conference.Status.DRAFT).select_related("body", "body__parent"))
    # At most one non-stopped conference per body and year (unique constraint): no ORDER BY needed for it.
    conference = next(iter(qs.exclude(status=Conference.Status.STOPPED).order_by()[:1]), None) or qs.first()
    if conference is None:
        raise Http404
    public_cache.put(body_slug, year, conference)
    return conference


def _deadline_context(conference: Conference) -> dict:
    cutoff = conference_cutoff(conference)
    settings = rule_settings(conference)
    return {
        "conference_date": conference_date(conference),
        "cutoff": cutoff,
        "cutoff_remaining": remaining_text(cutoff),
        "before_cutoff": before_cutoff(conference),
        "accepting": accepts_registrations(conference),
        "late_rule": deadlines.describe(deadlines.DeadlineRule.NO_CONFERENCE, settings),
        "answer_rule": deadlines.describe(deadlines.DeadlineRule.AFTER_CONFERENCE, settings),
    }


def conference_detail(request, body_slug: str, year: int):
    """The conference page: banner title, time, venue, agenda, deadlines in plain words, 'Đăng ký'."""
    conference = _conference(body_slug, year)
    context = {"conference": conference, "agenda": conference.agenda_items.all(), **_deadline_context(conference)}
    return render(request, "petitions/conference_detail.html", context)


# Personal data and a one-time form token: never stored by a shared cache or the browser's back cache.
@never_cache
def register(request, body_slug: str, year: int):
    """The Phụ lục II form (GET), 'Thêm kiến nghị' (POST add_petition) and the submission (POST, PRG)."""
    conference = _conference(body_slug, year)

    def page_context() -> dict:
        # Only for a page that is rendered: a successful submission redirects without it.
        return {"conference": conference, **_deadline_context(conference)}

    if not accepts_registrations(conference):
        return render(request, "petitions/registration_closed.html", page_context())
    formset_class = petition_formset_class()
    files_dropped = False
    status, rate_limit_wait = 200, ""
    if request.method == "POST":
        adding = "add_petition" in request.POST
        if request.POST.get(HONEYPOT_FIELD):
            # A bot: answer like a success, store nothing.
            logger.info("registration honeypot filled; nothing stored")
            return render(request, "petitions/received.html", page_context())
        data = request.POST.copy()
        # Files are held under the form's token (a tampered one is replaced): it must come back with the page.
        token = data["form_token"] = held_files.form_token_or_new(data.get("form_token"))
        form = PublicRegistrationForm(data)
        formset = formset_class(data, request.FILES, prefix=PETITION_PREFIX)
        if removing := data.get("remove_held"):
            with contextlib.suppress(PetitionError):  # already removed: the list shows what is left
                held_files.held_attachment_remove(form_token=token, key=removing)
        # Only a page listing held files says so (the "held" field): the usual submission costs no query here.
        held_files.formset_show_held(formset, form_token=token if data.get("held") else None)
        if adding or removing:
            # Files sent this way count toward the limit of refused posts: holding them must not be a free store.
            limited = bool(request.FILES) and _register_wait(request, valid=False)
            files_dropped = limited or not held_files.formset_hold_files(formset, form_token=token)
            form = unbound_copy(form)
            formset = formset_class(initial=[unbound_copy(f).initial for f in formset.forms], prefix=PETITION_PREFIX)
        elif wait := _register_wait(request, valid=all([form.is_valid(), formset.is_valid()])):
            # Over the limit: the page keeps everything typed (and every file) and says how long to wait.
            status = 429
            rate_limit_wait = ratelimit.wait_text(wait)
            files_dropped = not held_files.formset_hold_files(formset, form_token=token)
        elif not (form.is_valid() and formset.is_valid()):
            files_dropped = not held_files.formset_hold_files(formset, form_token=token)
        else:
            data = form.cleaned_data
            petitions = [
                PetitionInput(category=f.cleaned_data["category"], content=f.cleaned_data["content"],
                              proposed_solution=f.cleaned_data.get("proposed_solution", ""),
                              files=[*([f.cleaned_data["attachment"]] if f.cleaned_data.get("attachment") else []),
                                     *f.held_files])
                for f in formset.forms if not f.is_blank
            ]
            repeat = _repeat_of(conference, data, petitions)
            if repeat is not None:
                return _repeat_page(request, repeat, page_context())
            try:
                registration, _created = registration_submit(
                    conference=conference, form_token=data["form_token"] or uuid.uuid4().hex,
                    full_name=data["full_name"], position=data["position"],
                    organisation_name=data["organisation_name"], organisation_kind=data["organisation_kind"],
                    identifier_kind=data["identifier_kind"], tax_code=data["tax_code"], phone=data["phone"],
                    email=data["email"], address=data["address"], attending=data["attending"],
                    notify_sms=data["notify_sms"], notify_email=data["notify_email"],
                    notify_zalo=data.get("notify_zalo", False),
                    overall_proposal=data["overall_proposal"], petitions=petitions,
                    consent_version=PRIVACY_NOTICE_VERSION, consented_at=timezone.now(),
                    publication_consent=data["publication_consent"],
                )
            except PetitionError as exc:
                form.add_error(None, str(exc))
                files_dropped = not held_files.formset_hold_files(formset, form_token=token)
            else:
                return redirect(confirmation_url(registration))
        held_files.formset_show_held(formset, form_token=token)
    else:
        form = PublicRegistrationForm(initial={"form_token": uuid.uuid4().hex})
        formset = formset_class(prefix=PETITION_PREFIX)
    context = {
        **page_context(), "form": form, "formset": formset, "files_dropped": files_dropped,
        "honeypot_field": HONEYPOT_FIELD, "notice_version": PRIVACY_NOTICE_VERSION,
        "error_summary": error_summary(form, formset),
        "retention_years": django_settings.PERSONAL_DATA_RETENTION_YEARS, "rate_limit_wait": rate_limit_wait,
    }
    return render(request, "petitions/register.html", context, status=status)


def _repeat_of(conference: Conference, data: dict, petitions: list[PetitionInput]) -> Registration | None:
    """The registration this submission repeats (the Back button refills the form under a new token), or None.
    The same token is the same submission (a double click): registration_submit answers that one."""
    repeat = registration_repeat_of(
        conference=conference, tax_code=data["tax_code"], phone=data["phone"], full_name=data["full_name"],
        petition_texts=[p.content for p in petitions])
    submission = getattr(repeat, "submission", None)
    if repeat is None or (data["form_token"] and submission is not None
                          and submission.form_token == data["form_token"]):
        return None
    return repeat


def _repeat_page(request, registration: Registration, context: dict):
    """No second registration: say so, show the code (a tax code is public, so never the secret link) and send
    the status link again to the phone / e-mail on file."""
    try:
        registration_resend_status_link(registration=registration)
    except PetitionError:
        logger.warning("status link of %s not re-sent: invalid address on file", registration.code)
    return render(request, "petitions/repeat.html", {**context, "registration": registration})


def _register_wait(request, *, valid: bool) -> int:
    """Seconds to wait before submitting again (0: go on). A submission that passed validation counts toward
    REGISTRATION_RATE_LIMIT; one refused by validation toward its own, higher REGISTRATION_INVALID_RATE_LIMIT,
    so a person correcting mistakes is not locked out of registering."""
    if valid:
        return ratelimit.wait_seconds(request, scope="register", setting_name="REGISTRATION_RATE_LIMIT")
    return ratelimit.wait_seconds(request, scope="register-invalid", setting_name="REGISTRATION_INVALID_RATE_LIMIT")


def confirmation_url(registration: Registration) -> str:
    conference = registration.conference
    return reverse("petitions:registration_confirmation", kwargs={
        "body_slug": conference.body.slug, "year": conference.year, "code": registration.code,
        "secret": registration.secret})


def status_url(registration: Registration) -> str:
    return reverse("petitions:registration_status", kwargs={
        "body_slug": registration.conference.body.slug, "code": registration.code, "secret": registration.secret})


def _registration_by_secret(body_slug: str, code: str, secret: str) -> Registration:
    registration = (Registration.objects.select_related("conference__body", "submission")
                    .filter(code=code, conference__body__slug=body_slug).first())
    if registration is None or not constant_time_compare(registration.secret, secret):
        raise Http404
    return registration


def _petition_rows(registration: Registration) -> list[dict]:
    today = timezone.localdate()
    rows = []
    for petition in registration.petitions.order_by("category", "pk"):
        try:
            rule_name = deadlines.describe(petition.deadline_rule) if petition.deadline_rule else ""
        except ValueError:
            rule_name = petition.get_deadline_rule_display()
        open_ = petition.is_open
        rows.append({
            "petition": petition,
            "rule_name": rule_name,
            "remaining": remaining_text(petition.due_date, today=today) if open_ else "",
            "answer": petition.answer if petition.status in ANSWER_VISIBLE else "",
            "can_withdraw": petition.status in (Status.RECEIVED, Status.ASSIGNED),
        })
    return rows


@never_cache
def registration_confirmation(request, body_slug: str, year: int, code: str, secret: str):
    """After submitting: the code, the follow-up link and a summary of what was received."""
    registration = _registration_by_secret(body_slug, code, secret)
    return render(request, "petitions/confirmation.html", {
        "registration": registration, "conference": registration.conference,
        "rows": _petition_rows(registration), "status_url": request.build_absolute_uri(status_url(registration)),
    })


@never_cache
def registration_status(request, body_slug: str, code: str, secret: str):
    """The follow-up page (secret link): each petition's status, rule, due date and published answer."""
    registration = _registration_by_secret(body_slug, code, secret)
    conference = registration.conference
    return render(request, "petitions/status.html", {
        "registration": registration, "conference": conference, "rows": _petition_rows(registration),
        "can_withdraw": before_cutoff(conference) and not registration.is_withdrawn,
        "cutoff": conference_cutoff(conference),
    })


@never_cache
def status_lookup(request, body_slug: str):
    """Code + phone form leading to the status page; rate-limited, one message for every failure."""
    body = _body(body_slug)
    form = StatusLookupForm(request.POST or None)
    not_found = False
    if request.method == "POST":
        if wait := ratelimit.wait_seconds(request, scope="lookup", setting_name="REGISTRATION_LOOKUP_RATE_LIMIT"):
            return render(request, "petitions/rate_limited.html",
                          {"body": body, "wait": ratelimit.wait_text(wait)}, status=429)
        if form.is_valid():
            registration = _lookup(body, form.cleaned_data["code"], form.cleaned_data["phone"])
            if registration is not None:
                return redirect(status_url(registration))
            not_found = True
    return render(request, "petitions/status_lookup.html", {"body": body, "form": form, "not_found": not_found})


def _lookup(body: Body, code: str, phone: str) -> Registration | None:
    code = code.strip().upper()
    try:
        phone = phone_normalize(phone)
    except ValidationError:
        return None
    if not is_valid_code(code):
        return None
    return (Registration.objects.select_related("conference__body")
            .filter(code=code, phone=phone, conference__body=body).first())


@require_POST
def registration_withdraw_view(request, body_slug: str, code: str, secret: str):
    """Withdraw one petition (POST petition=<id>) or the whole registration, before the cut-off."""
    from django.contrib import messages

    registration = _registration_by_secret(body_slug, code, secret)
    petition_id = request.POST.get("petition")
    try:
        if petition_id:
            petition = get_object_or_404(Petition, pk=id_or_404(petition_id), registration=registration)
            petition_withdraw_by_registrant(registration=registration, petition=petition)
            messages.success(request, _("Đã rút kiến nghị %(code)s.") % {"code": petition.code})
        else:
            registration_withdraw(registration=registration)
            messages.success(request, _("Đã rút đăng ký %(code)s.") % {"code": registration.code})
    except PetitionError as exc:
        messages.error(request, str(exc))
    return redirect(status_url(registration))


@never_cache
def registration_edit(request, body_slug: str, code: str, secret: str):
    """Correct the registration and its still-unhandled petitions, or add petitions, before the cut-off."""
    from django.contrib import messages

    registration = _registration_by_secret(body_slug, code, secret)
    conference = registration.conference
    if not before_cutoff(conference) or registration.is_withdrawn:
        messages.error(request, _("Không thể sửa đăng ký này nữa (đã hết hạn gửi kiến nghị hoặc đã rút)."))
        return redirect(status_url(registration))
    formset_class = edit_formset_class()
    submission = getattr(registration, "submission", None)
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        formset = formset_class(request.POST, prefix=PETITION_PREFIX)
        if "add_petition" in request.POST:
            form = unbound_copy(form)
            formset = formset_class(initial=[unbound_copy(f).initial for f in formset.forms], prefix=PETITION_PREFIX)
        elif form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            rows = [(f.cleaned_data.get("petition_id"), PetitionInput(
                        category=f.cleaned_data["category"], content=f.cleaned_data["content"],
                        proposed_solution=f.cleaned_data.get("proposed_solution", "")))
                    for f in formset.forms if not f.is_blank]
            try:
                registration_update_by_registrant(
                    registration=registration, fields={name: data[name] for name in EDITABLE_FIELDS},
                    overall_proposal=data["overall_proposal"], notify_sms=data["notify_sms"],
                    notify_email=data["notify_email"], petitions=rows, notify_zalo=data.get("notify_zalo"))
            except PetitionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Đã lưu thay đổi của đăng ký %(code)s.") % {"code": registration.code})
                return redirect(status_url(registration))
    else:
        initial = {name: getattr(registration, name) for name in EDITABLE_FIELDS}
        initial["attending"] = "yes" if registration.attending else "no"
        if submission is not None:
            initial.update(overall_proposal=submission.overall_proposal, notify_sms=submission.notify_sms,
                           notify_email=submission.notify_email, notify_zalo=submission.notify_zalo)
        form = RegistrationForm(initial=initial)
        rows = [{"petition_id": p.pk, "category": p.category, "content": p.content,
                 "proposed_solution": p.proposed_solution}
                for p in registration.petitions.filter(status=Status.RECEIVED).order_by("pk")]
        formset = formset_class(initial=rows, prefix=PETITION_PREFIX)
    return render(request, "petitions/edit.html", {
        "registration": registration, "conference": conference, "form": form, "formset": formset,
        "error_summary": error_summary(form, formset), "cutoff": conference_cutoff(conference),
    })
