"""The public API, the statistics (page, XLSX with text cells) and the report indicators pre-filled from here."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from cchc.feedback import actions
from cchc.feedback.models import Feedback
from cchc.feedback.sources import ON_TIME, RECEIVED, RESOLVED, ensure_indicators
from cchc.reports.models import Indicator
from cchc.reports.sources import source_value


@pytest.mark.django_db
def test_the_public_api(client: Any, categories: Any, province: Any) -> None:
    listed = client.get("/api/v1/feedback/categories/").json()
    assert {"slug": "dat-dai", "name": "Thủ tục hành chính lĩnh vực đất đai"}.items() <= listed[2].items()
    response = client.post("/api/v1/feedback/", {
        "category": "xay-dung", "unit": province.pleiku.pk, "title": "Giấy phép xây dựng quá hạn",
        "content": "Đã quá hạn 15 ngày.", "name": "Trần Văn B", "phone": "0912345678", "email": "b@example.com",
        "consent": True}, content_type="application/json")
    assert response.status_code == 201, response.content
    code = response.json()["tracking_code"]
    item = Feedback.objects.get(tracking_code=code)
    assert item.unit_concerned == province.pleiku and item.channel == "api"
    status = client.get(f"/api/v1/feedback/{code}/").json()
    assert status["status"] == "new" and status["title"] == "Giấy phép xây dựng quá hạn"
    assert "Trần Văn B" not in str(status) and "0912345678" not in str(status)
    missing = client.post("/api/v1/feedback/", {"category": "xay-dung", "title": "x", "content": "y",
                                                "name": "A", "consent": False}, content_type="application/json")
    assert missing.status_code == 400 and Feedback.objects.count() == 1
    assert client.get("/api/v1/feedback/PA-2020-ZZZZZZZZ/").status_code == 404


@pytest.fixture
def history(settings: Any, categories: Any, province: Any, coordinator: Any, bob: Any) -> list[Feedback]:
    settings.CCHC_TODAY = "2020-10-01"
    items = [actions.do_submit_feedback(category=categories["dat-dai"], title=f"Phản ánh {n}", content="=1+1",
                                        consent=True) for n in range(4)]
    for item in items[:3]:
        actions.do_route_feedback(item, province.pleiku, acting_user=coordinator)
    actions.do_publish_answer(items[0], acting_user=coordinator, text="Đã giải quyết.")
    actions.do_record_resolution(items[0], True)
    settings.CCHC_TODAY = "2020-11-20"
    actions.do_publish_answer(items[1], acting_user=coordinator, text="Đã giải quyết, trễ hạn.")
    return items


@pytest.mark.django_db
def test_statistics_and_their_export(history: Any, coordinator_client: Any, bob_client: Any, alice_client: Any,
                                     province: Any) -> None:
    page = coordinator_client.get(reverse("feedback:stats"), {"from": "2020-01-01", "to": "2020-12-31"})
    stats = page.context["stats"]
    assert (stats.total.received, stats.total.answered, stats.total.on_time, stats.total.late,
            stats.total.overdue, stats.total.satisfied) == (4, 2, 1, 1, 2, 1)
    assert 'data-testid="chart-months"' in page.content.decode()
    pleiku = next(row for row in stats.by_unit if row.key == province.pleiku.pk)
    assert (pleiku.received, pleiku.answered) == (3, 2)
    assert alice_client.get(reverse("feedback:stats"), {"from": "2020-01-01"}).context["stats"].total.received == 0
    response = coordinator_client.get(reverse("feedback:stats"), {"from": "2020-01-01", "to": "2020-12-31",
                                                                  "export": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Theo đơn vị", "Theo lĩnh vực", "Theo tháng", "Danh sách"]
    rows = list(workbook["Danh sách"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 4
    cells = [cell for row in workbook["Danh sách"].iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type == "s" for cell in cells if cell.value is not None)
    assert not any(isinstance(c.value, str) and c.value.startswith("=") and c.data_type == "f" for c in cells)


@pytest.mark.django_db
def test_report_indicators_are_prefilled_from_feedback(history: Any, province: Any) -> None:
    ensure_indicators()
    codes = dict(Indicator.objects.filter(code__startswith="feedback-").values_list("code", "prefill_module"))
    assert codes == {"feedback-received": RECEIVED, "feedback-resolved": RESOLVED, "feedback-on-time": ON_TIME}
    assert Indicator.objects.get(code="feedback-received").prefill == "module"
    ensure_indicators()  # idempotent
    assert Indicator.objects.filter(code__startswith="feedback-").count() == 3
    unit = province.pleiku.pk
    year = (date(2020, 1, 1), date(2020, 12, 31))
    assert source_value(RECEIVED, unit, *year) == Decimal(3)
    assert source_value(RESOLVED, unit, *year) == Decimal(2)
    assert source_value(ON_TIME, unit, *year) == Decimal(1)
    assert source_value(RECEIVED, province.stttt.pk, *year) == Decimal(0)
