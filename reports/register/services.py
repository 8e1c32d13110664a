"""Write services of the outgoing-documents register: create and edit a draft, and one service per step (submit,
pass, return, sign, issue, withdraw), each locking the row, checking the role and TRANSITIONS, writing an event."""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.common.text import nfc
from conferences.models import Body, Conference, Unit
from conferences.organisation import roles
from conferences.organisation.selectors import staff_profile
from petitions.models import Petition
from petitions.triage import answers as petition_answers
from petitions.triage import send_out
from petitions.workflow.services import PetitionError
from reports.documents.base import format_date, format_number
from reports.documents.models import IssuedDocumentNumber
from reports.documents.numbering import ReportError, document_number_allocate
from reports.register import attachment, pdf, results_report
from reports.register.letters import SEND_OUT_KINDS, STATUS_OF
from reports.register.models import (
    KIND_TYPES,
    PETITION_KINDS,
    TRANSITIONS,
    AnswerOutcome,
    NumberingPolicy,
    OutgoingDocument,
    OutgoingDocumentEvent,
    OutgoingKind,
    OutgoingStatus,
)
from reports.register.permissions import (
    can_draft,
    can_issue,
    can_review,
    can_sign,
    reviewer_role,
)

S = OutgoingStatus


# ---- The one transition path ------------------------------------------------------------------------------------

def _locked(document: OutgoingDocument) -> OutgoingDocument:
    return OutgoingDocument.objects.select_for_update(of=("self",)).select_related(
        "body__parent", "conference", "petition__body__parent", "petition__lead_unit", "drafting_unit",
        "number").get(pk=document.pk)


def _move(document: OutgoingDocument, to_status: str, *, actor, note: str = "", fields=()) -> OutgoingDocument:
    """Check TRANSITIONS, set the status (and `fields`, already set on the locked row), write the event."""
    if to_status not in TRANSITIONS[document.status]:
        raise ReportError(_("Không thể chuyển văn bản từ “%(from)s” sang “%(to)s”.") % {
            "from": S(document.status).label, "to": S(to_status).label})
    from_status = document.status
    document.status = to_status
    document.full_clean(exclude=["frozen_pdf", "issued_pdf"])
    document.save(update_fields=["status", *fields])
    OutgoingDocumentEvent.objects.create(document=document, from_status=from_status, to_status=to_status,
                                         actor=actor if getattr(actor, "pk", None) else None, note=nfc(note))
    return document


def has_seal(document: OutgoingDocument) -> bool:
    """Every document carries the body's signature (its seal) at issue, but the minutes (design.md)."""
    return document.kind != OutgoingKind.MINUTES


def _refuse(message: str):
    raise ReportError(message)


def _is_answer(document: OutgoingDocument) -> bool:
    return document.kind == OutgoingKind.ANSWER_LETTER and document.petition_id is not None


def _is_send_out(document: OutgoingDocument) -> bool:
    """A transfer or escalation letter about a petition: its issue moves the petition (petitions.triage.send_out)."""
    return document.kind in SEND_OUT_KINDS and document.petition_id is not None


def _petition_step(service, **kwargs):
    """Call a petitions service for the answer letter's petition; its PetitionError becomes the register's."""
    try:
        return service(**kwargs)
    except PetitionError as exc:
        raise ReportError(str(exc)) from exc


# ---- Draft -------------------------------------------------------------------------------------------------------

