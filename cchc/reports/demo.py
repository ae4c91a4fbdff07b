"""Demo data of the reports configuration: the 2020 forms of the founding dispatch (idempotent)."""

from __future__ import annotations

from datetime import date
from typing import Any

from cchc.units import choices as kinds
from cchc.units.models import UnitKind

from .catalogue import load_catalogue
from .choices import PeriodType
from .config import create_form_for_request, do_save_form
from .models import Indicator, ReportForm

ANNUAL_2020_CODE = "bao-cao-tuyen-truyen-cchc-nam"
ANNUAL_KINDS = (kinds.DEPARTMENT, kinds.DISTRICT, kinds.MASS_ORG, kinds.PRESS, kinds.BROADCASTER, kinds.PORTAL,
                kinds.SERVICE_CENTRE, kinds.POST)
ANNUAL_SECTIONS = [
    "Công tác chỉ đạo, điều hành",
    "Kết quả thực hiện",
    "Mô hình, sáng kiến nổi bật",
    "Khó khăn, hạn chế",
    "Phương hướng, nhiệm vụ năm tiếp theo",
    "Đề xuất, kiến nghị",
]


def load_annual_form_2020() -> ReportForm:
    """The yearly CCHC communication report: Decree 09 window 15/12/2019 → 14/12/2020, 2 working days to send."""
    form = ReportForm.objects.filter(code=ANNUAL_2020_CODE).first()
    if form is not None:
        return form
    return do_save_form(
        ReportForm(), acting_user=None, name="Báo cáo kết quả công tác tuyên truyền cải cách hành chính năm",
        code=ANNUAL_2020_CODE, period_type=PeriodType.YEAR, window_mode="decree09", deadline_days=2,
        start_date=date(2020, 1, 1), end_date=date(2020, 12, 14), sections=list(ANNUAL_SECTIONS),
        indicators=list(Indicator.objects.filter(is_active=True)),
        expected_kinds=list(UnitKind.objects.filter(code__in=ANNUAL_KINDS)),
    )


def load_forms_2020(directive: Any) -> tuple[ReportForm, ReportForm]:
    """The catalogue, the annual 2020 report and the one-off report the founding dispatch asks for."""
    load_catalogue()
    annual = load_annual_form_2020()
    request = directive.report_requests.order_by("deadline", "id").first()
    if request is None:
        raise ValueError("The founding dispatch has no report request.")
    one_off = create_form_for_request(request, acting_user=None)
    return annual, one_off
