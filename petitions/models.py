"""Models of the petitions app: kiến nghị, their status trail and attachments."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conferences.codes import CODE_MAX_LENGTH, generate_code
from conferences.models import (
    Body,
    Conference,
    IdentifierKind,
    OrganisationKind,
    Registration,
    Unit,
    clean_contact_fields,
)
from conferences.text import NormalizedTextModel, fold_for_search

from . import deadlines


class Category(models.IntegerChoices):
    """The seven petition groups, in the order of the Phụ lục I rows."""

    CAPITAL = 1, _("Vốn")
    INTEREST_RATE = 2, _("Lãi suất")
    CREDIT = 3, _("Tín dụng")
    POLICY = 4, _("Cơ chế chính sách")
    ADMIN_PROCEDURE = 5, _("Thủ tục hành chính")
    LAND = 6, _("Đất đai")
    OTHER = 7, _("Lĩnh vực khác")


class Status(models.TextChoices):
    """Petition statuses; the contract is the status table of design.md."""

    RECEIVED = "received", _("Đã tiếp nhận")
    ASSIGNED = "assigned", _("Đã phân công đơn vị xử lý")
    DRAFTED = "drafted", _("Đã dự thảo trả lời")
    APPROVED = "approved", _("Đã duyệt nội dung trả lời")
    ANSWERED_PENDING = "answered_pending", _("Đã trả lời, đang tiếp tục giải quyết")
    RESOLVED = "resolved", _("Đã giải quyết triệt để (trả lời tại hội nghị hoặc bằng văn bản, đã đóng)")
    TRANSFERRED = "transferred", _("Đã chuyển cơ quan khác giải quyết")
    GUIDED = "guided", _("Đã hướng dẫn gửi cơ quan có thẩm quyền")
    NOT_ACCEPTED = "not_accepted", _("Không thuộc phạm vi đối thoại (khiếu nại, tố cáo, thẩm quyền tư pháp)")
    ESCALATED = "escalated", _("Đã báo cáo, xin ý kiến chỉ đạo cấp trên")
    WITHDRAWN = "withdrawn", _("Doanh nghiệp rút kiến nghị")
    MERGED = "merged", _("Đã gộp vào kiến nghị trùng")


class PhuLucIColumn(models.IntegerChoices):
    """The Phụ lục I columns a petition can stand in (every counted petition in exactly one)."""

    RESOLVED = 4, _("Đã giải quyết triệt để")
    IN_PROCESS = 5, _("Đang xử lý")
    TRANSFERRED = 6, _("Chuyển cơ quan khác giải quyết")
    ESCALATED = 7, _("Xin ý kiến chỉ đạo của cơ quan cấp trên")


# Status -> Phụ lục I column; None = not counted (listed under the table). Covers every status exactly once.
PHU_LUC_I_COLUMN: dict[str, int | None] = {
    Status.RECEIVED: PhuLucIColumn.IN_PROCESS,
    Status.ASSIGNED: PhuLucIColumn.IN_PROCESS,
    Status.DRAFTED: PhuLucIColumn.IN_PROCESS,
    Status.APPROVED: PhuLucIColumn.IN_PROCESS,
    Status.ANSWERED_PENDING: PhuLucIColumn.IN_PROCESS,
    Status.RESOLVED: PhuLucIColumn.RESOLVED,
    Status.TRANSFERRED: PhuLucIColumn.TRANSFERRED,
    Status.GUIDED: PhuLucIColumn.TRANSFERRED,
    Status.NOT_ACCEPTED: PhuLucIColumn.TRANSFERRED,
    Status.ESCALATED: PhuLucIColumn.ESCALATED,
    Status.WITHDRAWN: None,
    Status.MERGED: None,
}

# Status -> statuses it may move to. Every change goes through services.petition_transition.
# Terminal: transferred, guided, not_accepted (outside the body, nothing more to do here), withdrawn, merged.
# resolved may reopen to answered_pending when the business, answered orally, asks for a written answer.
_OUT_OF_SCOPE = {Status.TRANSFERRED, Status.GUIDED, Status.NOT_ACCEPTED, Status.ESCALATED}
_LEAVE = {Status.WITHDRAWN, Status.MERGED}
TRANSITIONS: dict[str, set[str]] = {
    Status.RECEIVED: {Status.ASSIGNED, Status.RESOLVED, Status.ANSWERED_PENDING} | _OUT_OF_SCOPE | _LEAVE,
    Status.ASSIGNED: {Status.RECEIVED, Status.DRAFTED, Status.RESOLVED, Status.ANSWERED_PENDING}
    | _OUT_OF_SCOPE | _LEAVE,
    Status.DRAFTED: {Status.ASSIGNED, Status.APPROVED, Status.ESCALATED} | _LEAVE,
    Status.APPROVED: {Status.DRAFTED, Status.RESOLVED, Status.ANSWERED_PENDING, Status.ESCALATED} | _LEAVE,
    Status.ANSWERED_PENDING: {Status.ASSIGNED, Status.DRAFTED, Status.RESOLVED, Status.ESCALATED,
                              Status.TRANSFERRED, Status.WITHDRAWN},
    Status.RESOLVED: {Status.ANSWERED_PENDING},
    Status.TRANSFERRED: set(),
    Status.GUIDED: set(),
    Status.NOT_ACCEPTED: set(),
    # The city's direction comes back: the body handles it, or it is passed on to the competent agency.
    Status.ESCALATED: {Status.ASSIGNED, Status.DRAFTED, Status.RESOLVED, Status.ANSWERED_PENDING,
                       Status.TRANSFERRED, Status.GUIDED, Status.WITHDRAWN},
    Status.WITHDRAWN: set(),
    Status.MERGED: set(),
}

OPEN_STATUSES = frozenset(s for s, col in PHU_LUC_I_COLUMN.items() if col == PhuLucIColumn.IN_PROCESS)


# The same set as plain strings, sorted, for database conditions (a partial index must match its queries).
OPEN_STATUS_VALUES = tuple(sorted(str(s) for s in OPEN_STATUSES))

# Statuses in which the petition's answer is final enough to show the business.
ANSWER_VISIBLE = frozenset({Status.RESOLVED, Status.ANSWERED_PENDING, Status.TRANSFERRED, Status.GUIDED,
                            Status.NOT_ACCEPTED})


class Competence(models.TextChoices):
    """Whether the body can answer the petition itself, with one unit or with several."""

    WITHIN = "within", _("Thuộc thẩm quyền")
    COORDINATION = "coordination", _("Thuộc thẩm quyền, cần phối hợp nhiều đơn vị")
    OUTSIDE = "outside", _("Ngoài thẩm quyền")


# The rules and their names live with the only code that computes due dates (petitions/deadlines.py).
DeadlineRule = deadlines.DeadlineRule


class Channel(models.TextChoices):
    """How the petition reached the body."""

    ONLINE = "online", _("Trực tuyến")
    PAPER = "paper", _("Văn bản / phiếu giấy")
    CENTRE = "centre", _("Tại Trung tâm Phục vụ hành chính công")
    CONFERENCE = "conference", _("Nêu tại hội nghị")
    EMAIL = "email", _("Thư điện tử")


class Petition(NormalizedTextModel):
    """A kiến nghị of a business to a body, timely for a conference or not, with its answer and status."""

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
    deadline_rule = models.CharField(
        _("quy tắc tính hạn"), max_length=40, choices=DeadlineRule.choices, blank=True)
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
    publish_answer = models.BooleanField(
        _("đồng ý công khai trả lời"), default=False,
        help_text=_("Doanh nghiệp đồng ý để nội dung kiến nghị và trả lời được công khai trên cổng."))
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
        """The folded text the admin search matches (see conferences.text.fold_for_search)."""
        return fold_for_search(" ".join(str(getattr(self, f) or "") for f in self.SEARCH_SOURCE_FIELDS))

    @property
    def phu_luc_i_column(self) -> int | None:
        """The Phụ lục I column (4–7) the petition stands in now; None when withdrawn or merged."""
        return PHU_LUC_I_COLUMN[self.status]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

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


class PetitionEvent(models.Model):
    """One step of a petition's trail: status from → to, who, a note, when."""

    petition = models.ForeignKey(
        Petition, verbose_name=_("kiến nghị"), on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("từ trạng thái"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("diễn biến kiến nghị")
        verbose_name_plural = _("diễn biến kiến nghị")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.petition.code}: {self.from_status or '—'} → {self.to_status}"


class PetitionReminder(models.Model):
    """A reminder or notice already sent about a petition: the marker that makes a scan run twice send once.

    One row per (petition, kind, due date, unit): each unit hears once per threshold, and a new due date
    (recomputed rule) earns new reminders.
    """

    class Kind(models.TextChoices):
        NEW = "new", _("Báo kiến nghị mới cho Phòng Kinh tế")
        DUE_SOON = "due_soon", _("Sắp đến hạn (trong 3 ngày làm việc)")
        LATE = "late", _("Quá hạn")

    petition = models.ForeignKey(
        Petition, verbose_name=_("kiến nghị"), on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("loại nhắc"), max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị được nhắc"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # What the reminder was about: "" for the new-petition notice, "<due date ISO>/u<unit id>" for a unit's
    # reminder. A string (not nullable columns) so that the unique constraint holds on every database.
    marker = models.CharField(_("mốc nhắc"), max_length=40, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhắc hạn kiến nghị")
        verbose_name_plural = _("nhắc hạn kiến nghị")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "kind", "marker"], name="petition_reminder_once"),
        ]

    def __str__(self):
        return f"{self.petition.code}: {self.get_kind_display()}"


