"""Registration services: a Phụ lục II submission (registration + petitions) in one transaction, withdrawals."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.common import codes, fast_insert
from conferences.common.text import clean_text, normalize_text_fields
from conferences.models import Conference, Registration
from petitions.deadlines import due_dates
from petitions.deadlines import rules as deadlines
from petitions.deadlines.conference_dates import (  # noqa: F401  (re-exported for the views and tests)
    ACCEPTING_STATUSES,
    NO_CONFERENCE_STATUSES,
    accepts_registrations,
    before_cutoff,
    conference_cutoff,
    conference_date,
    remaining_text,
    rule_settings,
)
from petitions.models import Attachment, Category, Petition, PetitionEvent, RegistrationSubmission, Status
from petitions.registration import held_files
from petitions.registration.status_links import short_status_url
from petitions.registration.validators import attachment_count_errors, validate_attachment
from petitions.workflow.services import PetitionError, petition_transition

logger = logging.getLogger(__name__)

# Version of the personal-data notice shown beside the consent box; stored with every registration. Change it
# (and the text in templates/petitions/_privacy_notice.html) together. 2026-02: the rights are exercised on the
# status page; the retention period quoted is PERSONAL_DATA_RETENTION_YEARS, so a deployment that changes it
# shows a different text, and its version says so ("2026-12/r10" for 10 years). 2026-12 (issue 22): Zalo's operator
# is named as a recipient of the phone number of those who choose notifications by Zalo.
PRIVACY_NOTICE_TEXT_VERSION = "2026-12"


def _notice_version() -> str:
    from django.conf import settings

    years = settings.PERSONAL_DATA_RETENTION_YEARS
    return PRIVACY_NOTICE_TEXT_VERSION if years == 5 else f"{PRIVACY_NOTICE_TEXT_VERSION}/r{years}"


PRIVACY_NOTICE_VERSION = _notice_version()

@dataclass
class PetitionInput:
    """One petition of a submission: its category (1–7), content, optional proposed solution and files."""

    category: int
    content: str
    proposed_solution: str = ""
    # UploadedFile objects already checked by validate_attachment, and HeldAttachment rows (petitions/held_files.py)
    files: list = field(default_factory=list)


def _petition_deadline(conference: Conference, received_at: datetime) -> tuple[date, str, date, bool]:
    """(counted receipt day, rule, due date, answered outside the conference) for a petition of this
    conference received at `received_at`, decided by petitions/due_dates.py like every other petition's."""
    basis = due_dates.DeadlineBasis.for_conference(conference)
    probe = Petition(body=conference.body, conference=conference, received_at=received_at)
    receipt_day = due_dates.petition_set_receipt_day(probe, basis)
    rule = due_dates.petition_rule_for(probe, basis)
    due = due_dates.petition_compute_due_date(probe, rule, basis)
    return receipt_day, rule.value, due, rule == deadlines.DeadlineRule.NO_CONFERENCE


def _enqueue_confirmation(registration: Registration, *, notify_sms: bool, notify_email: bool,
                          notify_zalo: bool = False) -> None:
    """Queue the confirmation (code and lookup secret) through the outbox, in the submission's transaction:
    by SMS and / or e-mail as the registrant chose, once per registration (dedup key).

    Delivery happens after commit (conferences/outbox.py). The e-mail does not carry the filled Phụ lục II
    PDF: rendering it belongs to the reports app, which petitions may not import, and would put WeasyPrint
    inside every submission's transaction. Raises PetitionError for an address the outbox refuses.
    """
    from django.utils.translation import get_language

    from conferences.common.errors import ConferenceError
    from conferences.outbox import services as outbox

    conference = registration.conference
    body = conference.body
    try:
        outbox.notification_enqueue(
            body=body, template="registration_received", language=(get_language() or "vi")[:2],
            context={"registration": registration, "conference": conference, "body": body,
                     "status_link": short_status_url(registration)},
            email=registration.email if notify_email else "",
            phone=registration.phone if notify_sms or notify_zalo else "",
            channels=[c for c, wanted in (("email", notify_email), ("sms", notify_sms), ("zalo", notify_zalo)) if wanted],
            related=registration, dedup_key=f"registration:{registration.pk}:received",
            dedup_key_is_new=True)  # the registration was created in this very transaction
    except ConferenceError as exc:
        raise PetitionError(str(exc)) from exc


