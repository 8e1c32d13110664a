"""The register's "Gửi giấy mời" (issue 17) and the registrant's invitation files on their status page."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from reports.documents import render_pdf
from reports.documents.invitation_list import checkin_slip
from reports.documents.numbering import ReportError
from reports.register import selectors
from reports.register.invitations import (
    invitation_issued,
    invitation_recipients,
    invitation_send,
    invitation_send_check,
)
from reports.register.public import private_pdf, registration_by_secret
from reports.tasks import invitation_send_run

logger = logging.getLogger(__name__)


@login_required
@permission_required("reports.view_outgoingdocument", raise_exception=True)
@require_POST
def outgoing_invitation_send(request, pk: int):
    """Send the issued invitation to every registrant not yet sent it (a Celery worker renders the slips; in the
    request when the broker is down) and go back to the document's page."""
    document = get_object_or_404(selectors.outgoing_documents_for_user(request.user), pk=pk)
    back = HttpResponseRedirect(reverse("reports:outgoing_document", args=[document.pk]))
    try:
        invitation_send_check(document=document, actor=request.user)  # before queueing anything
        count = invitation_recipients(document).count()
        try:
            invitation_send_run.delay(document.pk, request.user.pk)
        except Exception:  # the broker is down: do it here, as slow as it is, rather than not at all
            logger.warning("Invitation %s not queued; sent in the request", document.pk, exc_info=True)
            invitation_send(document=document, actor=request.user)
    except ReportError as exc:
        messages.error(request, str(exc))
        return back
    messages.success(request, ngettext(
        "Đang gửi Giấy mời cho %(count)d đơn vị đăng ký qua các kênh họ chọn (mỗi đơn vị một lần); xem ở mục "
        "Hộp thư đi.",
        "Đang gửi Giấy mời cho %(count)d đơn vị đăng ký qua các kênh họ chọn (mỗi đơn vị một lần); xem ở mục "
        "Hộp thư đi.", count) % {"count": count})
    return back


@never_cache
def registrant_invitation(request, body_slug: str, code: str, secret: str):
    """The issued Giấy mời of the registrant's conference, byte for byte; 404 before it is issued."""
    registration = registration_by_secret(body_slug, code, secret)
    document = invitation_issued(registration.conference)
    if document is None:
        raise Http404(_("Giấy mời chưa được ban hành."))
    return private_pdf(bytes(document.issued_pdf), f"giay-moi-{document.number.formatted.replace('/', '-')}.pdf")


@never_cache
def registrant_checkin_slip(request, body_slug: str, code: str, secret: str):
    """The registrant's check-in slip (its code as QR); 404 before the invitation is issued or once withdrawn."""
    registration = registration_by_secret(body_slug, code, secret)
    if registration.withdrawn_at is not None or invitation_issued(registration.conference) is None:
        raise Http404
    slip = checkin_slip(registration)
    return private_pdf(render_pdf(slip), f"{slip.filename}.pdf")
