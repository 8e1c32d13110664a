"""Models of the reports app: document numbering (sổ đăng ký văn bản đi)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conferences.models import Body, Conference


class DocumentType(models.TextChoices):
    """Kinds of outgoing document with their own number series (Decree 30, Appendix III abbreviations)."""

    PLAN = "KH", _("Kế hoạch")
    NOTICE = "TB", _("Thông báo")
    INVITATION = "GM", _("Giấy mời")
    MINUTES = "BB", _("Biên bản")
    REPORT = "BC", _("Báo cáo")
    # A letter (công văn) has no type code in its symbol: "Số: 12/UBND-KT" (body symbol - drafting unit).
    LETTER = "CV", _("Công văn")


class DocumentNumber(models.Model):
    """The counter of one number series: a body's documents of one type in one year; numbers only go up."""

    body = models.ForeignKey(Body, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2020)])
    doc_type = models.CharField(_("loại văn bản"), max_length=4, choices=DocumentType.choices)
    last_number = models.PositiveIntegerField(_("số đã cấp gần nhất"), default=0)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("sổ số văn bản")
        verbose_name_plural = _("sổ số văn bản")
        ordering = ["body", "-year", "doc_type"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "doc_type"], name="document_number_series_unique"),
        ]

    def __str__(self):
        return f"{self.body} {self.year} {self.doc_type}: {self.last_number}"


class IssuedDocumentNumber(models.Model):
    """One number handed out (never reused, never deleted): who took it, for what, when."""

    body = models.ForeignKey(Body, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    doc_type = models.CharField(_("loại văn bản"), max_length=4, choices=DocumentType.choices)
    number = models.PositiveIntegerField(_("số"), validators=[MinValueValidator(1)])
    symbol = models.CharField(_("ký hiệu"), max_length=40, help_text=_("Ví dụ: KH-UBND, UBND-KT"))
    title = models.CharField(_("trích yếu"), max_length=500, blank=True)
    conference = models.ForeignKey(
        Conference, verbose_name=_("hội nghị"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lấy số"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(_("lấy số lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("số văn bản đã cấp")
        verbose_name_plural = _("số văn bản đã cấp")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "doc_type", "number"], name="issued_document_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="issued_document_number_positive"),
        ]

    def __str__(self):
        return self.formatted

    @property
    def formatted(self) -> str:
        """ "05/KH-UBND": the number with its leading zero below 10, a slash, the symbol."""
        from .documents import format_number

        return f"{format_number(self.number)}/{self.symbol}"


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


class ConferenceDocumentKind(models.TextChoices):
    """The documents of a conference's cycle; each takes one number of its type's series, once."""

    PLAN = "ke-hoach", _("Kế hoạch tổ chức Hội nghị")
    NOTICE = "thong-bao", _("Thông báo tổ chức Hội nghị")
    STOP_POSTPONE_REPORT = "bao-cao-dung-hoan", _("Báo cáo dừng / hoãn tổ chức Hội nghị")
    INVITATION = "giay-moi", _("Giấy mời")
    MINUTES = "bien-ban", _("Biên bản Hội nghị")
    CONCLUSION = "thong-bao-ket-luan", _("Thông báo kết luận Hội nghị")
    RESULTS = "thong-bao-ket-qua", _("Thông báo kết quả giải quyết kiến nghị")


CONFERENCE_DOCUMENT_TYPES = {
    ConferenceDocumentKind.PLAN: DocumentType.PLAN,
    ConferenceDocumentKind.NOTICE: DocumentType.NOTICE,
    ConferenceDocumentKind.STOP_POSTPONE_REPORT: DocumentType.REPORT,
    ConferenceDocumentKind.INVITATION: DocumentType.INVITATION,
    ConferenceDocumentKind.MINUTES: DocumentType.MINUTES,
    ConferenceDocumentKind.CONCLUSION: DocumentType.NOTICE,
    ConferenceDocumentKind.RESULTS: DocumentType.NOTICE,
}


class ConferenceDocumentNumber(models.Model):
    """The number a conference's document of one kind was given (the invitation's number serves every copy)."""

    conference = models.ForeignKey(
        Conference, verbose_name=_("hội nghị"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("văn bản"), max_length=30, choices=ConferenceDocumentKind.choices)
    issued = models.OneToOneField(
        IssuedDocumentNumber, verbose_name=_("số văn bản"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("số văn bản của hội nghị")
        verbose_name_plural = _("số văn bản của hội nghị")
        constraints = [
            models.UniqueConstraint(fields=["conference", "kind"], name="conference_document_kind_unique"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.issued}"