class PetitionNote(models.Model):
    """An internal note on a petition (Phòng Kinh tế and the units working on it); never shown to the business."""

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


class AnswerTemplate(NormalizedTextModel):
    """A reusable answer text of a body (e.g. the usual reply on land-use certificates), to start a draft from."""

    body = models.ForeignKey(Body, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("tên mẫu"), max_length=200)
    category = models.PositiveSmallIntegerField(_("nhóm kiến nghị"), choices=Category.choices, null=True, blank=True)
    text = models.TextField(_("nội dung mẫu"))
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("mẫu trả lời")
        verbose_name_plural = _("mẫu trả lời")
        ordering = ["body", "title"]
        constraints = [models.UniqueConstraint(fields=["body", "title"], name="answer_template_title_unique")]

    def __str__(self):
        return self.title


def attachment_path(instance: "Attachment", filename: str) -> str:
    """Files under the body's slug and the petition's code; the original name is kept in the row only."""
    import uuid

    from .validators import extension_for_content_type

    # The checked type decides the extension (the forms set content_type from the content before saving).
    ext = extension_for_content_type(instance.content_type) or (
        filename.rsplit(".", 1)[-1].lower()[:10] if "." in filename else "bin")
    return f"petitions/{instance.petition.body.slug}/{instance.petition.code}/{uuid.uuid4().hex}.{ext}"


