"""Per-address rate limits for the public forms, on Django's cache; they fail open when the cache is down."""

from __future__ import annotations

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

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
    """Count one request from this address (IPv6: its /64) under `scope`; return True when it is over the
    limit named by the setting `setting_name`. Any cache error lets the request through (fail open)."""
    return wait_seconds(request, scope=scope, setting_name=setting_name) > 0


def wait_seconds(request, *, scope: str, setting_name: str) -> int:
    """Count one request as `hit` does; return 0 when it is within the limit, else the seconds until the
    current window ends (when a new request will be accepted). Any cache error returns 0 and is logged."""
    limits = parse_rate(getattr(settings, setting_name, ""))
    if limits is None:
        return 0
    limit, window = limits
    now = time.time()
    bucket = int(now // window)
    ip_hash = hashlib.sha256(client_group(request).encode()).hexdigest()[:20]  # IPv6: per /64
    key = f"rl:{scope}:{ip_hash}:{bucket}"
    try:
        if cache.add(key, 1, timeout=window + 5):
            count = 1
        else:
            count = cache.incr(key)
    except ValueError:
        # The key expired between add and incr: this is the first hit of a new window.
        return 0
    except Exception:
        logger.warning("rate limit cache unavailable; letting the request through", exc_info=True)
        return 0
    if count <= limit:
        return 0
    return max(1, math.ceil((bucket + 1) * window - now))


def wait_text(seconds: int) -> str:
    """The wait in Vietnamese words, rounded up to the minute: "45 phút", "1 giờ", "1 giờ 5 phút"."""
    minutes = max(1, math.ceil(seconds / 60))
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return _("%(hours)s giờ %(minutes)s phút") % {"hours": hours, "minutes": minutes}
    if hours:
        return _("%(hours)s giờ") % {"hours": hours}
    return _("%(minutes)s phút") % {"minutes": minutes}
