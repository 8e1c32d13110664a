"""A per-process cache of the public conference looked up by (body slug, year).

The public conference page and the registration POST look the same conference up on every request; the query
(conference, body and city, about a hundred columns) was a fifth of a registration's time. Entries live
PUBLIC_CONFERENCE_CACHE_SECONDS (default 2 s, 0 = off). Saving or deleting a conference or a body empties the
cache of the process that saved it at once; other processes see the change at most that late, the same bound
as the working-day calendar's (conferences/workdays.py). A registration that lands in that window is the same
race as one sent a moment before the change, and its due dates are corrected by the recompute that the change
queues or, at the latest, by the nightly `recompute_all_open`.
"""

from __future__ import annotations

import copy
import threading
import time

from django.conf import settings
from django.db.models.signals import post_delete, post_save

from conferences.models import Body, Conference

_entries: dict[tuple[str, int], tuple[float, Conference]] = {}
_lock = threading.Lock()


def _fresh_copy(conference: Conference) -> Conference:
    # Callers may set attributes on what they get: never hand out the cached instance (nor its body) itself.
    clone = copy.copy(conference)
    clone._state.fields_cache = {}
    clone.body = copy.copy(conference.body)
    return clone


def get(body_slug: str, year: int) -> Conference | None:
    ttl = settings.PUBLIC_CONFERENCE_CACHE_SECONDS
    if ttl <= 0:
        return None
    entry = _entries.get((body_slug, year))
    if entry is None or time.monotonic() - entry[0] > ttl:
        return None
    return _fresh_copy(entry[1])


def put(body_slug: str, year: int, conference: Conference) -> None:
    if settings.PUBLIC_CONFERENCE_CACHE_SECONDS <= 0:
        return
    with _lock:
        if len(_entries) > 1000:  # a crawler walking years and slugs: start again rather than grow
            _entries.clear()
        _entries[(body_slug, year)] = (time.monotonic(), _fresh_copy(conference))


def clear(**kwargs) -> None:
    with _lock:
        _entries.clear()


for _model in (Conference, Body):
    post_save.connect(clear, sender=_model, dispatch_uid=f"public_cache_clear_save_{_model.__name__}")
    post_delete.connect(clear, sender=_model, dispatch_uid=f"public_cache_clear_delete_{_model.__name__}")
