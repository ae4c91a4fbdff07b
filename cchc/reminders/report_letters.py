"""Finding the report a directive asks for (its one-off form and period) and naming the letter's file."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any


def directive_report(number_or_directive: Any) -> tuple[Any, Any] | None:
    """(form, period) of the one-off report answering the directive (by number, "2031/UBND-NC", or instance)."""
    from cchc.reports.choices import PeriodType
    from cchc.reports.models import ReportForm

    forms = ReportForm.objects.filter(period_type=PeriodType.ONCE).select_related("directive", "report_request")
    if isinstance(number_or_directive, str):
        forms = forms.filter(directive__number__iexact=number_or_directive.replace(" ", ""))
    else:
        forms = forms.filter(directive=number_or_directive)
    form = forms.order_by("-directive__year", "-directive__date", "-id").first()
    if form is None:
        return None
    period = form.periods.order_by("-start").first()
    return (form, period) if period is not None else None


def letter_file_name(form: Any, period: Any, today: date) -> str:
    """ "cong-van-nhac-bao-cao-2031-UBND-NC-20201120.docx"."""
    directive = form.directive
    source = directive.number if directive is not None and directive.number else form.code
    text = (source or "").replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or str(form.pk)
    return f"cong-van-nhac-bao-cao-{slug}-{today:%Y%m%d}.docx"