def outgoing_document_create(*, body: Body, kind: str, title: str, actor, text: str = "",
                             conference: Conference | None = None, petition: Petition | None = None,
                             drafting_unit: Unit | None = None, recipients: str = "", copies: int = 1,
                             replaces: OutgoingDocument | None = None) -> OutgoingDocument:
    """A new draft of `kind` about `conference` or `petition` of `body`; raises ReportError when the user may not
    draft it, the conference / petition / unit is another body's, or it replaces a document not issued."""
    if kind not in OutgoingKind.values:
        _refuse(_("Loại văn bản không hợp lệ."))
    for related in (conference, petition, drafting_unit):
        if related is not None and related.body_id != body.pk:
            _refuse(_("Hội nghị, kiến nghị hoặc đơn vị không thuộc cơ quan này."))
    if kind in PETITION_KINDS and petition is None:
        _refuse(_("Công văn về kiến nghị cần chọn kiến nghị."))
    if replaces is not None and (replaces.body_id != body.pk or replaces.status != S.ISSUED):
        _refuse(_("Chỉ thay thế được văn bản đã ban hành của cơ quan."))
    document = OutgoingDocument(
        body=body, kind=kind, title=nfc(title), text=nfc(text), conference=conference or (
            petition.conference if petition is not None else None),
        petition=petition, drafting_unit=drafting_unit, recipients=nfc(recipients), copies=copies,
        replaces=replaces, drafted_by=actor if getattr(actor, "pk", None) else None)
    if not can_draft(actor, document):
        _refuse(_("Bạn không có quyền soạn thảo văn bản này."))
    with transaction.atomic():
        document.full_clean(exclude=["frozen_pdf", "issued_pdf"])
        document.save()
        OutgoingDocumentEvent.objects.create(document=document, to_status=S.DRAFT, actor=document.drafted_by,
                                             note=_("Tạo dự thảo"))
    return document


def outgoing_document_update(*, document: OutgoingDocument, actor, title: str | None = None,
                             text: str | None = None, recipients: str | None = None,
                             copies: int | None = None) -> OutgoingDocument:
    """Edit a draft's text; raises ReportError once it has left the draft (an issued document never changes: a
    correction is a new document that replaces it)."""
    with transaction.atomic():
        document = _locked(document)
        if document.status != S.DRAFT:
            _refuse(_("Chỉ sửa được văn bản ở trạng thái dự thảo; văn bản đã ban hành không sửa được, "
                      "cần ban hành văn bản thay thế."))
        if not can_draft(actor, document):
            _refuse(_("Bạn không có quyền sửa văn bản này."))
        changed = []
        for name, value in (("title", title), ("text", text), ("recipients", recipients)):
            if value is not None:
                setattr(document, name, nfc(value))
                changed.append(name)
        if copies is not None:
            document.copies = copies
            changed.append("copies")
        document.full_clean(exclude=["frozen_pdf", "issued_pdf"])
        document.save(update_fields=changed)
    return document


# ---- The steps ---------------------------------------------------------------------------------------------------

def outgoing_document_submit(*, document: OutgoingDocument, actor, note: str = "") -> OutgoingDocument:
    """Draft → under review (the drafter). Raises ReportError for another role or state."""
    with transaction.atomic():
        document = _locked(document)
        if not can_draft(actor, document):
            _refuse(_("Chỉ đơn vị soạn thảo trình được văn bản này."))
        return _move(document, S.UNDER_REVIEW, actor=actor, note=note)


def leaders_of(body: Body):
    """The users who may sign for `body` (Lãnh đạo with a staff profile there)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(staff_profile__body=body, groups__name=roles.LEADERSHIP,
                                           is_active=True).order_by("last_name", "first_name")


def _signer_title(user, body: Body) -> str:
    """The signer's title for the signer block: their staff position when it is a chair's ("Phó Chủ tịch"),
    else the body's chair title."""
    profile = staff_profile(user)
    position = (getattr(profile, "position", "") or "").strip()
    return position if "chủ tịch" in position.lower() else (body.chair_title or "Chủ tịch")


def _set_signer(document: OutgoingDocument, user) -> None:
    document.signer = user
    document.signer_name = user.get_full_name() or user.get_username()
    document.signer_title = _signer_title(user, document.body)


