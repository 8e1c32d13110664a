"""Vietnamese date formats, day first: Django's `vi` locale defines no input formats, so without these the
admin reads 04/03/2027 as 3 April (the default, American, month-first list). Names not set here fall back to
Django's `vi` module (decimal and thousand separators, month names)."""

# Display (Django date format syntax).
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
# Weeks start on Monday (the admin's calendar pop-up, like the working-day year view).
FIRST_DAY_OF_WEEK = 1

# Input (strptime syntax); the first of each list is also what the admin widgets write. ISO dates stay accepted.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 04/03/2027
    "%d/%m/%y",  # 04/03/27
    "%d-%m-%Y",  # 04-03-2027
    "%d.%m.%Y",  # 04.03.2027
    "%Y-%m-%d",  # 2027-03-04
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 08:30
    "%H:%M:%S",  # 08:30:59
    "%H:%M:%S.%f",  # 08:30:59.000200
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S.%f",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
