"""The client's IP address behind the trusted reverse proxy (rate limits, audit log)."""

from django.conf import settings


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or, when that is a trusted reverse proxy (RATE_LIMIT_TRUSTED_PROXIES),
    the right-most address of X-Forwarded-For that is not itself a trusted proxy. A client talking to the
    server directly cannot choose its address by sending the header."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = set(getattr(settings, "RATE_LIMIT_TRUSTED_PROXIES", ()))
    if remote not in trusted:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    for address in reversed(forwarded):
        if address not in trusted:
            return address
    return remote
