"""The one clock: every date rule (due, overdue, reminders, periods) asks ``today()``.

``CCHC_TODAY=YYYY-MM-DD`` fixes it (tests, the 2020 demo); unset, it is the real date in Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def fixed_today() -> date | None:
    """The date ``CCHC_TODAY`` fixes, or ``None`` when the clock runs."""
    value = getattr(settings, "CCHC_TODAY", "") or ""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ImproperlyConfigured(f"CCHC_TODAY phải có dạng YYYY-MM-DD, không phải {value!r}.") from exc


def today() -> date:
    """Today's date for every business rule."""
    return fixed_today() or timezone.now().astimezone(VIETNAM).date()


def now() -> datetime:
    """The current moment; with a fixed clock, today's date at the current time of day (aware)."""
    real = timezone.now().astimezone(VIETNAM)
    fixed = fixed_today()
    if fixed is None:
        return real
    return datetime.combine(fixed, real.time(), tzinfo=VIETNAM)


def start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in Vietnam (aware)."""
    return datetime.combine(day, time.min, tzinfo=VIETNAM)
