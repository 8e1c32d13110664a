"""Celery tasks of the conferences app."""

from celery import shared_task

from . import services


@shared_task(name="conferences.heartbeat")
def heartbeat(name: str = "worker") -> int:
    """Write the worker's heartbeat row (proves broker → worker → database works); returns the beat count."""
    return services.heartbeat_record(name=name).beats
