"""The plans' short date and the citation of the city's plan of the year (plan's "Căn cứ", Phụ lục I's note)."""

import datetime

from conferences.organisation.selectors import city_plan


def short_date(day: datetime.date) -> str:
    """ "05/3/2026", "15/02/2026": the plans' short date."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def city_plan_reference(body, year: int) -> str:
    """ "Kế hoạch số 45/KH-UBND ngày 10/02/2026 của UBND thành phố Hải Phòng": the city's plan of the year
    (stored once on the city); dotted blanks for the clerk while the city has not entered it."""
    found = city_plan(body, year)
    city = found.city.name if found else (body.parent.name if body.parent_id else body.name)
    if found is None:
        return f"Kế hoạch số ....../KH-UBND ngày ..../..../{year} của UBND {city}"
    return f"Kế hoạch số {found.number} ngày {short_date(found.issued_on)} của UBND {city}"
