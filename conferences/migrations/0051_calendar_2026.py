"""Official 2026 schedule for civil servants: the two swaps the `holidays` baseline needs (domain.md §4).

Checked day by day against holidays==0.109 (VN): 1/1, Tết 16/2-20/2, Hùng Vương 26/4 with 27/4 off, 30/4, 1/5
and 1/9-2/9 are all in the package, so only the swaps are entered. The package already knows the Quốc khánh
swap (31/8 off, 22/8 worked); it is entered anyway so that the official notice is recorded with its legal
basis and does not depend on the package version. The New-Year swap (2/1 off, 10/1 worked) is missing from
the package.
"""

import datetime

from django.db import migrations

ENTRIES_2026 = [
    (
        datetime.date(2026, 1, 2),
        "day_off",
        "Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)",
        "Công văn số 12729/VPCP-KGVX của Văn phòng Chính phủ",
    ),
    (
        datetime.date(2026, 1, 10),
        "working_day",
        "Làm việc bù cho ngày nghỉ thứ Sáu 02/01/2026",
        "Công văn số 12729/VPCP-KGVX của Văn phòng Chính phủ",
    ),
    (
        datetime.date(2026, 8, 31),
        "day_off",
        "Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/08/2026)",
        "Thông báo số 9441/TB-BNV của Bộ Nội vụ",
    ),
    (
        datetime.date(2026, 8, 22),
        "working_day",
        "Làm việc bù cho ngày nghỉ thứ Hai 31/08/2026",
        "Thông báo số 9441/TB-BNV của Bộ Nội vụ",
    ),
]


def load(apps, schema_editor):
    CalendarEntry = apps.get_model("conferences", "CalendarEntry")
    for day, kind, name, legal_basis in ENTRIES_2026:
        CalendarEntry.objects.get_or_create(
            date=day, defaults={"kind": kind, "name": name, "legal_basis": legal_basis}
        )


def unload(apps, schema_editor):
    CalendarEntry = apps.get_model("conferences", "CalendarEntry")
    for day, kind, name, _legal_basis in ENTRIES_2026:
        CalendarEntry.objects.filter(date=day, kind=kind, name=name).delete()


class Migration(migrations.Migration):
    dependencies = [("conferences", "0050_calendarentry")]

    operations = [migrations.RunPython(load, unload)]
