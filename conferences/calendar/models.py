"""The national working-day calendar's decided dates, over the holidays baseline."""


from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


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
