"""Submitted results reports: the Phụ lục I numbers as sent to Sở Tài chính, frozen."""


from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conferences.models import Body, Conference
from reports.documents.models import IssuedDocumentNumber


class ReportSnapshot(models.Model):
    """The results report (BC) as submitted to Sở Tài chính: its number, date and frozen Phụ lục I numbers.

    Later downloads of the submitted report render from `table` and `in_process`, so they never drift when
    petitions change afterwards.
    """

    body = models.ForeignKey(Body, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2020)])
    conference = models.ForeignKey(
        Conference, verbose_name=_("hội nghị"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="report_snapshots")
    document_number = models.ForeignKey(
        IssuedDocumentNumber, verbose_name=_("số báo cáo"), on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField(_("ngày báo cáo"))
    due_on = models.DateField(_("hạn báo cáo"), null=True, blank=True)
    table = models.JSONField(_("số liệu Phụ lục I"), default=dict, editable=False)
    in_process = models.JSONField(_("kiến nghị đang xử lý"), default=list, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi nhận"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo kết quả đã gửi")
        verbose_name_plural = _("báo cáo kết quả đã gửi")
        ordering = ["-year", "body", "-submitted_on"]
        constraints = [
            models.UniqueConstraint(fields=["conference"], condition=Q(conference__isnull=False),
                                    name="report_snapshot_one_per_conference"),
            models.UniqueConstraint(fields=["body", "year"], condition=Q(conference__isnull=True),
                                    name="report_snapshot_one_per_body_year"),
        ]

    def __str__(self):
        return f"{self.document_number} — {self.body} {self.year}"

    @property
    def on_time(self) -> bool | None:
        return None if self.due_on is None else self.submitted_on <= self.due_on


class ResultsReportFigures(models.Model):
    """The results report's figures frozen when the register sends it for signature: the signed file is rendered
    from them, and its ReportSnapshot is written from them at issue, so the signed figures and the snapshot agree.
    Dropped when the report is returned or withdrawn (it is frozen again at the next sending)."""

    document = models.OneToOneField(
        "reports.OutgoingDocument", verbose_name=_("văn bản"), on_delete=models.CASCADE,
        related_name="results_figures")
    table = models.JSONField(_("số liệu Phụ lục I"), default=dict, editable=False)
    in_process = models.JSONField(_("kiến nghị đang xử lý"), default=list, editable=False)
    frozen_at = models.DateTimeField(_("chốt số liệu lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("số liệu báo cáo kết quả trình ký")
        verbose_name_plural = _("số liệu báo cáo kết quả trình ký")

    def __str__(self):
        return f"{self.document_id}: {self.frozen_at:%d/%m/%Y %H:%M}"
