"""Models of the conferences app: bodies, units, staff, conferences, agenda, participants, registrations."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .codes import CODE_MAX_LENGTH, generate_code
from .text import NormalizedTextModel
from .validators import normalize_identifier, normalize_phone


class WorkerHeartbeat(models.Model):
    """The last time a background process (Celery worker, beat) proved it could reach the database."""

    name = models.CharField(_("tiến trình"), max_length=100, unique=True)
    hostname = models.CharField(_("máy chủ"), max_length=255, blank=True)
    beats = models.PositiveIntegerField(_("số lần"), default=0)
    last_seen = models.DateTimeField(_("lần cuối"))

    class Meta:
        verbose_name = _("nhịp tiến trình nền")
        verbose_name_plural = _("nhịp tiến trình nền")

    def __str__(self):
        return self.name


def default_agenda():
    """Hải Hưng's 8-row agenda (two rows numbered 5, as in the plan), the default for new bodies."""
    return [
        {"number": "1", "content": "Đón tiếp đại biểu", "performer": "Văn phòng HĐND và UBND xã, Phòng Kinh tế xã"},
        {"number": "2", "content": "Tuyên bố lý do, giới thiệu đại biểu",
         "performer": "Đ/c Chánh Văn phòng HĐND và UBND xã"},
        {"number": "3", "content": "Phát biểu Chủ tịch UBND xã", "performer": "Đ/c Chủ tịch UBND xã"},
        {"number": "4", "content": "Báo cáo về tình hình phát triển kinh tế - xã hội xã {place}",
         "performer": "Lãnh đạo UBND xã"},
        {"number": "5", "content": "Báo cáo Tổng hợp kiến nghị của doanh nghiệp, hợp tác xã, hộ kinh doanh",
         "performer": "Phòng Kinh tế/Văn phòng HĐND và UBND"},
        {"number": "5", "content": "Trao đổi, thảo luận",
         "performer": "Đ/c Chủ tịch UBND xã, Thủ trưởng các cơ quan đơn vị"},
        {"number": "6", "content": "Phát biểu của đại diện doanh nghiệp xã", "performer": "Đại diện doanh nghiệp"},
        {"number": "7", "content": "Kết thúc hội nghị", "performer": "Văn phòng HĐND và UBND xã"},
    ]


def default_tasks():
    """The tasks per unit of Hải Hưng's plan ("III. Tổ chức thực hiện"), the default for new bodies.

    `anchor` is "conference" (days counted from the conference date, negative before it) or "plan_due"
    (the plan's due date); `days` may name a rule setting ("-notice_days", "report_working_days");
    `working` says whether the days are working days (conferences/workdays.py) or calendar days.
    """
    return [
        {"unit_kind": "economic", "title": "Xây dựng Kế hoạch tổ chức Hội nghị, gửi Sở Tài chính tổng hợp",
         "anchor": "plan_due", "days": 0, "working": False},
        {"unit_kind": "office", "title": "Tham mưu ban hành Thông báo tổ chức Hội nghị",
         "anchor": "conference", "days": "-notice_days", "working": False},
        {"unit_kind": "admin_centre", "title": "Niêm yết Thông báo tại Trung tâm Phục vụ hành chính công",
         "anchor": "conference", "days": "-notice_days", "working": False},
        {"unit_kind": "public_service",
         "title": "Tuyên truyền trên Đài truyền thanh, Cổng thông tin điện tử, Zalo/Facebook cộng đồng",
         "anchor": "conference", "days": "-notice_days", "working": False},
        {"unit_kind": "economic", "title": "Đăng tải Kế hoạch và Giấy mời lên Cổng thông tin điện tử",
         "anchor": "conference", "days": "-notice_days", "working": False},
        {"unit_kind": "economic",
         "title": "Lập danh sách mời doanh nghiệp, hợp tác xã, hộ kinh doanh (tối thiểu 20 đơn vị)",
         "anchor": "conference", "days": "-cutoff_working_days", "working": True},
        {"unit_kind": "economic", "title": "Hết hạn tiếp nhận kiến nghị: kiểm tra điều kiện tổ chức",
         "anchor": "conference", "days": "-cutoff_working_days", "working": True},
        {"unit_kind": "economic", "title": "Tổng hợp kiến nghị của doanh nghiệp, hợp tác xã, hộ kinh doanh",
         "anchor": "conference", "days": -7, "working": True},
        {"unit_kind": "economic", "title": "Ban hành Giấy mời (chủ trì cùng Văn phòng HĐND và UBND)",
         "anchor": "conference", "days": -7, "working": True},
        {"unit_kind": "economic", "title": "Báo cáo tóm tắt tình hình phát triển kinh tế - xã hội",
         "anchor": "conference", "days": -3, "working": True},
        {"unit_kind": "office", "title": "Chuẩn bị hội trường, cơ sở vật chất",
         "anchor": "conference", "days": -1, "working": True},
        {"unit_kind": "office", "title": "Ghi chép ý kiến, kiến nghị tại Hội nghị; lập Biên bản",
         "anchor": "conference", "days": 0, "working": True},
        {"unit_kind": "office", "title": "Tham mưu ban hành Thông báo kết luận Hội nghị",
         "anchor": "conference", "days": 5, "working": True},
        {"unit_kind": "economic", "title": "Trả lời bằng văn bản các kiến nghị chưa trả lời tại Hội nghị",
         "anchor": "conference", "days": "answer_working_days", "working": True},
        {"unit_kind": "economic",
         "title": "Báo cáo kết quả Hội nghị và giải quyết kiến nghị gửi Sở Tài chính (Phụ lục I)",
         "anchor": "conference", "days": "report_working_days", "working": True},
    ]


