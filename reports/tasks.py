"""Celery tasks of the reports app."""

from celery import shared_task


@shared_task(name="reports.export_job_run", ignore_result=True, soft_time_limit=600, time_limit=660)
def export_job_run(job_id: int) -> None:
    """Run one detail export job by id (reports.exports.export_job_execute); failures are recorded on the job."""
    from .exports import export_job_execute

    export_job_execute(job_id=job_id)