class Attachment(models.Model):
    """A file sent with a petition (scan of the paper form, photos, documents)."""

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


class RegistrationSubmission(models.Model):
    """What a Phụ lục II submission adds to its Registration: the form token that makes resubmission
    idempotent, item 8 (overall proposal), how the registrant wants to be told, and whether it came after
    the conference's cut-off.

    Kept in the petitions app (one row per registration) so that the conferences app stays free of
    petition-side concerns and its migrations untouched.
    """

    registration = models.OneToOneField(
        Registration, verbose_name=_("đăng ký"), on_delete=models.CASCADE, related_name="submission")
    form_token = models.CharField(
        _("mã phiên biểu mẫu"), max_length=64, unique=True, editable=False,
        help_text=_("Gửi lại cùng một biểu mẫu (bấm hai lần, tải lại trang) không tạo đăng ký mới."))
    overall_proposal = models.TextField(_("đề xuất giải pháp tháo gỡ (mục 8)"), blank=True)
    notify_sms = models.BooleanField(_("nhận tin nhắn SMS"), default=True)
    notify_email = models.BooleanField(_("nhận thư điện tử"), default=False)
    received_after_cutoff = models.BooleanField(
        _("nhận sau hạn gửi kiến nghị"), default=False,
        help_text=_("Kiến nghị được trả lời bằng văn bản ngoài hội nghị (quy tắc không tổ chức hội nghị)."))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiếu đăng ký (Phụ lục II)")
        verbose_name_plural = _("phiếu đăng ký (Phụ lục II)")

    def __str__(self):
        return str(self.registration)


from .privacy_models import *  # noqa: E402,F401,F403
