"""The client's IP address behind the trusted reverse proxy (rate limits, audit log)."""

import ipaddress

from django.conf import settings

# One IPv6 subscriber gets a whole /64 (often more): counting single addresses would let one client take a
# fresh address for every request.
IPV6_GROUP_PREFIX = 64


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


def client_group(request) -> str:
    """The address the per-address limits count: an IPv4 address as is, an IPv6 address as the first address
    of its /64 ("2001:db8:1:2::"), an IPv4-mapped IPv6 address as its IPv4 address; anything else unchanged."""
    return address_group(client_ip(request))


def address_group(address: str) -> str:
    """See client_group."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_GROUP_PREFIX}", strict=False).network_address)
    return str(ip)
