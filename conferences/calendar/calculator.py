"""Public deadline calculator: a start date and a number of working days in, the due date and its reasons out."""

from datetime import date, timedelta

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from conferences.calendar import workdays

MIN_CALCULATOR_YEAR = 2000
MAX_CALCULATOR_YEAR = 2100
MAX_CALCULATOR_DAYS = 365
AFTER = "after"
BEFORE = "before"


class DeadlineCalculatorForm(forms.Form):
    start = forms.DateField(
        label=_("Ngày bắt đầu tính"),
        help_text=_("Ngày xảy ra sự việc (ví dụ ngày tiếp nhận, ngày hội nghị). Ngày này không được tính."),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vui lòng nhập ngày bắt đầu tính."),
            "invalid": _("Ngày không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/03/2026."),
        },
    )
    days = forms.IntegerField(
        label=_("Số ngày làm việc"),
        help_text=_("Ví dụ 7 (trả lời sau hội nghị), 15 (cần phối hợp), 5 (chuyển cơ quan có thẩm quyền)."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": MAX_CALCULATOR_DAYS}),
        error_messages={
            "required": _("Vui lòng nhập số ngày làm việc."),
            "invalid": _("Số ngày làm việc phải là một số nguyên, ví dụ 7."),
        },
    )

    direction = forms.ChoiceField(
        label=_("Chiều tính"),
        choices=[(AFTER, _("Sau ngày bắt đầu (tính hạn)")), (BEFORE, _("Trước ngày mốc (tính ngược, ví dụ hạn chót trước hội nghị)"))],
        required=False,
        initial=AFTER,
        widget=forms.RadioSelect,
        help_text=_("Tính ngược: ngày làm việc cuối cùng mà từ đó đến ngày mốc còn đủ số ngày làm việc đã nhập."),
    )

    def clean_direction(self):
        return self.cleaned_data.get("direction") or AFTER

    def clean_start(self):
        start = self.cleaned_data["start"]
        if not MIN_CALCULATOR_YEAR <= start.year <= MAX_CALCULATOR_YEAR:
            raise forms.ValidationError(
                _("Ngày bắt đầu phải trong khoảng từ năm %(min)s đến năm %(max)s."),
                params={"min": MIN_CALCULATOR_YEAR, "max": MAX_CALCULATOR_YEAR},
            )
        return start

    def clean_days(self):
        days = self.cleaned_data["days"]
        if not 0 <= days <= MAX_CALCULATOR_DAYS:
            raise forms.ValidationError(
                _("Số ngày làm việc phải từ 0 đến %(max)s."), params={"max": MAX_CALCULATOR_DAYS}
            )
        return days


def explain_deadline(start: date, days: int) -> dict:
    """The due date `days` working days after `start`, with the days skipped and the make-up days counted."""
    due = workdays.add_working_days(start, days)
    between = workdays.special_days(start + timedelta(days=1), due) if due > start else []
    # Only the years whose days were counted matter (the start day itself is not counted).
    years = range((start + timedelta(days=1)).year, due.year + 1) if due > start else range(0)
    return {
        "direction": AFTER,
        "start": start,
        "start_info": workdays.day_info(start),
        "days": days,
        "due": due,
        "due_info": workdays.day_info(due),
        "calendar_days": (due - start).days,
        "skipped": [info for info in between if not info.working],
        "makeup": [info for info in between if info.working and info.kind == workdays.MAKEUP],
        "unofficial_years": [y for y in years if not workdays.year_has_official_entries(y)],
    }


def explain_deadline_before(end: date, days: int) -> dict:
    """The latest working day `days` working days before `end` (e.g. the cut-off "15 ngày làm việc trước" a
    conference), with the days skipped and the make-up days counted between the two."""
    due = workdays.subtract_working_days(end, days)
    between = workdays.special_days(due + timedelta(days=1), end) if due < end else []
    years = range((due + timedelta(days=1)).year, end.year + 1) if due < end else range(0)
    return {
        "direction": BEFORE,
        "start": end,
        "start_info": workdays.day_info(end),
        "days": days,
        "due": due,
        "due_info": workdays.day_info(due),
        "calendar_days": (end - due).days,
        "skipped": [info for info in between if not info.working],
        "makeup": [info for info in between if info.working and info.kind == workdays.MAKEUP],
        "unofficial_years": [y for y in years if not workdays.year_has_official_entries(y)],
    }


def deadline_calculator(request):
    """GET form (works without JavaScript, the URL can be shared); shows the result when the input is valid."""
    form = DeadlineCalculatorForm(request.GET if request.GET else None)
    result = None
    if form.is_valid():
        explain = explain_deadline_before if form.cleaned_data["direction"] == BEFORE else explain_deadline
        result = explain(form.cleaned_data["start"], form.cleaned_data["days"])
    return render(request, "conferences/deadline_calculator.html", {"form": form, "result": result})