class RuleSettings(models.Model):
    """The yearly rule settings of the plan (Hải Hưng's values as defaults), on a body and on a conference.

    A body holds the defaults; a conference copies them when it is created (`copy_rules_from`), so that
    changing a body's defaults affects only conferences created later.
    """

    min_registrations = models.PositiveSmallIntegerField(
        _("số đơn vị đăng ký tối thiểu"), default=15, validators=[MinValueValidator(1)],
        help_text=_("Doanh nghiệp, hợp tác xã, hộ kinh doanh đăng ký tham dự để đủ điều kiện tổ chức."))
    min_petitions = models.PositiveSmallIntegerField(
        _("số kiến nghị tối thiểu"), default=5, validators=[MinValueValidator(1)],
        help_text=_("Kiến nghị của các đơn vị đăng ký, tiếp nhận đúng hạn."))
    invite_target = models.PositiveSmallIntegerField(
        _("số đơn vị mời tối thiểu"), default=20, validators=[MinValueValidator(1)])
    cutoff_working_days = models.PositiveSmallIntegerField(
        _("hạn tiếp nhận kiến nghị (ngày làm việc trước hội nghị)"), default=15)
    notice_days = models.PositiveSmallIntegerField(
        _("niêm yết thông báo trước (ngày)"), default=30)
    answer_working_days = models.PositiveSmallIntegerField(
        _("trả lời sau hội nghị (ngày làm việc)"), default=7,
        help_text=_("Cũng áp dụng khi doanh nghiệp đề nghị trả lời bằng văn bản sau khi được trả lời tại hội nghị."))
    answer_coordination_working_days = models.PositiveSmallIntegerField(
        _("trả lời cần phối hợp sau hội nghị (ngày làm việc)"), default=15)
    no_conference_answer_working_days = models.PositiveSmallIntegerField(
        _("không tổ chức hội nghị: trả lời (ngày làm việc từ ngày tiếp nhận)"), default=7)
    no_conference_coordination_working_days = models.PositiveSmallIntegerField(
        _("không tổ chức hội nghị: cần phối hợp (ngày làm việc từ ngày tiếp nhận)"), default=14)
    forward_working_days = models.PositiveSmallIntegerField(
        _("chuyển / hướng dẫn ngoài thẩm quyền (ngày làm việc)"), default=5)
    report_working_days = models.PositiveSmallIntegerField(
        _("báo cáo Sở Tài chính sau hội nghị (ngày làm việc)"), default=7)
    postponements_per_year = models.PositiveSmallIntegerField(_("số lần hoãn tối đa mỗi năm"), default=1)
    office_hours_end = models.TimeField(
        _("giờ kết thúc làm việc"), default=datetime.time(17, 0),
        help_text=_("Hồ sơ nhận sau giờ này được tính tiếp nhận vào ngày làm việc tiếp theo."))

    class Meta:
        abstract = True

    @classmethod
    def rule_field_names(cls) -> list[str]:
        """Names of the rule-setting fields shared by Body and Conference."""
        return [f.name for f in RuleSettings._meta.local_fields]

    def copy_rules_from(self, other: "RuleSettings") -> None:
        """Copy every rule setting from `other` (a body's defaults) onto this object, without saving."""
        for name in self.rule_field_names():
            setattr(self, name, getattr(other, name))