def outgoing_document_pass(*, document: OutgoingDocument, actor, note: str = "", signer=None,
                           base_url: str = "", outcome: str = "") -> OutgoingDocument:
    """Under review → awaiting signature (the reviewer), to be signed by `signer` (a Lãnh đạo of the body; the
    signer block then names them: a Phó Chủ tịch signs "KT. CHỦ TỊCH"), or by the body's chair when none is
    chosen. The file is frozen, bytes and SHA-256 kept, with empty places for number and date and the QR code of
    a random verification id (links under `base_url`, this portal's address). An answer letter needs the
    `outcome` the reviewer chooses (resolved, or answered with follow-up, shown to the signer); its petition's
    answer is then approved. Raises ReportError."""
    from reports.register.rendering import frozen_document

    with transaction.atomic():
        document = _locked(document)
        if not can_review(actor, document):
            _refuse(_("Chỉ %(role)s thẩm định được văn bản này.") % {"role": reviewer_role(document)})
        if S.AWAITING_SIGNATURE not in TRANSITIONS[document.status]:
            _move(document, S.AWAITING_SIGNATURE, actor=actor)  # raises with the table's message
        if _is_answer(document):
            if outcome not in AnswerOutcome.values:
                _refuse(_("Cần chọn kết quả trả lời: đã giải quyết triệt để, hoặc đã trả lời và tiếp tục giải "
                          "quyết."))
            document.answer_outcome = outcome
            _petition_step(petition_answers.petition_answer_reviewed, petition=document.petition, actor=actor,
                           note=_("Thẩm định đạt công văn trả lời (%(outcome)s)") % {
                               "outcome": AnswerOutcome(outcome).label})
        if signer is not None:
            if not leaders_of(document.body).filter(pk=signer.pk).exists():
                _refuse(_("Người ký phải là lãnh đạo của cơ quan."))
            _set_signer(document, signer)
        results_report.results_figures_freeze(document)  # the BC's figures, signed as frozen
        document.verification_id = secrets.token_urlsafe(18)
        document.frozen_pdf = pdf.freeze_pdf(frozen_document(document, base_url), seal=has_seal(document))
        document.frozen_sha256 = pdf.sha256(document.frozen_pdf)
        document.frozen_at = timezone.now()
        document.return_comment = ""
        attachment.attachment_freeze(document)  # the results report's Phụ lục I, in its own file
        return _move(document, S.AWAITING_SIGNATURE, actor=actor, note=note, fields=[
            "verification_id", "frozen_pdf", "frozen_sha256", "frozen_at", "return_comment", "signer",
            "signer_name", "signer_title", "answer_outcome"])


def outgoing_document_return(*, document: OutgoingDocument, actor, comment: str) -> OutgoingDocument:
    """Back to draft with the reviewer's (under review) or signer's (awaiting signature) comment, which is kept and
    shown to the drafter; the frozen file is dropped. Raises ReportError without a comment or for another role."""
    comment = nfc(comment or "").strip()
    if not comment:
        _refuse(_("Cần ghi ý kiến khi trả lại văn bản."))
    with transaction.atomic():
        document = _locked(document)
        if document.status == S.UNDER_REVIEW and not can_review(actor, document):
            _refuse(_("Chỉ người thẩm định trả lại được văn bản đang thẩm định."))
        if document.status == S.AWAITING_SIGNATURE and not can_sign(actor, document):
            _refuse(_("Chỉ lãnh đạo trả lại được văn bản đang chờ ký."))
        if document.status not in (S.UNDER_REVIEW, S.AWAITING_SIGNATURE):
            _move(document, S.DRAFT, actor=actor)  # raises with the table's message
        if _is_answer(document):
            _petition_step(petition_answers.petition_answer_returned, petition=document.petition, actor=actor,
                           comment=_("Công văn trả lời bị trả lại: %(comment)s") % {"comment": comment})
        document.return_comment = comment
        attachment.attachment_drop(document)
        results_report.results_figures_drop(document)
        document.frozen_pdf, document.frozen_sha256, document.frozen_at = None, "", None
        document.verification_id = ""
        document.signer, document.signer_name, document.signer_title = None, "", ""
        return _move(document, S.DRAFT, actor=actor, note=comment, fields=[
            "return_comment", "frozen_pdf", "frozen_sha256", "frozen_at", "verification_id", "signer",
            "signer_name", "signer_title"])