def registration_submit(
    *,
    conference: Conference,
    form_token: str,
    full_name: str,
    organisation_name: str,
    organisation_kind: str,
    identifier_kind: str,
    tax_code: str,
    phone: str,
    address: str = "",
    position: str = "",
    email: str = "",
    attending: bool = True,
    notify_sms: bool = True,
    notify_email: bool = False,
    notify_zalo: bool = False,
    overall_proposal: str = "",
    petitions: list[PetitionInput] | None = None,
    consent_version: str = "",
    consented_at: datetime | None = None,
    publication_consent: bool = False,
    channel: str = Registration.Channel.ONLINE,
    received_at: datetime | None = None,
    actor=None,
    at: datetime | None = None,
) -> tuple[Registration, bool]:
    """Create a registration with its petitions, codes and deadlines in one transaction; return
    (registration, created).

    Idempotent on `form_token`: a resubmission of the same form (double click, reload) creates nothing and
    returns the first registration with created=False; the unique constraint on the token settles races.
    Each petition's counted receipt day, rule and due date come from petitions/deadlines.py; petitions
    received after the cut-off (or for a conference that will not be held) follow the no-conference rule and
    the submission is marked late. The data must already be validated (petitions/forms.py).
    `publication_consent` is the business's answer to "may the answer be published" (each petition keeps it).
    Files held from a refused submission (HeldAttachment in a petition's files) are copied onto it and released.
    `at` (default now) dates the receipt events, and the receipt without `received_at`: demo and imports only.
    Raises PetitionError when the token is missing, belongs to another conference, consent is missing for an
    online submission, or a row is invalid.
    """
    if not form_token:
        raise PetitionError(_("Thiếu mã phiên biểu mẫu, vui lòng tải lại trang."))
    count_errors = attachment_count_errors([len(item.files) for item in petitions or []])
    if count_errors:
        raise PetitionError(" ".join(m for error in count_errors for m in error.messages))
    # No "token already used?" query first: a resubmission is rare, and the unique constraint on the token
    # turns it into an IntegrityError below, answered with the first registration. Asking first cost every
    # submission a query (issue 11's profile).
    now = at or timezone.now()
    received_at = received_at or now
    if channel == Registration.Channel.ONLINE and not (consent_version and consented_at):
        raise PetitionError(_("Cần đồng ý với thông báo xử lý dữ liệu cá nhân để gửi đăng ký trực tuyến."))
    receipt_day, rule, due, late = _petition_deadline(conference, received_at)
    petition_channel = {
        Registration.Channel.ONLINE: Petition.Channel.ONLINE,
        Registration.Channel.PAPER: Petition.Channel.PAPER,
        Registration.Channel.CENTRE: Petition.Channel.CENTRE,
        Registration.Channel.CONFERENCE: Petition.Channel.CONFERENCE,
    }[channel]
    try:
        with transaction.atomic():
            items = list(petitions or [])
            new_codes = _fresh_codes(conference, 1 + len(items))
            registration = Registration(
                conference=conference, code=new_codes[0], full_name=full_name.strip(), position=position.strip(),
                organisation_name=organisation_name.strip(), organisation_kind=organisation_kind,
                identifier_kind=identifier_kind, tax_code=tax_code, phone=phone, email=email.strip(),
                address=address.strip(), channel=channel, received_at=received_at,
                consent_version=consent_version, consented_at=consented_at, attending=attending,
                created_by=actor,
            )
            _clean(registration, exclude=["code", "secret"])
            normalize_text_fields(registration)  # what NormalizedTextModel.save does; the code is set above
            fast_insert.insert_pairs([registration], [RegistrationSubmission(
                form_token=form_token, overall_proposal=clean_text(overall_proposal.strip()),
                notify_sms=notify_sms, notify_email=notify_email, notify_zalo=notify_zalo,
                received_after_cutoff=late,
            )], link="registration", key="code")
            note = (_("Tiếp nhận sau hạn gửi kiến nghị: trả lời bằng văn bản ngoài hội nghị.") if late
                    else _("Tiếp nhận qua phiếu đăng ký %(code)s.") % {"code": registration.code})
            created = _create_petitions(registration, items, petition_channel, receipt_day, rule, due, note, actor,
                                        petition_codes=new_codes[1:], publication_consent=publication_consent)
            if at is not None and created:
                PetitionEvent.dated(PetitionEvent.objects.filter(petition__in=created), at)
            _enqueue_confirmation(registration, notify_sms=notify_sms, notify_email=notify_email,
                                  notify_zalo=notify_zalo)
            if any(isinstance(f, held_files.HeldAttachment) for item in items for f in item.files):
                held_files.held_attachments_release(form_token=form_token)
    except IntegrityError:
        # Another request with the same token committed first: return its registration.
        existing = _existing_submission(form_token, conference)
        if existing is None:
            raise
        return existing, False
    return registration, True


