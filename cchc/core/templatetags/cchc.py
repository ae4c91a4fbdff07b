"""Template filters for Vietnamese dates and numbers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template

from cchc.lib import vn

register = template.Library()


@register.filter
def vndate(value: date | datetime | None) -> str:
    """01/10/2020."""
    if isinstance(value, datetime):
        from django.utils import timezone

        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return vn.date_short(value)


@register.filter
def vndatetime(value: datetime | None) -> str:
    """14:05 01/10/2020."""
    if value is None:
        return ""
    from django.utils import timezone

    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return local.strftime("%H:%M %d/%m/%Y")


@register.filter
def vnwords(value: date | None) -> str:
    """ngày 01 tháng 10 năm 2020."""
    return vn.date_in_words(value) if value else ""


@register.filter
def vnnumber(value: Any, decimals: int = 0) -> str:
    """1.234,5; empty for None (not reported)."""
    if value is None or value == "":
        return ""
    return vn.format_number(value, int(decimals))


@register.filter
def vnpercent(value: float | None, decimals: int = 1) -> str:
    """0.125 → 12,5%."""
    return vn.format_percent(value, int(decimals))


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **kwargs: Any) -> str:
    """The current query string with some parameters replaced (for pagination and sorting links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()
