"""Celery tasks of the conferences app."""

from celery import shared_task

from conferences.ops import services


@shared_task(name="conferences.heartbeat")
def heartbeat(name: str = "worker") -> int:
    """Write the worker's heartbeat row (proves broker → worker → database works); returns the beat count."""
    return services.heartbeat_record(name=name).beats


@shared_task(name="conferences.outbox_deliver", ignore_result=True)
def outbox_deliver(message_id: int) -> str | None:
    """Deliver one outbox message after the transaction that wrote it committed; returns its status.

    Errors are recorded on the row (back-off, `failed`), never raised: retries are the relay's job.
    """
    from conferences.outbox.services import message_deliver

    message = message_deliver(message_id=message_id)
    return message.status if message else None


@shared_task(name="conferences.tasks.outbox_relay", ignore_result=True)
def outbox_relay() -> int:
    """Periodic (every minute, django-celery-beat): deliver every due outbox message; returns how many sent."""
    from conferences.outbox.services import outbox_relay as relay

    return relay()


@shared_task(name="conferences.tasks.conference_cutoffs_evaluate", ignore_result=True)
def conference_cutoffs_evaluate() -> int:
    """Periodic (every 15 minutes): move conferences whose cut-off passed to eligible / not eligible."""
    from conferences.lifecycle.services import conferences_evaluate_cutoffs

    return conferences_evaluate_cutoffs()


@shared_task(name="conferences.tasks.conference_task_reminders", ignore_result=True)
def conference_task_reminders() -> int:
    """Periodic (hourly): remind units of tasks due soon or overdue, each once; returns how many."""
    from conferences.lifecycle.checklist import task_reminders_send

    return task_reminders_send()
