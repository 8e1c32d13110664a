"""Writes of the read API: making and revoking an organisation's token, and recording each use of it."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.audit.services import AuditAction, audit_record
from conferences.models import Body
from reports.api.models import ApiToken, token_digest
from reports.documents.numbering import ReportError

TOKEN_PREFIX = "dp_"  # noqa: S105  (a visible prefix telling what the token is for, not a secret)


def api_token_create(*, organisation: str, body: Body, actor) -> tuple[ApiToken, str]:
    """Make a read-only token for `organisation`, scoped to the city `body`. Returns the row and the token
    itself, which is shown once and never stored (only its SHA-256 is).

    Raises ReportError when the body is not a city or the organisation is empty.
    """
    if body.kind != Body.Kind.CITY:
        raise ReportError(_("Mã truy cập API chỉ cấp cho thành phố."))
    if not organisation.strip():
        raise ReportError(_("Hãy nhập tên tổ chức được cấp mã."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken(organisation=organisation.strip(), body=body, prefix=raw[:10], digest=token_digest(raw),
                         created_by=actor if getattr(actor, "pk", None) else None)
        token.full_clean()
        token.save()
        audit_record(user=actor, action=AuditAction.ADD, obj=token, detail="api token")
    return token, raw


def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Revoke a token: it stops working at once. Raises ReportError when it was already revoked."""
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            raise ReportError(_("Mã truy cập này đã bị thu hồi."))
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(user=actor, action=AuditAction.CHANGE, obj=locked, detail="api token revoked")
    return locked


def api_token_use(*, token: ApiToken, url_name: str, request=None) -> ApiToken:
    """Record one use of a token in the audit log (object = the token, body = its city, detail = the endpoint)
    and its last-use time."""
    now = timezone.now()
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        audit_record(user=None, action=AuditAction.VIEW, obj=token, body_id=token.body_id,
                     detail=f"api {url_name}", request=request)
    token.last_used_at = now
    return token
