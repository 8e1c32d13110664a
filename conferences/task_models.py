"""Tasks per unit of a conference (the plan's "Tổ chức thực hiện") as a checklist with due dates and reminders."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .text import NormalizedTextModel

__all__ = ["ConferenceTask"]


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
