"""Authentication of the read API: `Authorization: Token <token>` of an organisation (reports.api.models.ApiToken)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, permissions

from reports.api.models import ApiToken, token_digest


class ApiClient:
    """The organisation behind a token, as request.user (it is not a staff account and has no session)."""

    is_authenticated = True
    is_staff = False
    is_superuser = False
    pk = None

    def __init__(self, token: ApiToken):
        self.token = token

    def __str__(self):
        return self.token.organisation


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <token>`; an unknown or revoked token is refused (401)."""

    keyword = "Token"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Tiêu đề Authorization không hợp lệ."))
        try:
            raw = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ.")) from None
        token = (ApiToken.objects.select_related("body").filter(digest=token_digest(raw), revoked_at__isnull=True)
                 .first())
        if token is None:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ hoặc đã bị thu hồi."))
        return ApiClient(token), token

    def authenticate_header(self, request):
        return self.keyword


class HasCityToken(permissions.BasePermission):
    """A valid organisation token, and only reads (the API writes nothing)."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS and isinstance(request.auth, ApiToken)
