"""Celery tasks of the reports app."""

from celery import shared_task


@shared_task(name="reports.export_job_run", ignore_result=True, soft_time_limit=600, time_limit=660)
def export_job_run(job_id: int) -> None:
    """Run one detail export job by id (reports.exports.services.export_job_execute); failures are recorded on the job."""
    from reports.exports.services import export_job_execute

    export_job_execute(job_id=job_id)


@shared_task(name="reports.invitation_send", ignore_result=True, acks_late=True, soft_time_limit=1800,
             time_limit=1860)
def invitation_send_run(document_id: int, user_id: int) -> int:
    """Send the issued Giấy mời to its registrants (reports.register.invitations.invitation_send) outside the
    staff's request: each check-in slip is a PDF to render. Safe to run again (once per registrant)."""
    from django.contrib.auth import get_user_model

    from reports.register.invitations import invitation_send
    from reports.register.models import OutgoingDocument

    document = OutgoingDocument.objects.select_related("body", "conference__body", "number").get(pk=document_id)
    user = get_user_model().objects.get(pk=user_id)
    return invitation_send(document=document, actor=user)


@shared_task(name="reports.signature_requests_scan", ignore_result=True, soft_time_limit=50, time_limit=58)
def signature_requests_scan() -> int:
    """The periodic scan of remote-signing requests (reports.register.signing.requests.scan)."""
    from reports.register.signing.requests import scan

    return scan()
