"""The `calendar_changed` signal and the receivers that keep the working-day cache true to CalendarEntry."""

from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal, receiver

from conferences.calendar import workdays
from conferences.models import CalendarEntry

# Sent after commit whenever a CalendarEntry is saved or deleted, with `dates` (sorted list of the dates whose
# status may have changed: the entry's date, and its old date when it was moved) and `years` (sorted list).
# The petitions app connects its recompute of open deadlines here (conferences imports no other app).
calendar_changed = Signal()


@receiver(pre_save, sender=CalendarEntry, dispatch_uid="calendar_entry_remember_old_date")
def _remember_old_date(sender, instance, raw=False, **kwargs):
    instance._calendar_old_date = None
    if instance.pk and not raw:
        instance._calendar_old_date = (
            CalendarEntry.objects.filter(pk=instance.pk).values_list("date", flat=True).first()
        )


def _changed(dates):
    dates = sorted({d for d in dates if d is not None})
    # Drop this process's years at once (the rest of this transaction reads the new calendar), and again
    # after commit with a new shared version, so other processes that rebuilt from the not-yet-committed
    # state in between rebuild once more.
    workdays.invalidate_local()

    def after_commit():
        workdays.bump_version()
        calendar_changed.send(sender=CalendarEntry, dates=dates, years=sorted({d.year for d in dates}))

    transaction.on_commit(after_commit)


@receiver(post_save, sender=CalendarEntry, dispatch_uid="calendar_entry_saved")
def _entry_saved(sender, instance, raw=False, **kwargs):
    _changed([instance.date, getattr(instance, "_calendar_old_date", None)])


@receiver(post_delete, sender=CalendarEntry, dispatch_uid="calendar_entry_deleted")
def _entry_deleted(sender, instance, **kwargs):
    _changed([instance.date])


@receiver(setting_changed, dispatch_uid="calendar_setting_changed")
def _setting_changed(setting, **kwargs):
    if setting.startswith("CALENDAR_"):
        workdays.invalidate_local()
