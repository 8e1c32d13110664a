"""Send the due conference reminders now, where no Celery beat runs (the same scan as the periodic task)."""

from django.core.management.base import BaseCommand

from petitions.registration.reminders import conference_reminders_send


class Command(BaseCommand):
    help = "Nhắc lịch hội nghị cho các đơn vị đăng ký (mỗi đơn vị một lần), như tác vụ định kỳ."

    def handle(self, *args, **options):
        written = conference_reminders_send()
        self.stdout.write(f"Đã xếp {written} tin nhắc lịch hội nghị vào hộp thư đi.")
