"""Who organises: bodies (with their default rule settings), their units and staff profiles."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conferences.common.text import NormalizedTextModel


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
    notice_days_working = models.BooleanField(
        _("thời hạn niêm yết tính theo ngày làm việc"), default=False,
        help_text=_("Đánh dấu khi Kế hoạch quy định niêm yết trước một số ngày làm việc (ví dụ Hà Đông: 15 ngày "
                    "làm việc); để trống khi tính theo ngày lịch."))
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


class CityPlan(NormalizedTextModel):
    """The city's yearly plan for the dialogue conferences: its number and date, stored once per year on the
    city and cited the same by every commune (the plan's "Căn cứ", Phụ lục I's "Kèm theo Kế hoạch số …")."""

    city = models.ForeignKey(
        Body, verbose_name=_("thành phố"), on_delete=models.PROTECT, related_name="city_plans",
        limit_choices_to={"kind": "thanh_pho"})
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.CharField(_("số kế hoạch"), max_length=40, help_text=_("Ví dụ: 45/KH-UBND"))
    issued_on = models.DateField(_("ngày ban hành"))

    class Meta:
        verbose_name = _("kế hoạch năm của thành phố")
        verbose_name_plural = _("kế hoạch năm của thành phố")
        ordering = ["city", "-year"]
        constraints = [models.UniqueConstraint(fields=["city", "year"], name="cityplan_one_per_city_year")]

    def __str__(self):
        return f"{self.number} ({self.issued_on:%d/%m/%Y})"

    def clean(self):
        if self.city_id and self.city.kind != Body.Kind.CITY:
            raise ValidationError({"city": _("Kế hoạch năm được lưu trên thành phố.")})


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

    AUDIT_PERSONAL_DATA = True  # its inline rows are written to the audit log (conferences.audit)

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
