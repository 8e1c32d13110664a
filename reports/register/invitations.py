"""Sending the issued Giấy mời (issue 17): to each registrant, through the outbox, by the channels they chose: the
issued file byte for byte with their own check-in slip by e-mail, a short link to their status page (where both
can be downloaded) by SMS, the "conference_invitation" template by Zalo."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from conferences.common.errors import ConferenceError
from conferences.models import OutboxMessage, Registration
from conferences.outbox import services as outbox
from petitions.registration.selectors import registration_notify_channels
from petitions.registration.status_links import short_status_url
from reports.documents import render_pdf
from reports.documents.invitation_list import checkin_slip, invitation_registrants
from reports.documents.numbering import ReportError
from reports.register import permissions
from reports.register.models import OutgoingDocument, OutgoingKind, OutgoingStatus


def issued_invitations(conference) -> QuerySet[OutgoingDocument]:
    """The conference's issued Giấy mời, the last issued first."""
    return (OutgoingDocument.objects.select_related("number")
            .filter(conference=conference, kind=OutgoingKind.INVITATION, status=OutgoingStatus.ISSUED)
            .order_by("-issued_at", "-pk"))


def invitation_issued(conference) -> OutgoingDocument | None:
    """The conference's last issued Giấy mời (its issued file loaded), or None before one is issued."""
    return issued_invitations(conference).first()


def invitation_recipients(document: OutgoingDocument) -> QuerySet[Registration]:
    """Who the issued invitation goes to: the registrants to attend (not withdrawn, not anonymised) of its
    conference, whether they registered before the list was frozen or after (the later ones get it when staff
    send again)."""
    return invitation_registrants(document.conference).select_related("conference__body", "submission")


def _key(document: OutgoingDocument, registration: Registration) -> str:
    return f"giay-moi:{document.pk}:{registration.pk}"  # distinct from the old per-copy keys "invitation:…"


def invitation_send_check(*, document: OutgoingDocument, actor) -> None:
    """Raise ReportError unless `actor` may send `document` now: an issued Giấy mời of a conference, sent by whom
    may draft (Phòng Kinh tế) or issue (Văn phòng) it."""
    if document.kind != OutgoingKind.INVITATION or document.conference_id is None:
        raise ReportError(_("Chỉ gửi được Giấy mời của một hội nghị."))
    if not (permissions.can_issue(actor, document) or permissions.can_draft(actor, document)):
        raise ReportError(_("Bạn không có quyền gửi Giấy mời này."))
    if document.status != OutgoingStatus.ISSUED or not document.issued_pdf:
        raise ReportError(_("Giấy mời chưa được ban hành: chỉ gửi được sau khi Văn phòng cấp số, ban hành văn bản."))


def invitation_send(*, document: OutgoingDocument, actor) -> int:
    """Write, for each recipient not yet sent this document, its messages (e-mail with the issued PDF and the
    check-in slip; SMS or Zalo with the status link), each registrant in its own transaction; returns how many
    registrants were written to. Sending again writes only for registrants not yet written to (dedup key per
    document and registrant). Raises ReportError when the document is not an issued invitation or the user may
    neither draft nor issue it."""
    invitation_send_check(document=document, actor=actor)
    conference, body = document.conference, document.body
    issued = outbox.Attachment(filename=f"giay-moi-{document.number.formatted.replace('/', '-')}.pdf",
                               content=bytes(document.issued_pdf), mimetype="application/pdf")
    written = 0
    for registration in invitation_recipients(document):
        key = _key(document, registration)
        channels = registration_notify_channels(registration)
        if not channels or OutboxMessage.objects.filter(dedup_key__startswith=f"{key}:").exists():
            continue
        context = {"registration": registration, "conference": conference, "body": body,
                   "document_number": document.number.formatted, "with_slip": True,
                   "status_link": short_status_url(registration)}
        attachments = []
        if "email" in channels and registration.email:
            slip = checkin_slip(registration)
            attachments = [issued, outbox.Attachment(filename=f"{slip.filename}.pdf", content=render_pdf(slip),
                                                     mimetype="application/pdf")]
        try:
            with transaction.atomic():
                if attachments:  # the files go by e-mail only, whatever else the registrant chose
                    outbox.notification_enqueue(
                        body=body, template="conference_invitation", context=context, email=registration.email,
                        channels=["email"], attachments=attachments, related=registration, dedup_key=key)
                phone_channels = [c for c in channels if c in ("sms", "zalo")]
                if phone_channels and registration.phone:
                    outbox.notification_enqueue(
                        body=body, template="conference_invitation", context=context, phone=registration.phone,
                        channels=phone_channels, related=registration, dedup_key=key)
        except ConferenceError:
            continue  # an address the outbox refuses: the others are still sent; staff see it on the registration
        written += 1
    return written
