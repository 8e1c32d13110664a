"""The client address django-axes records and locks out (AXES_CLIENT_IP_CALLABLE)."""

from __future__ import annotations

import ipaddress

from conferences.ops.client_ip import client_group


def client_ip(request) -> str | None:
    """The address the rate limits use (REMOTE_ADDR, or behind a trusted proxy the right-most untrusted
    X-Forwarded-For address; an IPv6 client as the first address of its /64), or None when that is not an IP address (a request without REMOTE_ADDR, such as a
    test's force_login, or a malformed header): axes stores it in an IP address column, which PostgreSQL checks."""
    address = client_group(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