class Body(NormalizedTextModel, RuleSettings):
    """An authority using the portal: a commune-level body (xã, phường, đặc khu) or its parent city."""

    class Kind(models.TextChoices):
        COMMUNE = "xa", _("xã")
        WARD = "phuong", _("phường")
        SPECIAL_ZONE = "dac_khu", _("đặc khu")
        CITY = "thanh_pho", _("thành phố")

    name = models.CharField(_("tên"), max_length=200, help_text=_("Ví dụ: xã Hải Hưng"))
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.COMMUNE)
    parent = models.ForeignKey(
        "self", verbose_name=_("cấp trên"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children")
    admin_unit_code = models.CharField(
        _("mã đơn vị hành chính"), max_length=10, unique=True,
        validators=[RegexValidator(r"^\d{2,5}$", _("Mã đơn vị hành chính gồm 2 đến 5 chữ số."))])
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True, help_text=_("Ví dụ: xa-hai-hung"))
    code_prefix = models.CharField(
        _("tiền tố mã"), max_length=4, unique=True,
        validators=[RegexValidator(r"^[A-Z]{1,4}$", _("Từ 1 đến 4 chữ cái in hoa không dấu."))],
        help_text=_("Đứng đầu mã đăng ký và mã kiến nghị, ví dụ HH → HH26-7KQ4M."))
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    portal_url = models.URLField(_("cổng thông tin điện tử"), blank=True)
    chair_name = models.CharField(_("họ tên Chủ tịch"), max_length=100, blank=True)
    chair_title = models.CharField(_("chức danh người ký"), max_length=100, default="Chủ tịch", blank=True)
    document_symbol = models.CharField(_("ký hiệu cơ quan trên văn bản"), max_length=20, default="UBND")
    place_name = models.CharField(
        _("địa danh ghi trên văn bản"), max_length=100, blank=True, help_text=_("Ví dụ: Hải Hưng"))
    default_agenda = models.JSONField(
        _("chương trình hội nghị mặc định"), default=default_agenda, blank=True,
        help_text=_("Danh sách {number, content, performer}; {place} được thay bằng địa danh."))
    is_active = models.BooleanField(_("đang sử dụng"), default=True)
    default_tasks = models.JSONField(
        _("phân công nhiệm vụ mặc định"), default=default_tasks, blank=True,
        help_text=_("Danh sách {unit_kind, title, anchor, days, working}: việc của từng đơn vị và hạn tính từ "
                    "ngày hội nghị (days âm: trước hội nghị), theo mục Tổ chức thực hiện của kế hoạch."))

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="thanh_pho") | Q(parent__isnull=True), name="body_city_has_no_parent"),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="body_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    @property
    def authority_name(self) -> str:
        """The issuing authority's name as printed above the body's name: 'Ủy ban nhân dân'."""
        return str(_("Ủy ban nhân dân"))

    @property
    def full_name(self) -> str:
        """The body's name followed by its parent's, as documents must write it ('xã Hải Hưng, thành phố …')."""
        return f"{self.name}, {self.parent.name}" if self.parent_id else self.name

    def clean(self):
        if self.parent_id and self.parent.kind != self.Kind.CITY:
            raise ValidationError({"parent": _("Cấp trên phải là thành phố.")})