def outgoing_document_sign(*, document: OutgoingDocument, actor, note: str = "", signed_pdf: bytes | None = None,
                           method: str = "upload") -> OutgoingDocument:
    """Awaiting signature → signed (Lãnh đạo; the one it was sent to when the reviewer chose a signer), with the
    frozen file as the signer signed it digitally (`signed_pdf`: uploaded, or completed by the remote-signing
    service, `method`). The file is accepted only when the signed revision is the frozen file plus an intact
    signature that allows filling number and date, made with the signer's registered certificate
    (reports.register.signing.upload). Records who signed, with which title, and when. Raises ReportError (its
    message says which check failed)."""
    from reports.register.signing.models import SignedFile
    from reports.register.signing.upload import check_signed_file

    with transaction.atomic():
        document = _locked(document)
        if not can_sign(actor, document):
            _refuse(_("Chỉ lãnh đạo ký được văn bản."))
        if document.status != S.AWAITING_SIGNATURE:
            _move(document, S.SIGNED, actor=actor)
        if document.signer_id and document.signer_id != actor.pk and not actor.is_superuser:
            _refuse(_("Văn bản được trình %(name)s ký.") % {"name": document.signer_name})
        if not signed_pdf:
            _refuse(_("Cần tệp văn bản đã ký số: tải lên tệp trình ký đã ký, hoặc ký số từ xa."))
        if not document.signer_id:
            _set_signer(document, actor)
        accepted = check_signed_file(frozen=bytes(document.frozen_pdf), signed=signed_pdf, signer=document.signer,
                                     signer_name=document.signer_name)
        document.signed_at = timezone.now()
        SignedFile.objects.update_or_create(document=document, defaults={
            "data": signed_pdf, "sha256": pdf.sha256(signed_pdf), "method": method,
            "certificate_fingerprint": accepted.certificate_fingerprint,
            "signer_subject": accepted.signer_subject[:500], "signing_time": accepted.signing_time})
        return _move(document, S.SIGNED, actor=actor, note=note,
                     fields=["signer", "signer_name", "signer_title", "signed_at"])


