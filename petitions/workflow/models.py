"""A kiến nghị, its status trail, staff notes and attachments."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conferences.common.codes import CODE_MAX_LENGTH, generate_code
from conferences.common.events import StatusEvent
from conferences.common.text import NormalizedTextModel, fold_for_search
from conferences.models import (
    Body,
    Conference,
    IdentifierKind,
    OrganisationKind,
    Registration,
    Unit,
    clean_contact_fields,
)
from petitions.workflow.choices import (
    OPEN_STATUS_VALUES,
    OPEN_STATUSES,
    PHU_LUC_I_COLUMN,
    Category,
    Channel,
    Competence,
    DeadlineRule,
    Status,
)


class Petition(NormalizedTextModel):
    """A kiến nghị of a business to a body, timely for a conference or not, with its answer and status."""

    AUDIT_PERSONAL_DATA = True  # its inline rows are written to the audit log (conferences.audit)

    READABLE_CODE_FIELD = "code"

    Status = Status
    Category = Category
    Competence = Competence
    DeadlineRule = DeadlineRule
    Channel = Channel

    body = models.ForeignKey(Body, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="petitions")
    conference = models.ForeignKey(
        Conference, verbose_name=_("hội nghị"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="petitions")
    registration = models.ForeignKey(
        Registration, verbose_name=_("đăng ký"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="petitions")
    code = models.CharField(_("mã kiến nghị"), max_length=CODE_MAX_LENGTH, unique=True, editable=False)
    # Petitioner (copied from the registration when there is one; entered by staff otherwise).
    organisation_name = models.CharField(_("doanh nghiệp / HTX / HKD"), max_length=300)
    organisation_kind = models.CharField(
        _("loại hình"), max_length=3, choices=OrganisationKind.choices, default=OrganisationKind.ENTERPRISE)
    identifier_kind = models.CharField(
        _("loại mã"), max_length=10, choices=IdentifierKind.choices, default=IdentifierKind.TAX_CODE)
    tax_code = models.CharField(_("mã số thuế / định danh"), max_length=20, blank=True)
    contact_name = models.CharField(_("người kiến nghị"), max_length=100, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    # The petition itself.
    category = models.PositiveSmallIntegerField(
        _("nhóm kiến nghị"), choices=Category.choices,
        validators=[MinValueValidator(1), MaxValueValidator(7)])
    other_categories = models.JSONField(
        _("nhóm liên quan khác"), default=list, blank=True,
        help_text=_("Các nhóm khác (1–7) mà kiến nghị cũng liên quan, khi kiến nghị gồm nhiều lĩnh vực."))
    content = models.TextField(_("nội dung kiến nghị"))
    proposed_solution = models.TextField(_("đề xuất giải pháp tháo gỡ"), blank=True)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    received_at = models.DateTimeField(_("tiếp nhận lúc"))
    receipt_day = models.DateField(
        _("ngày tiếp nhận tính hạn"), null=True, blank=True,
        help_text=_("Nhận sau giờ làm việc hoặc ngày nghỉ thì tính vào ngày làm việc tiếp theo."))
    raised_at_conference = models.BooleanField(_("nêu tại hội nghị"), default=False)
    # Triage.
    competence = models.CharField(
        _("thẩm quyền"), max_length=20, choices=Competence.choices, default=Competence.WITHIN)
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị chủ trì"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="led_petitions")
    coordinating_units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị phối hợp"), blank=True, related_name="coordinated_petitions")
    competent_authority = models.CharField(
        _("cơ quan có thẩm quyền"), max_length=300, blank=True,
        help_text=_("Khi chuyển, hướng dẫn hoặc xin ý kiến: cơ quan nhận (cơ quan có thẩm quyền, cấp trên)."))
    dispatch_number = models.CharField(
        _("số công văn chuyển / báo cáo"), max_length=50, blank=True,
        help_text=_("Số văn bản của cơ quan mình khi chuyển kiến nghị hoặc báo cáo xin ý kiến cấp trên."))
    dispatch_date = models.DateField(_("ngày công văn chuyển / báo cáo"), null=True, blank=True)
    # The transfer or escalation letter is an official document of the register (reports.register): while it is on
    # its way the petition keeps its status and this says where it goes when the letter is issued.
    send_out_pending = models.CharField(
        _("đang chờ ban hành công văn"), max_length=20, blank=True, editable=False,
        choices=[(Status.TRANSFERRED, _("chuyển cơ quan có thẩm quyền")),
                 (Status.ESCALATED, _("xin ý kiến chỉ đạo cấp trên"))],
        help_text=_("Công văn chuyển hoặc xin ý kiến đang trong sổ văn bản đi; kiến nghị chỉ chuyển trạng thái "
                    "khi công văn được ban hành."))
    dispatch_outside_portal = models.BooleanField(
        _("công văn đã ban hành ngoài hệ thống"), default=False, editable=False,
        help_text=_("Số và ngày công văn được nhập tay vì công văn đã ban hành trên giấy, ngoài cổng."))
    deadline_rule = models.CharField(
        _("quy tắc tính hạn"), max_length=40, choices=DeadlineRule.choices, blank=True)
    extended_due_date = models.DateField(
        _("gia hạn đến"), null=True, blank=True, editable=False,
        help_text=_("Hạn mới do Lãnh đạo gia hạn (có lý do, ghi trong diễn biến); hạn tính theo quy tắc không "
                    "rút ngắn hạn đã gia hạn."))
    due_date = models.DateField(_("hạn trả lời"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    # Answer.
    answered_at_conference = models.BooleanField(_("đã trả lời tại hội nghị"), default=False)
    written_answer_requested_at = models.DateTimeField(
        _("đề nghị trả lời bằng văn bản lúc"), null=True, blank=True)
    answer_draft = models.TextField(_("dự thảo trả lời"), blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answer_document_number = models.CharField(_("số văn bản trả lời"), max_length=50, blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người trả lời"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    publication_consent = models.BooleanField(
        _("doanh nghiệp đồng ý công khai"), default=False,
        help_text=_("Câu trả lời của doanh nghiệp trên phiếu (trực tuyến hoặc giấy): đồng ý để nội dung kiến nghị "
                    "và trả lời, không kèm thông tin cá nhân, được công khai trên cổng."))
    publish_answer = models.BooleanField(
        _("công khai trả lời"), default=False,
        help_text=_("Công khai nội dung kiến nghị và trả lời trên cổng; chỉ được khi doanh nghiệp đã đồng ý."))
    # Leaving the table.
    merged_into = models.ForeignKey(
        "self", verbose_name=_("gộp vào kiến nghị"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="merged_petitions")
    withdrawn_at = models.DateTimeField(_("rút lúc"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("lý do rút"), max_length=300, blank=True)
    anonymised_at = models.DateTimeField(
        _("ẩn danh lúc"), null=True, blank=True, editable=False,
        help_text=_("Thông tin người kiến nghị đã được xóa hoặc ẩn danh (hết thời hạn lưu trữ hoặc theo yêu cầu xóa)."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ nhập"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    # Folded copy (lower case, no accents, đ→d) of the searched fields, so that "thu tuc" finds "Thủ tục" on
    # SQLite and PostgreSQL alike without database extensions; kept up to date by save().
    search_text = models.TextField(_("chuỗi tìm kiếm"), blank=True, editable=False)

    SEARCH_SOURCE_FIELDS = ("code", "organisation_name", "tax_code", "contact_name", "content")

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(publish_answer=False) | Q(publication_consent=True),
                name="petition_publish_needs_consent",
                violation_error_message=_("Doanh nghiệp chưa đồng ý công khai: không thể công khai trả lời.")),
            # An open petition always has a due date (computed through petitions.deadlines on every save path).
            models.CheckConstraint(
                condition=Q(due_date__isnull=False) | ~Q(status__in=OPEN_STATUS_VALUES),
                name="petition_open_has_due_date",
                violation_error_message=_("Kiến nghị đang xử lý phải có hạn trả lời.")),
            models.CheckConstraint(condition=Q(category__gte=1, category__lte=7), name="petition_category_1_7"),
            models.CheckConstraint(
                condition=(Q(status="merged") & Q(merged_into__isnull=False))
                | (~Q(status="merged") & Q(merged_into__isnull=True)),
                name="petition_merged_iff_merged_into"),
            models.CheckConstraint(condition=~Q(merged_into=F("pk")), name="petition_not_merged_into_itself"),
            models.CheckConstraint(
                condition=(Q(status="withdrawn") & Q(withdrawn_at__isnull=False))
                | (~Q(status="withdrawn") & Q(withdrawn_at__isnull=True)),
                name="petition_withdrawn_iff_withdrawn_at"),
            models.CheckConstraint(
                condition=Q(registration__isnull=True) | Q(conference__isnull=False),
                name="petition_registration_needs_conference"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]), name="petition_status_known"),
        ]
        indexes = [
            models.Index(fields=["body", "status"]),
            models.Index(fields=["conference", "category"]),
            models.Index(fields=["due_date"]),
            # The admin list: a body's petitions newest first (first page, date hierarchy bounds and probes).
            models.Index(fields=["body", "-received_at", "-id"], name="petition_body_received_idx"),
            # Open petitions by due date: the late / due-soon filters and the reminder scans.
            models.Index(fields=["body", "due_date"], name="petition_open_due_idx",
                         condition=Q(status__in=sorted(OPEN_STATUS_VALUES))),
        ]

    def __str__(self):
        return f"{self.code} — {self.organisation_name}"

    def save(self, *args, **kwargs):
        if not self.code:
            year = self.conference.year if self.conference_id else timezone.localtime(self.received_at).year
            self.code = generate_code(prefix=self.body.code_prefix, year=year)
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCH_SOURCE_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        """The folded text the admin search matches (see conferences.common.text.fold_for_search)."""
        return fold_for_search(" ".join(str(getattr(self, f) or "") for f in self.SEARCH_SOURCE_FIELDS))

    @property
    def phu_luc_i_column(self) -> int | None:
        """The Phụ lục I column (4–7) the petition stands in now; None when withdrawn or merged."""
        return PHU_LUC_I_COLUMN[self.status]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def send_out_pending_label(self) -> str:
        """ "Đang chờ ban hành công văn chuyển …" while the transfer / escalation letter is in the register."""
        if self.send_out_pending == Status.TRANSFERRED:
            return str(_("Đang chờ ban hành công văn chuyển cơ quan có thẩm quyền"))
        if self.send_out_pending == Status.ESCALATED:
            return str(_("Đang chờ ban hành công văn xin ý kiến chỉ đạo cấp trên"))
        return ""

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        try:
            clean_contact_fields(self, required=False)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if self.conference_id and self.body_id and self.conference.body_id != self.body_id:
            errors["conference"] = _("Hội nghị phải thuộc cơ quan của kiến nghị.")
        if self.registration_id and self.conference_id and self.registration.conference_id != self.conference_id:
            errors["registration"] = _("Đăng ký phải thuộc hội nghị của kiến nghị.")
        if self.lead_unit_id and self.body_id and self.lead_unit.body_id != self.body_id:
            errors["lead_unit"] = _("Đơn vị chủ trì phải thuộc cơ quan của kiến nghị.")
        bad = [c for c in (self.other_categories or []) if c not in Category.values or c == self.category]
        if not isinstance(self.other_categories, list) or bad:
            errors["other_categories"] = _("Nhóm liên quan khác là danh sách số từ 1 đến 7, khác nhóm chính.")
        if errors:
            raise ValidationError(errors)


class PetitionEvent(StatusEvent):
    """One step of a petition's trail: status from → to, who, a note, when."""

    SUBJECT_FIELD = "petition"

    petition = models.ForeignKey(
        Petition, verbose_name=_("kiến nghị"), on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("từ trạng thái"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=20, choices=Status.choices)

    class Meta(StatusEvent.Meta):
        verbose_name = _("diễn biến kiến nghị")
        verbose_name_plural = _("diễn biến kiến nghị")

    def subject_label(self) -> str:
        return self.petition.code


class PetitionNote(models.Model):
    """An internal note on a petition (Phòng Kinh tế and the units working on it); never shown to the business."""

    AUDIT_PERSONAL_DATA = True  # its inline rows are written to the audit log (conferences.audit)

    petition = models.ForeignKey(
        Petition, verbose_name=_("kiến nghị"), on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người viết"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+")
    text = models.TextField(_("ghi chú nội bộ"))
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("ghi chú nội bộ")
        verbose_name_plural = _("ghi chú nội bộ")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.petition.code}: {self.text[:40]}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    """Files under the body's slug and the petition's code; the original name is kept in the row only."""
    import uuid

    from petitions.registration.validators import extension_for_content_type

    # The checked type decides the extension (the forms set content_type from the content before saving).
    ext = extension_for_content_type(instance.content_type) or (
        filename.rsplit(".", 1)[-1].lower()[:10] if "." in filename else "bin")
    return f"petitions/{instance.petition.body.slug}/{instance.petition.code}/{uuid.uuid4().hex}.{ext}"


class Attachment(models.Model):
    """A file sent with a petition (scan of the paper form, photos, documents)."""

    AUDIT_PERSONAL_DATA = True  # its inline rows are written to the audit log (conferences.audit)

    petition = models.ForeignKey(
        Petition, verbose_name=_("kiến nghị"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu tệp"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["petition", "uploaded_at"]

    def __str__(self):
        return self.original_name