class Unit(NormalizedTextModel):
    """An office of a body (Phòng Kinh tế, Văn phòng HĐND và UBND, …) that may lead or help on petitions."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("Văn phòng HĐND và UBND")
        ECONOMIC = "economic", _("Phòng Kinh tế")
        CULTURE_SOCIAL = "culture_social", _("Phòng Văn hóa - Xã hội")
        ADMIN_CENTRE = "admin_centre", _("Trung tâm Phục vụ hành chính công")
        PUBLIC_SERVICE = "public_service", _("Trung tâm Dịch vụ sự nghiệp công")
        FINANCE = "finance", _("Sở Tài chính")
        OTHER = "other", _("Khác")

    body = models.ForeignKey(Body, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("tên đơn vị"), max_length=200)
    code = models.CharField(
        _("mã đơn vị"), max_length=10,
        validators=[RegexValidator(r"^[A-Z0-9]{1,10}$", _("Chữ in hoa không dấu hoặc số."))],
        help_text=_("Dùng trong ký hiệu văn bản và nơi nhận, ví dụ KT."))
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    handles_petitions = models.BooleanField(
        _("được giao xử lý kiến nghị"), default=True,
        help_text=_("Có thể được giao chủ trì hoặc phối hợp giải quyết kiến nghị."))
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["body__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "code"], name="unit_code_unique_in_body"),
            models.UniqueConstraint(fields=["body", "name"], name="unit_name_unique_in_body"),
        ]

    def __str__(self):
        return f"{self.name} ({self.body.name})" if self.body_id else self.name


class StaffProfile(NormalizedTextModel):
    """Which body (and unit) a staff account works for; staff see only their body's rows."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE,
        related_name="staff_profile")
    body = models.ForeignKey(Body, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="staff")
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="staff")
    position = models.CharField(_("chức vụ"), max_length=100, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("hồ sơ cán bộ")
        verbose_name_plural = _("hồ sơ cán bộ")

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.get_username()} — {self.body}"

    def clean(self):
        if self.unit_id and self.body_id and self.unit.body_id != self.body_id:
            raise ValidationError({"unit": _("Đơn vị phải thuộc cơ quan của cán bộ.")})


class Conference(NormalizedTextModel, RuleSettings):
    """One yearly business dialogue conference of a body, with its own copy of the rule settings."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo kế hoạch")
        PLAN_SENT = "plan_sent", _("Đã gửi kế hoạch")
        NOTICE_PUBLISHED = "notice_published", _("Đã niêm yết thông báo")
        REGISTRATION_OPEN = "registration_open", _("Đang nhận đăng ký")
        CUTOFF_PASSED = "cutoff_passed", _("Đã hết hạn tiếp nhận")
        ELIGIBLE = "eligible", _("Đủ điều kiện tổ chức")
        NOT_ELIGIBLE = "not_eligible", _("Không đủ điều kiện tổ chức")
        HELD = "held", _("Đã tổ chức")
        CONCLUDED = "concluded", _("Đã thông báo kết luận")
        REPORTED = "reported", _("Đã báo cáo Sở Tài chính")
        POSTPONED = "postponed", _("Đã hoãn")
        STOPPED = "stopped", _("Đã dừng tổ chức")

    class Form(models.TextChoices):
        IN_PERSON = "in_person", _("Trực tiếp")
        ONLINE = "online", _("Trực tuyến")
        HYBRID = "hybrid", _("Trực tiếp kết hợp trực tuyến")

    # Statuses in which the conference has not taken place yet and may be shown as upcoming.
    NOT_YET_HELD = (Status.PLAN_SENT, Status.NOTICE_PUBLISHED, Status.REGISTRATION_OPEN, Status.CUTOFF_PASSED,
                    Status.ELIGIBLE, Status.POSTPONED)

    body = models.ForeignKey(
        Body, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="conferences")
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2020)])
    title = models.CharField(_("tên hội nghị"), max_length=300)
    starts_at = models.DateTimeField(_("thời gian bắt đầu"))
    venue = models.CharField(_("địa điểm"), max_length=300)
    form = models.CharField(_("hình thức"), max_length=20, choices=Form.choices, default=Form.IN_PERSON)
    chair_name = models.CharField(_("chủ trì"), max_length=100, blank=True)
    chair_title = models.CharField(_("chức danh chủ trì"), max_length=100, blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    is_public = models.BooleanField(
        _("hiển thị trên cổng"), default=True, help_text=_("Hiện trên trang chủ khi chưa diễn ra."))
    postponement_count = models.PositiveSmallIntegerField(_("số lần đã hoãn"), default=0)
    plan_number = models.CharField(
        _("số kế hoạch"), max_length=40, blank=True, help_text=_("Ví dụ: 05/KH-UBND"))
    plan_sent_on = models.DateField(_("ngày gửi kế hoạch"), null=True, blank=True)
    previous_starts_at = models.DateTimeField(
        _("thời gian dự kiến trước khi hoãn"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hội nghị")
        verbose_name_plural = _("hội nghị")
        ordering = ["-starts_at"]
        constraints = [
            # A body holds one conference a year; a stopped one may be followed by a new one.
            models.UniqueConstraint(
                fields=["body", "year"], condition=~Q(status="stopped"), name="conference_one_active_per_year"),
            models.CheckConstraint(
                condition=Q(min_registrations__gte=1) & Q(min_petitions__gte=1) & Q(invite_target__gte=1),
                name="conference_thresholds_positive"),
            models.CheckConstraint(
                condition=Q(postponement_count__lte=models.F("postponements_per_year")),
                name="conference_postponements_within_limit"),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_at and self.year:
            if timezone.localtime(self.starts_at).year != self.year:
                raise ValidationError({"year": _("Năm phải trùng với năm diễn ra hội nghị.")})

    @property
    def is_upcoming(self) -> bool:
        """Whether the conference is planned and not yet held (a status question, not a clock one)."""
        return self.status in self.NOT_YET_HELD


class ConferenceEvent(models.Model):
    """A change of a conference's status: from, to, who, why, when."""

    conference = models.ForeignKey(
        Conference, verbose_name=_("hội nghị"), on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("từ trạng thái"), max_length=20, choices=Conference.Status.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=20, choices=Conference.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("diễn biến hội nghị")
        verbose_name_plural = _("diễn biến hội nghị")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.conference}: {self.from_status or '—'} → {self.to_status}"


