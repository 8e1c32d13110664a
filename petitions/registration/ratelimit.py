"""Per-IP rate limits for the public forms, on Django's cache; they fail open when the cache is down."""

from __future__ import annotations

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

from conferences.ops.client_ip import client_group

logger = logging.getLogger(__name__)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int] | None:
    """"20/h" -> (20, 3600); empty or "0" -> None (no limit). Raises ValueError for a malformed rate."""
    rate = (rate or "").strip()
    if not rate or rate == "0":
        return None
    count, _sep, unit = rate.partition("/")
    unit = unit.strip().lower() or "h"
    if unit[-1] not in _UNITS or not count.strip().isdigit():
        raise ValueError(f"rate must look like '20/h', got {rate!r}")
    multiplier = int(unit[:-1]) if unit[:-1].isdigit() else 1
    return int(count), _UNITS[unit[-1]] * multiplier


def hit(request, *, scope: str, setting_name: str) -> bool:
    """Count one request from this address (IPv6: its /64) under `scope`; return True when it is over the limit named by the
    setting `setting_name`. Any cache error lets the request through (fail open) and is logged."""
    limits = parse_rate(getattr(settings, setting_name, ""))
    if limits is None:
        return False
    limit, window = limits
    bucket = int(time.time() // window)
    ip_hash = hashlib.sha256(client_group(request).encode()).hexdigest()[:20]  # IPv6: per /64
    key = f"rl:{scope}:{ip_hash}:{bucket}"
    try:
        if cache.add(key, 1, timeout=window + 5):
            count = 1
        else:
            count = cache.incr(key)
    except ValueError:
        # The key expired between add and incr: this is the first hit of a new window.
        return False
    except Exception:
        logger.warning("rate limit cache unavailable; letting the request through", exc_info=True)
        return False
    return count > limit
