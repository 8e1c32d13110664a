"""The beat scheduler's own heartbeat: a thread in the beat process writes a row named after its host and pid."""

import logging
import threading

logger = logging.getLogger(__name__)

# How often the beat process proves it is alive; well inside HEALTH_HEARTBEAT_MAX_AGE_SECONDS (300 s).
INTERVAL_SECONDS = 60


def beat_heartbeat_once() -> str:
    """Write this beat process's heartbeat row now; returns its name. Raises database errors."""
    from conferences.ops.health import beat_heartbeat_name
    from conferences.ops.services import heartbeat_record

    name = beat_heartbeat_name()
    heartbeat_record(name=name)
    return name


def _loop(stop: threading.Event) -> None:
    from django.db import close_old_connections

    while not stop.is_set():
        try:
            # A connection that died while the thread slept is replaced instead of failing every beat.
            close_old_connections()
            beat_heartbeat_once()
        except Exception:  # the scheduler must keep running while the database is briefly away
            logger.exception("beat heartbeat failed")
        stop.wait(INTERVAL_SECONDS)


def start_beat_heartbeat(**_kwargs) -> threading.Event:
    """Celery `beat_init` receiver: start the heartbeat thread; returns the event that stops it."""
    stop = threading.Event()
    threading.Thread(target=_loop, args=(stop,), name="beat-heartbeat", daemon=True).start()
    return stop
