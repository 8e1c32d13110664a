"""A conference and its rows: the status trail, the agenda, the participants list and the tasks per unit."""


from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conferences.common.events import StatusEvent
from conferences.common.text import NormalizedTextModel
from conferences.organisation.models import Body, RuleSettings, Unit


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
    cutoff_record = models.JSONField(
        _("kết quả tại hạn tiếp nhận"), null=True, blank=True, editable=False,
        help_text=_("Số đơn vị, số kiến nghị, danh sách và kết luận ghi lại khi hết hạn tiếp nhận; thay đổi sau "
                    "đó không làm thay đổi kết luận."))
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


class ConferenceEvent(StatusEvent):
    """A change of a conference's status: from, to, who, why, when."""

    SUBJECT_FIELD = "conference"

    conference = models.ForeignKey(
        Conference, verbose_name=_("hội nghị"), on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("từ trạng thái"), max_length=20, choices=Conference.Status.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=20, choices=Conference.Status.choices)

    class Meta(StatusEvent.Meta):
        verbose_name = _("diễn biến hội nghị")
        verbose_name_plural = _("diễn biến hội nghị")


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


class Participant(NormalizedTextModel):
    """An official on the conference's participants list (leaders, heads of units, guests)."""

    AUDIT_PERSONAL_DATA = True  # its inline rows are written to the audit log (conferences.audit)

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




class ConferenceTask(NormalizedTextModel):
    """One task of a unit for a conference; the due date follows the conference date unless set by hand."""

    class Anchor(models.TextChoices):
        CONFERENCE = "conference", _("Ngày hội nghị")
        PLAN_DUE = "plan_due", _("Hạn gửi kế hoạch")
        FIXED = "fixed", _("Ngày cố định")

    conference = models.ForeignKey(
        "conferences.Conference", verbose_name=_("hội nghị"), on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    unit = models.ForeignKey(
        "conferences.Unit", verbose_name=_("đơn vị thực hiện"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="conference_tasks")
    title = models.CharField(_("nội dung công việc"), max_length=300)
    anchor = models.CharField(_("tính hạn từ"), max_length=20, choices=Anchor.choices, default=Anchor.CONFERENCE)
    offset_days = models.SmallIntegerField(
        _("số ngày"), default=0, help_text=_("Âm: trước ngày hội nghị; dương: sau ngày hội nghị."))
    working_days = models.BooleanField(_("tính ngày làm việc"), default=True)
    due_date = models.DateField(_("hạn hoàn thành"))
    done_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người xác nhận"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    reminder_sent_at = models.DateTimeField(_("đã nhắc lúc"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ của các đơn vị")
        ordering = ["conference", "due_date", "position", "pk"]
        indexes = [models.Index(fields=["done_at", "reminder_sent_at", "due_date"])]

    def __str__(self):
        return self.title
