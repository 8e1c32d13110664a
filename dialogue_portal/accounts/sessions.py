"""Staff session time limits: idle (no request for STAFF_SESSION_IDLE_MINUTES) and absolute
(STAFF_SESSION_MAX_HOURS after the login). Times are stored in the session as Unix seconds."""

from __future__ import annotations

import time

from django.conf import settings

LOGIN_AT_KEY = "accounts_login_at"
SEEN_AT_KEY = "accounts_seen_at"
# The last-seen time is written at most this often, so that browsing does not write the session every request.
SEEN_WRITE_INTERVAL_SECONDS = 60


def session_start(session) -> None:
    """Mark the session as logged in now (called on every login)."""
    now = int(time.time())
    session[LOGIN_AT_KEY] = now
    session[SEEN_AT_KEY] = now


def session_expiry(session) -> str | None:
    """Which limit this logged-in session has passed: "idle", "absolute" or None. A session from before the
    limits existed starts counting now. Refreshes the last-seen time when the session is still valid."""
    now = int(time.time())
    login_at = session.get(LOGIN_AT_KEY)
    seen_at = session.get(SEEN_AT_KEY)
    if login_at is None or seen_at is None:
        session_start(session)
        return None
    if now - login_at > settings.STAFF_SESSION_MAX_HOURS * 3600:
        return "absolute"
    if now - seen_at > settings.STAFF_SESSION_IDLE_MINUTES * 60:
        return "idle"
    if now - seen_at >= SEEN_WRITE_INTERVAL_SECONDS:
        session[SEEN_AT_KEY] = now
    return None