class AgendaItem(NormalizedTextModel):
    """One row of a conference's programme; `number` is printed as is (Hải Hưng's plan numbers two rows 5)."""

    conference = models.ForeignKey(
        Conference, verbose_name=_("hội nghị"), on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    number = models.CharField(_("số TT in ra"), max_length=10, blank=True)
    content = models.CharField(_("nội dung"), max_length=500)
    performer = models.CharField(_("người thực hiện"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("mục chương trình")
        verbose_name_plural = _("chương trình hội nghị")
        ordering = ["conference", "position"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "position"], name="agenda_position_unique"),
        ]

    def __str__(self):
        return f"{self.number}. {self.content}"


class OrganisationKind(models.TextChoices):
    """The three kinds of petitioner the plan names."""

    ENTERPRISE = "DN", _("Doanh nghiệp")
    COOPERATIVE = "HTX", _("Hợp tác xã")
    HOUSEHOLD = "HKD", _("Hộ kinh doanh")


class IdentifierKind(models.TextChoices):
    """What the organisation's identifier is (household businesses use the owner's personal ID since 7/2025)."""

    TAX_CODE = "mst", _("Mã số doanh nghiệp / mã số thuế")
    PERSONAL_ID = "cccd", _("Số định danh cá nhân (12 số)")
    OTHER = "other", _("Mã khác (giấy chứng nhận cũ)")


def clean_contact_fields(instance, *, required: bool) -> None:
    """Normalise `phone` and `tax_code` of a registration-like object; raises ValidationError per field.

    With `required=False` empty values are accepted (staff may not know them yet).
    """
    errors = {}
    if instance.phone or required:
        try:
            instance.phone = normalize_phone(instance.phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if instance.tax_code or required:
        try:
            instance.tax_code = normalize_identifier(instance.identifier_kind, instance.tax_code)
        except ValidationError as exc:
            errors["tax_code"] = exc.messages
    if instance.identifier_kind == IdentifierKind.PERSONAL_ID and instance.organisation_kind != OrganisationKind.HOUSEHOLD:
        errors["identifier_kind"] = [_("Chỉ hộ kinh doanh dùng số định danh cá nhân làm mã số thuế.")]
    if errors:
        raise ValidationError(errors)


class Participant(NormalizedTextModel):
    """An official on the conference's participants list (leaders, heads of units, guests)."""

    class Kind(models.TextChoices):
        LEADER = "leader", _("Lãnh đạo")
        UNIT_HEAD = "unit_head", _("Thủ trưởng đơn vị")
        STAFF = "staff", _("Cán bộ phục vụ")
        GUEST = "guest", _("Khách mời")

    conference = models.ForeignKey(
        Conference, verbose_name=_("hội nghị"), on_delete=models.CASCADE, related_name="participants")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    kind = models.CharField(_("thành phần"), max_length=20, choices=Kind.choices, default=Kind.LEADER)
    full_name = models.CharField(_("họ và tên"), max_length=100, blank=True)
    title = models.CharField(_("chức vụ / thành phần"), max_length=300)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    attended = models.BooleanField(_("có mặt"), null=True, blank=True)

    class Meta:
        verbose_name = _("thành phần tham dự")
        verbose_name_plural = _("thành phần tham dự")
        ordering = ["conference", "position", "pk"]

    def __str__(self):
        return self.full_name or self.title


class Invitee(NormalizedTextModel):
    """A business on the invitation list (target ≥ invite_target), whether or not it registered."""

    conference = models.ForeignKey(
        Conference, verbose_name=_("hội nghị"), on_delete=models.CASCADE, related_name="invitees")
    organisation_name = models.CharField(_("tên doanh nghiệp / HTX / HKD"), max_length=300)
    organisation_kind = models.CharField(
        _("loại hình"), max_length=3, choices=OrganisationKind.choices, default=OrganisationKind.ENTERPRISE)
    tax_code = models.CharField(_("mã số thuế / định danh"), max_length=20, blank=True)
    contact_name = models.CharField(_("người liên hệ"), max_length=100, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    registration = models.ForeignKey(
        "Registration", verbose_name=_("đăng ký"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="invitations")
    invited_at = models.DateTimeField(_("đã gửi giấy mời lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn vị được mời")
        verbose_name_plural = _("đơn vị được mời")
        ordering = ["conference", "organisation_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "tax_code"], condition=~Q(tax_code=""), name="invitee_unique_tax_code"),
        ]

    def __str__(self):
        return self.organisation_name


def new_secret() -> str:
    """A random secret that, with the code, lets a registrant look up their registration without an account."""
    # 16 random bytes = 128 bits: a status link cannot be guessed even with the code known (22 characters).
    return secrets.token_urlsafe(16)


class Registration(NormalizedTextModel):
    """A Phụ lục II registration to attend a conference (online, on paper, at the centre or in the hall)."""

    READABLE_CODE_FIELD = "code"

    class Channel(models.TextChoices):
        ONLINE = "online", _("Trực tuyến")
        PAPER = "paper", _("Phiếu giấy")
        CENTRE = "centre", _("Tại Trung tâm Phục vụ hành chính công")
        CONFERENCE = "conference", _("Tại hội nghị")

    conference = models.ForeignKey(
        Conference, verbose_name=_("hội nghị"), on_delete=models.PROTECT, related_name="registrations")
    code = models.CharField(_("mã đăng ký"), max_length=CODE_MAX_LENGTH, unique=True, editable=False)
    secret = models.CharField(_("mã bí mật tra cứu"), max_length=32, default=new_secret, editable=False)
    full_name = models.CharField(_("họ và tên"), max_length=100)
    position = models.CharField(_("chức vụ"), max_length=100, blank=True)
    organisation_name = models.CharField(_("doanh nghiệp / hợp tác xã / hộ kinh doanh"), max_length=300)
    organisation_kind = models.CharField(
        _("loại hình"), max_length=3, choices=OrganisationKind.choices, default=OrganisationKind.ENTERPRISE)
    identifier_kind = models.CharField(
        _("loại mã"), max_length=10, choices=IdentifierKind.choices, default=IdentifierKind.TAX_CODE)
    tax_code = models.CharField(
        _("mã số thuế / mã số doanh nghiệp / số định danh"), max_length=20,
        help_text=_("Dùng để đếm số đơn vị đăng ký khác nhau."))
    phone = models.CharField(_("điện thoại liên hệ"), max_length=20)
    email = models.EmailField(_("thư điện tử"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    received_at = models.DateTimeField(_("tiếp nhận lúc"))
    consent_version = models.CharField(_("phiên bản thông báo xử lý dữ liệu"), max_length=20, blank=True)
    consented_at = models.DateTimeField(_("đồng ý xử lý dữ liệu lúc"), null=True, blank=True)
    attending = models.BooleanField(_("đăng ký tham dự"), default=True)
    checked_in_at = models.DateTimeField(_("điểm danh lúc"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("rút đăng ký lúc"), null=True, blank=True)
    # Data-subject rights (Law 91/2025, docs/personal-data.md): set by petitions/privacy.py and
    # petitions/anonymise/ only.
    consent_withdrawn_at = models.DateTimeField(
        _("rút lại sự đồng ý lúc"), null=True, blank=True, editable=False,
        help_text=_("Từ lúc này cổng không gửi tin nhắn, thư điện tử cho người đăng ký (trừ kết quả yêu cầu của họ)."))
    anonymised_at = models.DateTimeField(
        _("ẩn danh lúc"), null=True, blank=True, editable=False,
        help_text=_("Dữ liệu cá nhân đã được xóa hoặc ẩn danh (hết thời hạn lưu trữ hoặc theo yêu cầu xóa)."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ nhập"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("đăng ký tham dự")
        verbose_name_plural = _("đăng ký tham dự")
        ordering = ["-received_at"]
        constraints = [
            # Online registrations are only accepted with the ticked consent box (Decree 356/2025).
            models.CheckConstraint(
                condition=~Q(channel="online") | (Q(consented_at__isnull=False) & ~Q(consent_version="")),
                name="registration_online_needs_consent"),
            models.CheckConstraint(
                condition=Q(consented_at__isnull=True) | ~Q(consent_version=""),
                name="registration_consent_has_version"),
        ]
        indexes = [models.Index(fields=["conference", "tax_code"])]

    def __str__(self):
        return f"{self.code} — {self.organisation_name}"

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = generate_code(prefix=self.conference.body.code_prefix, year=self.conference.year)
        super().save(*args, **kwargs)

    def clean(self):
        clean_contact_fields(self, required=True)

    @property
    def body(self) -> Body:
        """The body the registration belongs to (through its conference)."""
        return self.conference.body

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class CalendarEntry(models.Model):
    """One date of the national calendar decided by a government notice, over the `holidays` VN baseline.

    Read only through `conferences/workdays.py`; edited by superusers (system administrators) only.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ bổ sung / nghỉ hoán đổi")
        WORKING_DAY = "working_day", _("Ngày làm việc bù")
        HOLIDAY_REMOVED = "holiday_removed", _("Bỏ ngày nghỉ của lịch gốc")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(
        _("loại"),
        max_length=20,
        choices=Kind.choices,
        help_text=_(
            "Ngày nghỉ bổ sung / nghỉ hoán đổi: ngày thường được nghỉ. Ngày làm việc bù: thứ Bảy (hoặc ngày nghỉ) "
            "phải đi làm. Bỏ ngày nghỉ của lịch gốc: ngày lễ mà thư viện lịch ghi nhưng năm nay không nghỉ."
        ),
    )
    name = models.CharField(
        _("tên"), max_length=200, help_text=_("Ví dụ: Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01).")
    )
    legal_basis = models.CharField(
        _("căn cứ pháp lý"),
        max_length=300,
        help_text=_("Số, ký hiệu văn bản thông báo lịch nghỉ, ví dụ: Thông báo số 9441/TB-BNV."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("ngày trong lịch làm việc")
        verbose_name_plural = _("lịch làm việc (ngày nghỉ, ngày làm bù)")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y}: {self.name}"

    def save(self, *args, **kwargs):
        import unicodedata  # local import keeps this model's diff append-only while models.py is shared

        self.name = unicodedata.normalize("NFC", self.name or "").strip()
        self.legal_basis = unicodedata.normalize("NFC", self.legal_basis or "").strip()
        super().save(*args, **kwargs)

    def clean(self):
        from django.core.exceptions import ValidationError

        from . import workdays

        if not self.date or not workdays.MIN_YEAR <= self.date.year <= workdays.MAX_YEAR:
            return
        # Each kind that would change nothing on this date is almost always a mistyped date.
        day = self.date.strftime("%d/%m/%Y")
        is_baseline_holiday = self.date in workdays.baseline(self.date.year)
        weekend = self.date.weekday() >= 5
        if self.kind == self.Kind.HOLIDAY_REMOVED and not is_baseline_holiday:
            raise ValidationError(
                {"kind": _("Ngày %(day)s không phải ngày nghỉ trong lịch gốc, không có gì để bỏ.") % {"day": day}}
            )
        if self.kind == self.Kind.WORKING_DAY and not weekend and not is_baseline_holiday:
            raise ValidationError(
                {"kind": _("Ngày %(day)s vốn đã là ngày làm việc; ngày làm bù thường là thứ Bảy.") % {"day": day}}
            )
        if self.kind == self.Kind.DAY_OFF and weekend:
            raise ValidationError(
                {"kind": _("Ngày %(day)s là thứ Bảy hoặc Chủ nhật, vốn đã là ngày nghỉ.") % {"day": day}}
            )


from .audit_models import *  # noqa: E402,F401,F403
from .outbox_models import *  # noqa: E402,F401,F403
from .task_models import *  # noqa: E402,F401,F403
