"""Detail exports run by a worker: the job, its progress and the file, kept in a storage outside the public media."""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from conferences.models import Body, Conference


class ExportStorage(FileSystemStorage):
    """Exports name businesses: kept beside MEDIA_ROOT in "exports/" (never served as media files) and
    downloaded through a view that checks the owner. Read from the settings at each use, so tests may move it."""

    def __init__(self):
        super().__init__()

    @property
    def base_location(self):
        return str(Path(settings.MEDIA_ROOT).parent / "exports")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def deconstruct(self):
        return ("reports.models.ExportStorage", (), {})


def export_storage():
    return ExportStorage()


class ExportJob(models.Model):
    """A detail export run by a worker: what to export, for whom, its progress and the file it produced."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang xuất")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người yêu cầu"), on_delete=models.CASCADE,
                             related_name="+")
    body = models.ForeignKey(Body, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="+")
    conference = models.ForeignKey(
        Conference, verbose_name=_("hội nghị"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(_("tổng số dòng"), default=0)
    done_rows = models.PositiveIntegerField(_("số dòng đã xuất"), default=0)
    file = models.FileField(_("tệp"), storage=export_storage, upload_to="%Y/%m/", max_length=300, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu xuất dữ liệu")
        verbose_name_plural = _("yêu cầu xuất dữ liệu")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.body} {self.year} ({self.get_status_display()})"

    @property
    def progress(self) -> int:
        """Percentage of rows written (100 once done)."""
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done_rows / self.total_rows) if self.total_rows else 0
