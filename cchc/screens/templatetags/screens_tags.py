"""Template filters of the screens pages."""

from __future__ import annotations

from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def vnduration(value: timedelta | None) -> str:
    """“3 ngày 2 giờ”, “5 phút”, “vừa xong” — how long a screen has been silent."""
    if value is None:
        return ""
    seconds = max(0, int(value.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if days:
        return f"{days} ngày {hours} giờ" if hours else f"{days} ngày"
    if hours:
        return f"{hours} giờ {minutes} phút" if minutes else f"{hours} giờ"
    if minutes:
        return f"{minutes} phút"
    return f"{seconds} giây"


@register.filter
def seconds_vn(value: int | None) -> str:
    seconds = int(value or 0)
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes} phút {seconds:02d} giây" if minutes else f"{seconds} giây"
