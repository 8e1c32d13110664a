"""The document number book (sổ đăng ký văn bản đi): the next number per body, year and type, and who took which."""


from django.conf import settings
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
            # Decree 30 Art. 15: number and symbol are unique within the body's year.
            models.UniqueConstraint(
                fields=["body", "year", "symbol", "number"], name="issued_document_number_symbol_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="issued_document_number_positive"),
        ]

    def __str__(self):
        return self.formatted

    @property
    def formatted(self) -> str:
        """ "05/KH-UBND": the number with its leading zero below 10, a slash, the symbol."""
        from reports.documents import format_number

        return f"{format_number(self.number)}/{self.symbol}"


class ConferenceDocumentKind(models.TextChoices):
    """The documents of a conference's cycle by the slug of their pages and downloads; each goes through the
    outgoing-documents register (reports.register.conference_documents maps them to its kinds)."""

    PLAN = "ke-hoach", _("Kế hoạch tổ chức Hội nghị")
    NOTICE = "thong-bao", _("Thông báo tổ chức Hội nghị")
    STOP_POSTPONE_REPORT = "bao-cao-dung-hoan", _("Báo cáo dừng / hoãn tổ chức Hội nghị")
    INVITATION = "giay-moi", _("Giấy mời")
    MINUTES = "bien-ban", _("Biên bản Hội nghị")
    CONCLUSION = "thong-bao-ket-luan", _("Thông báo kết luận Hội nghị")
    RESULTS = "thong-bao-ket-qua", _("Thông báo kết quả giải quyết kiến nghị")
