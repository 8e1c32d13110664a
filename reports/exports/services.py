"""Detail exports run by a worker: create the job, run it (progress, file), read the jobs of a user."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.models import Body, Conference
from petitions.models import Petition
from petitions.workflow.selectors import petitions_for_user
from reports.documents.numbering import ReportError
from reports.exports.petitions import PetitionExporter, write_xlsx
from reports.models import ExportJob
from reports.phu_luc_1 import counting as p


def export_job_petitions(job: ExportJob) -> QuerySet[Petition]:
    """The petitions a job exports, as its user may see them now."""
    scope = petitions_for_user(job.user)
    if job.conference_id:
        return scope.filter(conference_id=job.conference_id)
    return scope.filter(pk__in=p.year_petitions(job.body, job.year).values("pk"))


def export_job_create(*, user, body: Body, year: int, conference: Conference | None = None) -> ExportJob:
    """Queue the detail export of a conference (or of a body's year) for `user`; the worker starts after commit.

    Raises ReportError when the conference is not the body's.
    """
    from reports.tasks import export_job_run

    if conference is not None and conference.body_id != body.pk:
        raise ReportError(_("Hội nghị không thuộc cơ quan này."))
    with transaction.atomic():
        job = ExportJob.objects.create(user=user, body=body, year=conference.year if conference else year,
                                       conference=conference)
        # robust: a broker outage must not turn the saved job into an error page; the job stays "pending" and
        # its page says so (the export can be asked for again or downloaded directly as the synchronous xlsx).
        transaction.on_commit(lambda: export_job_run.delay(job.pk), robust=True)
    return job


def export_job_execute(*, job_id: int) -> ExportJob:
    """Write a job's xlsx, recording progress every 5,000 rows; a failure is recorded on the job and re-raised."""
    job = ExportJob.objects.select_related("user", "body").get(pk=job_id)
    if job.status == ExportJob.Status.DONE:
        return job
    petitions = export_job_petitions(job)
    job.status, job.total_rows, job.done_rows = ExportJob.Status.RUNNING, petitions.count(), 0
    job.save(update_fields=["status", "total_rows", "done_rows"])

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(done_rows=done)

    try:
        content = write_xlsx(PetitionExporter(petitions, on_progress=progress))
    except Exception as exc:
        job.status, job.error, job.finished_at = ExportJob.Status.FAILED, str(exc)[:2000], timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        raise
    name = f"kien-nghi-{job.body.slug}-{job.year}" + (f"-{job.conference_id}" if job.conference_id else "")
    job.file.save(f"{name}.xlsx", ContentFile(content), save=False)
    job.status, job.done_rows, job.finished_at = ExportJob.Status.DONE, job.total_rows, timezone.now()
    job.save(update_fields=["file", "status", "done_rows", "finished_at"])
    return job


def export_jobs_for_user(user) -> QuerySet[ExportJob]:
    """A user's own export jobs (superusers: all), newest first."""
    qs = ExportJob.objects.select_related("body", "conference")
    return qs if user.is_superuser else qs.filter(user=user)
