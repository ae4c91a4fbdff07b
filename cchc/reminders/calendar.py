"""The holiday calendar reminders count by: Vietnam's public holidays (cchc.lib.holidays), kept in ``Holiday`` rows
that administrators maintain (the exact Tết span and swapped days are fixed by the Government each year)."""

from __future__ import annotations

from datetime import date
from typing import Any

from lunar_vn import LunarDate, lunar_to_solar

from cchc.lib.holidays import vietnam_public_holidays

FIRST_YEAR = 2015
LAST_YEAR = 2035

_FIXED = {
    (1, 1): "Tết Dương lịch",
    (4, 30): "Ngày Chiến thắng",
    (5, 1): "Ngày Quốc tế lao động",
    (9, 1): "Quốc khánh",
    (9, 2): "Quốc khánh",
}


def named_holidays(year: int) -> dict[date, str]:
    """The statutory public holidays of ``year`` with their Vietnamese names, compensation days included."""
    statutory = vietnam_public_holidays(year)
    try:
        hung_kings: date | None = lunar_to_solar(LunarDate(10, 3, year))
    except ValueError:  # outside the lunar calendar's range: only solar holidays were computed
        hung_kings = None
    names: dict[date, str] = {}
    for day in sorted(vietnam_public_holidays(year, compensatory=True)):
        if day not in statutory:
            names[day] = "Nghỉ bù"
        elif day == hung_kings:
            names[day] = "Giỗ Tổ Hùng Vương"
        elif (day.month, day.day) in _FIXED:
            names[day] = _FIXED[(day.month, day.day)]
        else:
            names[day] = "Tết Nguyên đán"
    return names


def load_year(year: int, model: Any = None) -> int:
    """Create (or rename) the public holidays of ``year``; days an administrator added stay. Idempotent.

    Returns how many days were created. ``model``: the Holiday model (a migration passes its historical one).
    """
    if model is None:
        from .models import Holiday as model
    created = 0
    for day, name in named_holidays(year).items():
        _obj, was_created = model.objects.update_or_create(date=day, defaults={"name": name})
        created += int(was_created)
    return created


def holiday_dates() -> frozenset[date]:
    """Every holiday of the calendar (a few hundred dates: one query, held for a run)."""
    from .models import Holiday

    return frozenset(Holiday.objects.values_list("date", flat=True))
