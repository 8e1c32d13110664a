"""The outgoing-documents register: one row per official document, its status trail, and the numbering setting."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conferences.models import Body, Conference, Unit
from petitions.models import Petition
from reports.documents.models import DocumentType, IssuedDocumentNumber


class OutgoingKind(models.TextChoices):
    """Every official document of the portal; each maps to the type of its number series (KIND_TYPES)."""

    PLAN = "plan", _("Kế hoạch tổ chức Hội nghị")
    NOTICE = "notice", _("Thông báo tổ chức Hội nghị")
    INVITATION = "invitation", _("Giấy mời")
    MINUTES = "minutes", _("Biên bản Hội nghị")
    STOP_POSTPONE_REPORT = "stop_postpone_report", _("Báo cáo dừng / hoãn tổ chức Hội nghị")
    CONCLUSION = "conclusion", _("Thông báo kết luận Hội nghị")
    RESULTS_NOTICE = "results_notice", _("Thông báo kết quả giải quyết kiến nghị")
    RESULTS_REPORT = "results_report", _("Báo cáo kết quả Hội nghị (kèm Phụ lục I)")
    ANSWER_LETTER = "answer_letter", _("Công văn trả lời kiến nghị")
    TRANSFER_LETTER = "transfer_letter", _("Công văn chuyển kiến nghị")
    ESCALATION_LETTER = "escalation_letter", _("Công văn xin ý kiến cấp trên")


KIND_TYPES = {
    OutgoingKind.PLAN: DocumentType.PLAN,
    OutgoingKind.NOTICE: DocumentType.NOTICE,
    OutgoingKind.INVITATION: DocumentType.INVITATION,
    OutgoingKind.MINUTES: DocumentType.MINUTES,
    OutgoingKind.STOP_POSTPONE_REPORT: DocumentType.REPORT,
    OutgoingKind.CONCLUSION: DocumentType.NOTICE,
    OutgoingKind.RESULTS_NOTICE: DocumentType.NOTICE,
    OutgoingKind.RESULTS_REPORT: DocumentType.REPORT,
    OutgoingKind.ANSWER_LETTER: DocumentType.LETTER,
    OutgoingKind.TRANSFER_LETTER: DocumentType.LETTER,
    OutgoingKind.ESCALATION_LETTER: DocumentType.LETTER,
}
PETITION_KINDS = (OutgoingKind.ANSWER_LETTER, OutgoingKind.TRANSFER_LETTER, OutgoingKind.ESCALATION_LETTER)


class AnswerOutcome(models.TextChoices):
    """What an answer letter does to its petition once issued (the petition's status it moves to)."""

    RESOLVED = "resolved", _("Đã giải quyết triệt để")
    FOLLOW_UP = "answered_pending", _("Đã trả lời, tiếp tục giải quyết")


class OutgoingStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    UNDER_REVIEW = "under_review", _("Đang thẩm định")
    AWAITING_SIGNATURE = "awaiting_signature", _("Chờ ký")
    SIGNED = "signed", _("Đã ký")
    ISSUED = "issued", _("Đã ban hành")
    WITHDRAWN = "withdrawn", _("Đã thu hồi dự thảo")


S = OutgoingStatus
# Status -> the statuses it may move to (design.md §Issuing a document). "Returned" is a move back to draft
# with the reviewer's or signer's comment; an issued or withdrawn document never moves again.
TRANSITIONS = {
    S.DRAFT: (S.UNDER_REVIEW, S.WITHDRAWN),
    S.UNDER_REVIEW: (S.AWAITING_SIGNATURE, S.DRAFT, S.WITHDRAWN),
    S.AWAITING_SIGNATURE: (S.SIGNED, S.DRAFT, S.WITHDRAWN),
    S.SIGNED: (S.ISSUED, S.WITHDRAWN),
    S.ISSUED: (),
    S.WITHDRAWN: (),
}


class OutgoingDocument(models.Model):
    """One official document of a body on its way from draft to issue (sổ văn bản đi once issued)."""

    body = models.ForeignKey(Body, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại văn bản"), max_length=30, choices=OutgoingKind.choices)
    conference = models.ForeignKey(
        Conference, verbose_name=_("hội nghị"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    petition = models.ForeignKey(
        Petition, verbose_name=_("kiến nghị"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    drafting_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị soạn thảo"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("Để trống: Phòng Kinh tế soạn thảo."))
    title = models.CharField(_("trích yếu"), max_length=500)
    text = models.TextField(_("nội dung"), blank=True,
                            help_text=_("Để trống với văn bản của hội nghị: nội dung lập từ dữ liệu hội nghị."))
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận."))
    copies = models.PositiveSmallIntegerField(_("số bản"), default=1)
    status = models.CharField(_("trạng thái"), max_length=20, choices=OutgoingStatus.choices,
                              default=OutgoingStatus.DRAFT)
    return_comment = models.TextField(_("ý kiến khi trả lại"), blank=True)
    answer_outcome = models.CharField(
        _("kết quả trả lời"), max_length=20, choices=AnswerOutcome.choices, blank=True,
        help_text=_("Công văn trả lời kiến nghị: người thẩm định chọn khi thẩm định đạt."))
    replaces = models.ForeignKey(
        "self", verbose_name=_("thay thế văn bản"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="replaced_by")
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người soạn"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    # Frozen at "awaiting signature": the file the signer signs, with empty places for number and date.
    verification_id = models.CharField(_("mã kiểm tra"), max_length=40, blank=True)
    frozen_pdf = models.BinaryField(_("tệp trình ký"), null=True, blank=True, editable=False)
    frozen_sha256 = models.CharField(_("SHA-256 tệp trình ký"), max_length=64, blank=True)
    frozen_at = models.DateTimeField(_("trình ký lúc"), null=True, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ký"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+")
    signer_name = models.CharField(_("họ tên người ký"), max_length=200, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)
    signed_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)
    number = models.OneToOneField(
        IssuedDocumentNumber, verbose_name=_("số văn bản"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="outgoing_document")
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ban hành"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    issued_pdf = models.BinaryField(_("tệp đã ban hành"), null=True, blank=True, editable=False)
    issued_sha256 = models.CharField(_("SHA-256 tệp đã ban hành"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("văn bản đi")
        verbose_name_plural = _("sổ văn bản đi")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("review_outgoingdocument", _("Thẩm định văn bản đi")),
            ("sign_outgoingdocument", _("Ký văn bản đi")),
            ("issue_outgoingdocument", _("Cấp số, ban hành văn bản đi")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["verification_id"], condition=~Q(verification_id=""),
                                    name="outgoing_document_verification_id_unique"),
            models.CheckConstraint(
                condition=~Q(status="issued") | (Q(number__isnull=False) & Q(issued_on__isnull=False)),
                name="outgoing_document_issued_has_number"),
            models.CheckConstraint(condition=Q(status__in=OutgoingStatus.values), name="outgoing_document_status"),
        ]
        indexes = [models.Index(fields=["body", "status"], name="outgoing_body_status")]

    def __str__(self):
        number = self.number.formatted if self.number_id else _("(chưa có số)")
        return f"{number} {self.title}"

    @property
    def doc_type(self) -> str:
        return KIND_TYPES[self.kind]

    @property
    def drafted_by_economic(self) -> bool:
        """Phòng Kinh tế drafts (no unit, or its own): Văn phòng reviews; otherwise Phòng Kinh tế reviews."""
        return self.drafting_unit_id is None or self.drafting_unit.kind == Unit.Kind.ECONOMIC

    @property
    def unit_code(self) -> str:
        return self.drafting_unit.code if self.drafting_unit_id else "KT"

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip(" -;.") for line in self.recipients.splitlines() if line.strip(" -;.")]


class OutgoingDocumentEvent(models.Model):
    """One step of an outgoing document's trail: status from → to, who, a note (a return's comment), when."""

    document = models.ForeignKey(
        OutgoingDocument, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("từ trạng thái"), max_length=20, choices=OutgoingStatus.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=20, choices=OutgoingStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("diễn biến văn bản đi")
        verbose_name_plural = _("diễn biến văn bản đi")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.document_id}: {self.from_status or '—'} → {self.to_status}"


class NumberingPolicy(models.Model):
    """How a body numbers its administrative documents from `from_year` on: one series per type, or one for all.

    A change is a new row from the next year (Decree 30: numbers run from 1 January to 31 December); the policy of
    a year is the row with the greatest `from_year` not after it, per type when there is none.
    """

    body = models.ForeignKey(Body, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+")
    from_year = models.PositiveSmallIntegerField(_("áp dụng từ năm"))
    single_series = models.BooleanField(_("một sổ chung cho mọi loại văn bản"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thay đổi"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(_("thay đổi lúc"), auto_now=True)

    class Meta:
        verbose_name = _("cách đánh số văn bản")
        verbose_name_plural = _("cách đánh số văn bản")
        constraints = [models.UniqueConstraint(fields=["body", "from_year"], name="numbering_policy_year_unique")]

    def __str__(self):
        return f"{self.body} {self.from_year}: {'một sổ' if self.single_series else 'theo loại'}"


class OutgoingAttachment(models.Model):
    """A document sent with an outgoing document in a file of its own (the results report's Phụ lục I): frozen
    with it for signature, and issued with it (same number and symbol) carrying the body's digital signature at
    the top right of its first page, without image (Decree 30, Appendix I). reports.register.attachment."""

    document = models.OneToOneField(OutgoingDocument, verbose_name=_("văn bản"), on_delete=models.CASCADE,
                                    related_name="attachment")
    title = models.CharField(_("tên văn bản kèm theo"), max_length=200)
    filename = models.CharField(_("tên tệp"), max_length=120)
    frozen_pdf = models.BinaryField(_("tệp trình ký"), editable=False)
    frozen_sha256 = models.CharField(_("SHA-256 tệp trình ký"), max_length=64)
    issued_pdf = models.BinaryField(_("tệp đã ban hành"), null=True, blank=True, editable=False)
    issued_sha256 = models.CharField(_("SHA-256 tệp đã ban hành"), max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("văn bản kèm theo")
        verbose_name_plural = _("văn bản kèm theo")

    def __str__(self):
        return f"{self.title} ({self.document})"
