"""Staff session time limits: idle (no request or keep-alive ping for STAFF_SESSION_IDLE_MINUTES) and absolute
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


def session_touch(session) -> None:
    """Restart the idle clock now (the keep-alive ping of a page where the person is working). The absolute
    limit is left alone: it counts from the login whatever the activity."""
    session[SEEN_AT_KEY] = int(time.time())


def session_time_left(session) -> tuple[int, int]:
    """Seconds left before the idle limit and before the absolute limit of a valid logged-in session."""
    now = int(time.time())
    login_at = session.get(LOGIN_AT_KEY, now)
    seen_at = session.get(SEEN_AT_KEY, now)
    idle_left = settings.STAFF_SESSION_IDLE_MINUTES * 60 - (now - seen_at)
    absolute_left = int(settings.STAFF_SESSION_MAX_HOURS * 3600) - (now - login_at)
    return max(idle_left, 0), max(absolute_left, 0)
