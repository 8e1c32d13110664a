"""Rate limits of the read API on Django's cache, failing open like the portal's other limits: the data stays
readable when the cache is down."""

from __future__ import annotations

import logging

from rest_framework.throttling import SimpleRateThrottle

from conferences.ops.client_ip import client_ip

logger = logging.getLogger(__name__)


class _FailOpen:
    def get_ident(self, request):
        # The portal's one rule for the client address (RATE_LIMIT_TRUSTED_PROXIES), as the form limits use.
        return client_ip(request._request if hasattr(request, "_request") else request)

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache is unreachable: the limit is a guard, not a gate
            logger.warning("API rate limit skipped: cache unavailable", exc_info=True)
            return True


class PublicRateThrottle(_FailOpen, SimpleRateThrottle):
    """Per client address, for the public endpoints."""

    scope = "api_public"

    def get_cache_key(self, request, view):
        # Every caller of a public endpoint counts by address, a token holder too.
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenRateThrottle(_FailOpen, SimpleRateThrottle):
    """Per organisation token, for the city endpoints."""

    scope = "api_token"

    def get_cache_key(self, request, view):
        token = getattr(request, "auth", None)
        ident = f"t{token.pk}" if getattr(token, "pk", None) else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
