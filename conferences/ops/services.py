"""Write services of the operations concern: the background processes' heartbeats."""

import socket

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from conferences.models import WorkerHeartbeat


def heartbeat_record(*, name: str) -> WorkerHeartbeat:
    """Record that the named background process reached the database now; returns the heartbeat row."""
    with transaction.atomic():
        beat, created = WorkerHeartbeat.objects.select_for_update().get_or_create(
            name=name, defaults={"last_seen": timezone.now(), "hostname": socket.gethostname(), "beats": 1}
        )
        if not created:
            WorkerHeartbeat.objects.filter(pk=beat.pk).update(
                last_seen=timezone.now(), hostname=socket.gethostname(), beats=F("beats") + 1
            )
            beat.refresh_from_db()
    return beat
