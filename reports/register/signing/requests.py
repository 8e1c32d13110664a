"""The remote-signing requests of the register's sign step: start one (digest now), and look again (by the
periodic scan where a scheduler runs, and whenever someone opens the document): a signature that came back is
embedded and goes through the same checks as an uploaded file; a request not confirmed in time expires and the
document stays "awaiting signature"."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.documents.numbering import ReportError
from reports.register.models import OutgoingDocument, OutgoingStatus
from reports.register.signing import remote
from reports.register.signing.models import SignatureRequest, SigningCertificate

logger = logging.getLogger(__name__)
R = SignatureRequest.Status


def signature_request_start(*, document: OutgoingDocument, actor, service=None,
                            now: datetime.datetime | None = None) -> SignatureRequest:
    """Send the frozen file's digest, with the signer's registered certificate, to the remote-signing service;
    the signer confirms on their phone. Raises ReportError (not their document, no certificate, the service)."""
    from reports.register.services import _locked, can_sign

    service = service or remote.configured_service()
    if service is None:
        raise ReportError(_("Chưa cấu hình dịch vụ ký số từ xa; hãy tải lên tệp đã ký."))
    now = now or timezone.now()
    with transaction.atomic():
        document = _locked(document)
        if not can_sign(actor, document) or document.status != OutgoingStatus.AWAITING_SIGNATURE:
            raise ReportError(_("Chỉ người được trình ký ký được văn bản đang chờ ký."))
        if document.signer_id and document.signer_id != actor.pk:
            raise ReportError(_("Văn bản được trình %(name)s ký.") % {"name": document.signer_name})
        _refresh_locked(document, now=now, service=service)
        if SignatureRequest.objects.filter(document=document, status=R.PENDING).exists():
            raise ReportError(_("Đã gửi yêu cầu ký, đang chờ người ký xác nhận trên điện thoại."))
        signer = document.signer or actor
        certificate = SigningCertificate.objects.filter(kind="signer", user=signer, is_active=True).first()
        if certificate is None:
            raise ReportError(_("%(name)s chưa có chứng thư số đăng ký trên cổng; quản trị hệ thống cần đăng ký "
                                "chứng thư của người ký trước.") % {"name": signer.get_full_name() or signer})
        signer_name = document.signer_name or signer.get_full_name() or signer.get_username()
        prepared = remote.prepare(bytes(document.frozen_pdf), certificate_pem=certificate.certificate,
                                  signer_name=signer_name, image=bytes(certificate.image) if certificate.image
                                  else None, moment=now, signer_title=document.signer_title)
        expires_at = now + datetime.timedelta(minutes=settings.SIGNING_REMOTE_EXPIRY_MINUTES)
        service_id = service.start(digest=prepared.digest, digest_algorithm=remote.MD_ALGORITHM,
                                   certificate_fingerprint=certificate.fingerprint, signer=signer.get_username(),
                                   title=f"{document.get_kind_display()}: {document.title}"[:300],
                                   expires_at=expires_at)
        return SignatureRequest.objects.create(
            document=document, signer=signer, certificate_fingerprint=certificate.fingerprint,
            service_request_id=service_id, tbs_pdf=prepared.tbs_pdf, document_digest=prepared.document_digest,
            reserved_start=prepared.reserved_start, reserved_end=prepared.reserved_end,
            signed_attrs=prepared.signed_attrs, expires_at=expires_at)


def _finish(request: SignatureRequest, status: str, message: str, now) -> None:
    request.status, request.message, request.finished_at = status, message, now
    request.save(update_fields=["status", "message", "finished_at"])


def _refresh_locked(document: OutgoingDocument, *, now, service=None) -> SignatureRequest | None:
    """Inside the caller's transaction with `document` locked: look at its pending request once."""
    from reports.register.services import outgoing_document_sign

    request = SignatureRequest.objects.select_for_update().filter(document=document, status=R.PENDING).first()
    if request is None:
        return None
    if document.status != OutgoingStatus.AWAITING_SIGNATURE:
        _finish(request, R.EXPIRED, _("Văn bản không còn chờ ký."), now)
        return request
    service = service or remote.configured_service()
    answer = None
    if service is not None:
        try:
            answer = service.status(request.service_request_id)
        except remote.RemoteSigningError:
            logger.warning("remote signing service unreachable for request %s", request.pk, exc_info=True)
    if answer is not None and answer.status == "signed" and answer.signature:
        certificate = SigningCertificate.objects.filter(fingerprint=request.certificate_fingerprint).first()
        try:
            signed = remote.finish(remote.Prepared(
                tbs_pdf=bytes(request.tbs_pdf), document_digest=bytes(request.document_digest),
                reserved_start=request.reserved_start, reserved_end=request.reserved_end,
                signed_attrs=bytes(request.signed_attrs)), certificate_pem=certificate.certificate,
                signature=answer.signature)
            with transaction.atomic():  # a refused signature leaves the document as it was
                outgoing_document_sign(document=document, actor=request.signer, signed_pdf=signed, method="remote",
                                       note=_("Ký số từ xa"))
        except (ReportError, ValueError, AttributeError) as exc:
            _finish(request, R.FAILED, str(exc), now)
            return request
        _finish(request, R.COMPLETED, "", now)
    elif answer is not None and answer.status == "rejected":
        _finish(request, R.REJECTED, _("Người ký đã từ chối trên điện thoại."), now)
    elif now >= request.expires_at or (answer is not None and answer.status == "expired"):
        _finish(request, R.EXPIRED, _("Người ký không xác nhận trong thời hạn; văn bản vẫn chờ ký."), now)
    return request


def signature_request_refresh(*, document: OutgoingDocument, service=None,
                              now: datetime.datetime | None = None) -> SignatureRequest | None:
    """Look at the document's pending request, if any (the document page calls it: where no scheduler runs, an
    unconfirmed request still expires on the next look). Returns the request looked at."""
    from reports.register.services import _locked

    if not SignatureRequest.objects.filter(document=document, status=R.PENDING).exists():
        return None
    with transaction.atomic():
        return _refresh_locked(_locked(document), now=now or timezone.now(), service=service)


def scan(*, service=None, now: datetime.datetime | None = None) -> int:
    """The periodic scan: every pending request once. Returns how many were looked at."""
    ids = list(SignatureRequest.objects.filter(status=R.PENDING).values_list("document_id", flat=True))
    for document in OutgoingDocument.objects.filter(pk__in=ids):
        try:
            signature_request_refresh(document=document, service=service, now=now)
        except Exception:  # one bad request must not stop the scan of the others
            logger.exception("remote signing scan failed for document %s", document.pk)
    return len(ids)
