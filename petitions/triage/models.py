"""Triage's own rows: reminders already sent, and the body's answer templates."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from conferences.common.text import NormalizedTextModel
from conferences.models import (
    Body,
    Unit,
)
from petitions.workflow.choices import Category
from petitions.workflow.models import Petition


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