def outgoing_document_issue(*, document: OutgoingDocument, actor, note: str = "",
                            now: datetime.datetime | None = None, base_url: str = "") -> OutgoingDocument:
    """Signed → issued (Văn phòng): the number is taken now, in the year of issue, from the body's series; number
    and date are filled into the signed file's fields and the body's digital signature (its seal, from the PKCS#11
    key) is added, all in one incremental revision after the signer's (the signed bytes stay its prefix, so the
    signer's signature stays valid); the issued bytes and SHA-256 are kept. An answer letter's petition then moves
    to the outcome chosen at review, a transfer or escalation letter's to transferred / escalated with this number
    and date, and the petitioner is told (with the short link of its status page).
    `base_url` is this portal's address as the request reached it. Raises ReportError."""
    from reports.register.signing import signatures
    from reports.register.signing.models import SignedFile, SigningCertificate

    now = now or timezone.now()
    with transaction.atomic():
        document = _locked(document)
        if not can_issue(actor, document):
            _refuse(_("Chỉ Văn phòng (văn thư) cấp số và ban hành văn bản."))
        if document.status != S.SIGNED:
            _move(document, S.ISSUED, actor=actor)
        signed = SignedFile.objects.filter(document=document).first()
        if signed is None:
            _refuse(_("Văn bản chưa có tệp đã ký số của người ký."))
        seal = SigningCertificate.objects.filter(kind=SigningCertificate.Kind.BODY, body=document.body,
                                                 is_active=True).first()
        issued_on = timezone.localdate(now)
        number = document_number_allocate(
            body=document.body, year=issued_on.year, doc_type=KIND_TYPES[document.kind], user=actor,
            unit_code=document.unit_code, title=document.title, conference=document.conference)
        IssuedDocumentNumber.objects.filter(pk=number.pk).update(issued_at=now)  # taken at the moment of issue
        number.issued_at = now
        document.number = number
        document.issued_on = issued_on
        document.issued_at = now
        document.issued_by = actor if getattr(actor, "pk", None) else None
        body_name = nfc(f"{document.body.authority_name} {document.body.name}")
        key_label = seal.key_label if seal is not None else ""
        texts = {"number_text": format_number(number.number), "date_text": format_date(issued_on)}
        if has_seal(document):
            document.issued_pdf = signatures.issue_pdf(
                bytes(signed.data), **texts, body_name=body_name, key_label=key_label, moment=now,
                seal_image=bytes(seal.image) if seal is not None and seal.image else None)
        else:  # the minutes: number and date filled after the signature, no seal (design.md)
            try:
                document.issued_pdf = pdf.fill_number_and_date(bytes(signed.data), **texts)
            except ValueError:
                _refuse(_("Tệp không có chỗ điền số và ngày ban hành."))
        # Its attachment in its own file, signed by the body in the same step (same number and symbol).
        attachment.attachment_issue(document, reference=number.formatted, body_name=body_name, key_label=key_label,
                                    moment=now)
        document.issued_sha256 = pdf.sha256(document.issued_pdf)
        document = _move(document, S.ISSUED, actor=actor, note=note or number.formatted, fields=[
            "number", "issued_on", "issued_at", "issued_by", "issued_pdf", "issued_sha256"])
        results_report.results_report_issued(document, actor=actor)
        if _is_answer(document):
            _petition_step(petition_answers.petition_answer_issued, petition=document.petition,
                           document_number=number.formatted, issued_on=issued_on,
                           outcome=document.answer_outcome or AnswerOutcome.RESOLVED, actor=actor)
        if _is_send_out(document):
            _petition_step(send_out.petition_send_out_issued, petition=document.petition,
                           to_status=STATUS_OF[document.kind], document_number=number.formatted, issued_on=issued_on,
                           actor=actor)
        return document


def outgoing_document_withdraw(*, document: OutgoingDocument, actor, note: str = "") -> OutgoingDocument:
    """Withdraw a document not yet issued (its drafter or Lãnh đạo); raises ReportError once issued."""
    with transaction.atomic():
        document = _locked(document)
        if not (can_draft(actor, document) or can_sign(actor, document)):
            _refuse(_("Bạn không có quyền thu hồi văn bản này."))
        document = _move(document, S.WITHDRAWN, actor=actor, note=note)
        attachment.attachment_drop(document)
        results_report.results_figures_drop(document)
        if _is_answer(document):
            _petition_step(petition_answers.petition_answer_returned, petition=document.petition, actor=actor,
                           comment=_("Thu hồi dự thảo công văn trả lời"))
        if _is_send_out(document):
            _petition_step(send_out.petition_send_out_withdrawn, petition=document.petition, actor=actor, note=note)
        return document


def numbering_policy_set(*, body: Body, single_series: bool, actor, today: datetime.date | None = None
                         ) -> NumberingPolicy:
    """Choose one series for all administrative documents or one per type, from the next 1 January (numbers of
    the current year go on in the series they started in). Raises ReportError for another body's user."""
    if not actor.is_superuser and not (
            (staff_profile(actor) and staff_profile(actor).body_id == body.pk) and roles.has_role(actor, roles.OFFICE)):
        _refuse(_("Chỉ Văn phòng của cơ quan đổi được cách đánh số."))
    year = (today or timezone.localdate()).year + 1
    with transaction.atomic():
        policy, _created = NumberingPolicy.objects.update_or_create(
            body=body, from_year=year, defaults={"single_series": single_series, "changed_by": actor})
    return policy
