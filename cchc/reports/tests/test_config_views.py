from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from cchc import test as personas
from cchc.directives.models import Directive, ReportRequest
from cchc.reports.config import do_save_form
from cchc.reports.models import Channel, Indicator, ReportForm, Topic


def _form_data(**overrides: Any) -> dict[str, Any]:
    portal = Indicator.objects.get(code="portal-posts")
    video = Indicator.objects.get(code="video-clips")
    data = {
        "name": "Báo cáo quý", "code": "bao-cao-quy", "period_type": "quarter", "window_mode": "decree09",
        "deadline_days": "2", "start_date": "2020-01-01", "end_date": "2020-12-14",
        "sections_text": "Kết quả\n\nKhó khăn\nKết quả", "expected_kinds": [personas.kind("district").pk],
        "is_active": "on",
        f"ind_{portal.pk}": "on", f"ord_{portal.pk}": "20", f"req_{portal.pk}": "on",
        f"ind_{video.pk}": "on", f"ord_{video.pk}": "10",
    }
    data.update(overrides)
    return data


def test_coordinator_creates_and_edits_a_form(province: personas.Province, coordinator_client: Any) -> None:
    response = coordinator_client.post(reverse("reports:form_create"), _form_data())
    assert response.status_code == 302, response.content.decode()
    form = ReportForm.objects.get(code="bao-cao-quy")
    assert form.sections == ["Kết quả", "Khó khăn"]
    rows = list(form.form_indicators.select_related("indicator"))
    assert [(row.indicator.code, row.required) for row in rows] == [("video-clips", False), ("portal-posts", True)]
    assert form.periods.count() == 4
    page = coordinator_client.get(form.get_absolute_url()).content.decode()
    assert "Quý I/2020" in page and "15/12/2019 – 14/03/2020" in page
    assert "UBND thành phố Pleiku" in page or "Ủy ban nhân dân thành phố Pleiku" in page
    response = coordinator_client.post(reverse("reports:form_edit", args=[form.pk]),
                                       _form_data(name="Báo cáo quý (sửa)", end_date="2020-06-14"))
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.name == "Báo cáo quý (sửa)" and form.periods.count() == 2


def test_form_validation_messages(province: personas.Province, coordinator_client: Any) -> None:
    response = coordinator_client.post(reverse("reports:form_create"), _form_data(
        period_type="once", start_date="2020-11-01", fixed_deadline="2020-10-01"))
    assert response.status_code == 200
    assert "fixed_deadline" in response.context["form"].errors
    assert not ReportForm.objects.exists()


def test_coordinator_creates_and_validates_an_indicator(db: Any, coordinator_client: Any) -> None:
    url = reverse("reports:indicator_create")
    base = {"code": "ty-le-moi", "name": "Tỷ lệ mới", "value_type": "percent", "aggregation": "average",
            "order": "100", "is_active": "on", "prefill": ""}
    response = coordinator_client.post(url, {**base, "max_value": "120"})
    assert response.status_code == 200
    assert "max_value" in response.context["form"].errors
    response = coordinator_client.post(url, {**base, "value_type": "integer", "min_value": "5", "max_value": "1"})
    assert "max_value" in response.context["form"].errors
    response = coordinator_client.post(url, {**base, "max_value": "100", "min_value": "0"})
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="ty-le-moi")
    response = coordinator_client.post(reverse("reports:indicator_edit", args=[indicator.pk]), {
        **base, "name": "Tỷ lệ sửa", "value_type": "integer", "prefill": "count",
        "prefill_channels": [Channel.objects.get(code="portal").pk]})
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Tỷ lệ sửa" and list(indicator.prefill_channels.values_list("code", flat=True)) == [
        "portal"]
    assert "Tỷ lệ sửa" in coordinator_client.get(reverse("reports:indicators")).content.decode()


def test_admin_edits_taxonomies(db: Any, admin_client_: Any) -> None:
    url = reverse("reports:taxonomies")
    assert "Loa truyền thanh cơ sở" in admin_client_.get(url).content.decode()
    admin_client_.post(url, {"taxonomy": "channel", "op": "add", "name": "Podcast", "code": "podcast",
                             "order": "140"})
    assert Channel.objects.get(code="podcast").name == "Podcast"
    topic = Topic.objects.get(code="bcci")
    admin_client_.post(url, {"taxonomy": "topic", "op": "rename", "pk": topic.pk, "name": "Dịch vụ BCCI"})
    admin_client_.post(url, {"taxonomy": "topic", "op": "deactivate", "pk": topic.pk})
    topic.refresh_from_db()
    assert (topic.name, topic.is_active) == ("Dịch vụ BCCI", False)
    response = admin_client_.post(url, {"taxonomy": "channel", "op": "add", "name": "Trùng", "code": "podcast"},
                                  follow=True)
    assert Channel.objects.filter(name="Trùng").count() == 0
    assert response.status_code == 200


def test_officer_and_leader_cannot_change(province: personas.Province, alice_client: Any,
                                          leader_client: Any) -> None:
    form = do_save_form(ReportForm(), acting_user=None, name="Năm", code="nam", period_type="year",
                        start_date=date(2020, 1, 1), end_date=date(2020, 12, 14))
    indicator = Indicator.objects.first()
    for client in (alice_client, leader_client):
        assert client.get(reverse("reports:form_create")).status_code == 403
        assert client.post(reverse("reports:form_edit", args=[form.pk]), _form_data()).status_code == 403
        assert client.get(reverse("reports:indicator_create")).status_code == 403
        assert client.get(reverse("reports:indicator_edit", args=[indicator.pk])).status_code == 403
        assert client.post(reverse("reports:taxonomies"), {"taxonomy": "channel", "op": "add", "name": "X",
                                                           "code": "x"}).status_code == 403
        assert client.post(reverse("reports:forms"), {"request": 1}).status_code == 403
    page = alice_client.get(form.get_absolute_url())
    assert page.status_code == 200 and "Năm 2020" in page.content.decode()
    assert alice_client.get(reverse("reports:forms")).status_code == 200
    assert reverse("reports:form_create") not in alice_client.get(reverse("reports:forms")).content.decode()


def test_coordinator_creates_the_form_of_a_request(province: personas.Province, coordinator_client: Any) -> None:
    directive = Directive.objects.create(number="2031/UBND-NC", doc_type="Công văn", date=date(2020, 10, 1))
    request = ReportRequest.objects.create(directive=directive, text="Báo cáo tuyên truyền",
                                           deadline=date(2020, 11, 25))
    request.units.set([province.pleiku])
    page = coordinator_client.get(reverse("reports:forms")).content.decode()
    assert "Báo cáo tuyên truyền" in page
    response = coordinator_client.post(reverse("reports:forms"), {"request": request.pk})
    form = ReportForm.objects.get(report_request=request)
    assert response.status_code == 302 and response["Location"] == form.get_absolute_url()
    assert list(form.expected_units.all()) == [province.pleiku]