def _existing_submission(form_token: str, conference: Conference) -> Registration | None:
    # get() without ordering: the token is unique, and ORDER BY compilation is a measurable share of a request.
    try:
        submission = (RegistrationSubmission.objects.select_related("registration__conference__body")
                      .get(form_token=form_token))
    except RegistrationSubmission.DoesNotExist:
        return None
    if submission.registration.conference_id != conference.pk:
        raise PetitionError(_("Biểu mẫu này đã được dùng cho một hội nghị khác, vui lòng tải lại trang."))
    return submission.registration


def _clean(instance, *, exclude: list[str]) -> None:
    # Field and model validation only: the foreign keys come from objects already loaded, and uniqueness and
    # check constraints are enforced by the database inside the transaction (their Python-side checks would
    # cost one query each on every submission).
    fks = [f.name for f in instance._meta.concrete_fields if f.is_relation]
    try:
        instance.full_clean(exclude=[*exclude, *fks], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise PetitionError("; ".join(exc.messages)) from exc


def _fresh_codes(conference: Conference, n: int) -> list[str]:
    """`n` new readable codes for `conference`'s body and year, free in every code-bearing model.

    The same codes and rules as conferences/codes.generate_code, checked in one query for the whole
    submission instead of one per code and table; the unique constraints remain the final guard.
    """
    head = f"{conference.body.code_prefix.upper()}{conference.year % 100:02d}-"
    found: list[str] = []
    for _attempt in range(codes.MAX_ATTEMPTS):
        candidates = sorted({head + codes.random_part() for _ in range(n - len(found))} - set(found))
        taken = codes.codes_in_use(candidates)
        found += [c for c in candidates if c not in taken]
        if len(found) >= n:
            return found[:n]
    raise codes.CodeGenerationError(f"no free code for {head}")


def _create_petitions(registration, items: list[PetitionInput], channel, receipt_day, rule, due, note, actor,
                      *, petition_codes: list[str], received_at: datetime | None = None,
                      publication_consent: bool = False) -> list[Petition]:
    """Insert the petitions of one submission, their "received" events and attachments (a few queries in all)."""
    petitions = []
    for item, code in zip(items, petition_codes, strict=True):
        if item.category not in Category.values:
            raise PetitionError(_("Nhóm kiến nghị phải từ 1 đến 7."))
        petition = Petition(
            body=registration.conference.body, conference=registration.conference, registration=registration,
            code=code, organisation_name=registration.organisation_name,
            organisation_kind=registration.organisation_kind, identifier_kind=registration.identifier_kind,
            tax_code=registration.tax_code, contact_name=registration.full_name, phone=registration.phone,
            email=registration.email, category=item.category, content=item.content.strip(),
            proposed_solution=(item.proposed_solution or "").strip(), channel=channel,
            received_at=received_at or registration.received_at, receipt_day=receipt_day, deadline_rule=rule,
            due_date=due, status=Status.RECEIVED, created_by=actor, publication_consent=publication_consent,
        )
        _clean(petition, exclude=["code", "deadline_rule"])
        normalize_text_fields(petition)  # bulk_create skips NormalizedTextModel.save
        petition.search_text = petition.build_search_text()  # and Petition.save, which keeps it
        petitions.append(petition)
    if not petitions:
        return []
    fast_insert.insert_pairs(petitions, [
        PetitionEvent(from_status="", to_status=Status.RECEIVED, actor=actor, note=note) for _p in petitions],
        link="petition", key="code")
    for petition, item in zip(petitions, items, strict=True):
        for uploaded in item.files:
            if isinstance(uploaded, held_files.HeldAttachment):  # kept from a refused submission of the same form
                held_files.held_attachment_attach(held=uploaded, petition=petition, actor=actor)
                continue
            Attachment.objects.create(
                petition=petition, file=uploaded, original_name=clean_text(uploaded.name)[:255],
                content_type=getattr(uploaded, "validated_content_type", "") or _checked_type(uploaded),
                size=uploaded.size, uploaded_by=actor)
    return petitions


def _checked_type(uploaded) -> str:
    """The MIME type read from the content of a file the caller did not check (never the browser's claim)."""
    try:
        return validate_attachment(uploaded)
    except ValidationError as exc:
        raise PetitionError("; ".join(exc.messages)) from exc


# Registrant fields that may be corrected from the status page before the cut-off.
EDITABLE_FIELDS = ("full_name", "position", "organisation_name", "organisation_kind", "identifier_kind", "tax_code",
                   "phone", "email", "address", "attending")


def registration_update_by_registrant(
    *,
    registration: Registration,
    fields: dict,
    overall_proposal: str,
    notify_sms: bool,
    notify_email: bool,
    petitions: list[tuple[int | None, PetitionInput]],
    notify_zalo: bool | None = None,
) -> Registration:
    """Correct a registration and its petitions from the secret link, before the conference's cut-off.

    `petitions` pairs an existing petition's id (None for a new one) with its new data. Existing petitions
    change only while still "received" and each change writes a PetitionEvent with the previous text; new
    petitions are received now, with their own receipt day and rule. Raises PetitionError after the cut-off,
    for a withdrawn registration, or for a petition that is not the registration's or is already handled.
    """
    conference = registration.conference
    if not before_cutoff(conference):
        raise PetitionError(_("Đã hết hạn gửi kiến nghị, không thể sửa trực tuyến. Vui lòng liên hệ Phòng Kinh tế."))
    now = timezone.now()
    with transaction.atomic():
        locked = Registration.objects.select_for_update().select_related("conference__body").get(pk=registration.pk)
        if locked.withdrawn_at is not None:
            raise PetitionError(_("Đăng ký đã được rút, không thể sửa."))
        for name in EDITABLE_FIELDS:
            value = fields[name]
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        _clean(locked, exclude=["code", "secret"])
        locked.save(update_fields=[*EDITABLE_FIELDS, "updated_at"])
        # The petitioner is copied onto each petition (eligibility counts organisations by identifier): keep
        # the copies in step with the corrected registration. Not a status change, so no event per petition.
        Petition.objects.filter(registration=locked).update(
            organisation_name=locked.organisation_name, organisation_kind=locked.organisation_kind,
            identifier_kind=locked.identifier_kind, tax_code=locked.tax_code, contact_name=locked.full_name,
            phone=locked.phone, email=locked.email, updated_at=now)
        RegistrationSubmission.objects.filter(registration=locked).update(
            overall_proposal=clean_text(overall_proposal.strip()), notify_sms=notify_sms, notify_email=notify_email,
            **({} if notify_zalo is None else {"notify_zalo": notify_zalo}))
        own = {p.pk: p for p in Petition.objects.select_for_update().filter(registration=locked)}
        new_items = []
        for petition_id, item in petitions:
            if petition_id is None:
                new_items.append(item)
                continue
            petition = own.get(petition_id)
            if petition is None or petition.status != Status.RECEIVED:
                raise PetitionError(_("Kiến nghị này không còn sửa được (đã được xử lý hoặc không thuộc phiếu)."))
            new = (item.category, clean_text(item.content.strip()), clean_text((item.proposed_solution or "").strip()))
            old = (petition.category, petition.content, petition.proposed_solution)
            if new == old:
                continue
            petition.category, petition.content, petition.proposed_solution = new
            _clean(petition, exclude=["code"])
            petition.save(update_fields=["category", "content", "proposed_solution", "updated_at"])
            PetitionEvent.objects.create(
                petition=petition, from_status=Status.RECEIVED, to_status=Status.RECEIVED,
                note=_("Doanh nghiệp sửa kiến nghị trước hạn. Nội dung trước khi sửa (nhóm %(cat)s): %(text)s")
                % {"cat": old[0], "text": old[1]})
        if new_items:
            receipt_day, rule, due, _late = _petition_deadline(conference, now)
            _create_petitions(
                locked, new_items, Petition.Channel.ONLINE, receipt_day, rule, due,
                _("Doanh nghiệp gửi thêm khi sửa phiếu %(code)s.") % {"code": locked.code}, None,
                petition_codes=_fresh_codes(conference, len(new_items)), received_at=now,
                # The answer given on the form covers the petitions added to it later.
                publication_consent=locked.petitions.filter(publication_consent=True).exists())
    registration.refresh_from_db()
    return registration


def petition_withdraw_by_registrant(*, registration: Registration, petition: Petition) -> Petition:
    """Withdraw one petition of `registration` at the registrant's request, before the conference's cut-off.

    Writes a PetitionEvent through petition_transition. Raises PetitionError after the cut-off, when the
    petition is not the registration's, or when its status no longer allows withdrawal.
    """
    if petition.registration_id != registration.pk:
        raise PetitionError(_("Kiến nghị không thuộc phiếu đăng ký này."))
    if not before_cutoff(registration.conference):
        raise PetitionError(_("Đã hết hạn gửi kiến nghị, không thể rút trực tuyến. Vui lòng liên hệ Phòng Kinh tế."))
    return petition_transition(
        petition=petition, to_status=Status.WITHDRAWN, note=str(_("Doanh nghiệp rút kiến nghị trên cổng.")))


def registration_withdraw(*, registration: Registration, actor=None) -> Registration:
    """Withdraw a registration and its open petitions, before the conference's cut-off (staff: any time).

    Each petition's withdrawal writes a PetitionEvent. Raises PetitionError when already withdrawn or, for
    the registrant (no `actor`), after the cut-off.
    """
    if actor is None and not before_cutoff(registration.conference):
        raise PetitionError(_("Đã hết hạn gửi kiến nghị, không thể rút đăng ký trực tuyến. Vui lòng liên hệ "
                              "Phòng Kinh tế."))
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.withdrawn_at is not None:
            raise PetitionError(_("Đăng ký đã được rút trước đó."))
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at", "updated_at"])
        note = str(_("Rút cùng phiếu đăng ký %(code)s.") % {"code": locked.code})
        for petition in locked.petitions.filter(status__in=[Status.RECEIVED, Status.ASSIGNED]):
            petition_transition(petition=petition, to_status=Status.WITHDRAWN, actor=actor, note=note)
    registration.refresh_from_db()
    return registration
