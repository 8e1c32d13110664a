"""`manage.py recompute_due_dates`: recompute open deadlines now (catch-up after a broker outage)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from conferences.calendar import workdays
from petitions.deadlines.recompute import open_petitions_affected_by_dates, petitions_recompute_due_dates
from petitions.models import Petition


class Command(BaseCommand):
    help = ("Tính lại hạn trả lời của các kiến nghị đang mở (mặc định: tất cả), ghi diễn biến khi hạn thay đổi. "
            "Dùng khi hàng đợi Celery không nhận được việc tính lại sau khi sửa lịch hoặc hội nghị.")

    def add_arguments(self, parser):
        parser.add_argument("--date", action="append", default=[], metavar="YYYY-MM-DD",
                            help="Chỉ các kiến nghị có khoảng tính hạn chứa ngày này (lặp lại được).")
        parser.add_argument("--conference", type=int, metavar="ID", help="Chỉ các kiến nghị của hội nghị này.")
        parser.add_argument("--reason", default="", help="Lý do ghi vào diễn biến.")

    def handle(self, *args, **options):
        try:
            dates = [date.fromisoformat(d) for d in options["date"]]
        except ValueError as exc:
            raise CommandError(f"Ngày không hợp lệ: {exc}") from exc
        workdays.refresh()
        queryset = open_petitions_affected_by_dates(dates) if dates else Petition.objects.all()
        if options["conference"] is not None:
            queryset = queryset.filter(conference_id=options["conference"])
        reason = options["reason"] or _("Rà soát lại hạn trả lời")
        result = petitions_recompute_due_dates(reason=reason, queryset=queryset)
        self.stdout.write(f"{result.examined} kiến nghị đã xét, {result.changed} kiến nghị đổi hạn.")
