"""Surveys: the builder's rules, answering (required, skip logic, "other"), the satisfaction index on hand-computed
cases, per-unit results, exports, the reporting source, and who sees what."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cchc.surveys import actions, results
from cchc.surveys.apps import INDICATOR_CODE, SOURCE_CODE
from cchc.surveys.models import Response, ResponseAnswer, Survey


@pytest.fixture
def survey(province: Any) -> dict[str, Any]:
    s = actions.do_create_survey(title="Khảo sát sự hài lòng về dịch vụ hành chính công", acting_user=None)
    section = actions.do_add_section(s, title="Đánh giá", acting_user=None)
    q_access = actions.do_add_question(s, text="Tiếp cận dịch vụ", kind="rating", section=section, acting_user=None)
    q_staff = actions.do_add_question(s, text="Công chức tiếp nhận", kind="rating", section=section, acting_user=None)
    q_channel = actions.do_add_question(s, text="Bạn biết thủ tục qua kênh nào?", kind="multiple",
                                        choices=["Báo, đài", "Cổng thông tin", "Người quen"], allow_other=True,
                                        acting_user=None)
    q_online = actions.do_add_question(s, text="Bạn đã nộp hồ sơ trực tuyến chưa?", kind="single",
                                       choices=["Rồi", "Chưa"], acting_user=None)
    yes = q_online.choices.get(text="Rồi")
    q_portal = actions.do_add_question(s, text="Cổng dịch vụ công dễ dùng không?", kind="rating", show_if=yes,
                                       acting_user=None)
    q_text = actions.do_add_question(s, text="Góp ý", kind="text", required=False, acting_user=None)
    link_a = actions.do_add_link(s, unit=province.stttt, service="Cấp giấy phép", acting_user=None)
    link_b = actions.do_add_link(s, unit=province.pleiku, acting_user=None)
    return {"survey": s, "access": q_access, "staff": q_staff, "channel": q_channel, "online": q_online,
            "yes": yes, "no": q_online.choices.get(text="Chưa"), "portal": q_portal, "text": q_text,
            "a": link_a, "b": link_b}


def answer(s: dict, link: Any, access: int | None, staff: int | None, *, online: str = "no",
           portal: int | None = None, channels: tuple | list = ("Báo, đài",), other: str = "",
           text: str = "") -> Response:
    channel_ids = [c.id for c in s["channel"].choices.all() if c.text in channels]
    data = {s["access"].id: {"rating": access}, s["staff"].id: {"rating": staff},
            s["channel"].id: {"choices": channel_ids, "other": other},
            s["online"].id: {"choices": [s[online].id]}, s["portal"].id: {"rating": portal},
            s["text"].id: {"text": text}}
    return actions.do_submit_response(s["survey"], data, link=link)


def test_satisfaction_index_on_hand_computed_cases(survey: dict) -> None:
    # unit A: ratings 5, 4 | 3, 2 | 4, 5 + portal 1 → 7 answers, satisfied 4 (5, 4, 4, 5) → 57.1 %
    answer(survey, survey["a"], 5, 4, channels=["Báo, đài"])
    answer(survey, survey["a"], 3, 2, channels=["Cổng thông tin"], other="Loa phát thanh xã")
    answer(survey, survey["a"], 4, 5, online="yes", portal=1, channels=["Người quen"])
    # unit B: 5, 5 → 100 %
    answer(survey, survey["b"], 5, 5, channels=["Báo, đài"])
    responses = Response.objects.filter(survey=survey["survey"])
    overall = results.satisfaction(responses)
    assert (overall["satisfied"], overall["answered"], overall["index"]) == (6, 9, Decimal("66.7"))
    rows = {r["unit"]: r for r in results.by_unit(responses)}
    assert rows["Sở Thông tin và Truyền thông"]["index"] == Decimal("57.1")
    assert rows["Sở Thông tin và Truyền thông"]["responses"] == 3
    assert rows["UBND thành phố Pleiku"]["index"] == Decimal("100.0")
    assert results.index_of(0, 0) is None
    # the reporting source: the unit's index over a period, None when nothing was answered
    from cchc.reports.sources import source_value

    today = timezone.localdate(responses.first().submitted_at)  # the source counts days in Vietnam
    assert source_value(SOURCE_CODE, survey["a"].unit_id, date(2000, 1, 1), today) == Decimal("57.1")
    assert source_value(SOURCE_CODE, survey["a"].unit_id, date(2000, 1, 1), date(2000, 1, 2)) is None


def test_required_skip_logic_and_other(survey: dict) -> None:
    with pytest.raises(actions.SurveyError) as missing:
        answer(survey, survey["a"], None, 4)
    assert missing.value.errors == {survey["access"].id: "Câu hỏi này bắt buộc."}
    # the portal question is skipped when the answer is "Chưa": not required, and an answer sent anyway is ignored
    r = answer(survey, survey["a"], 4, 4, online="no", portal=2)
    assert not ResponseAnswer.objects.filter(response=r, question=survey["portal"]).exists()
    with pytest.raises(actions.SurveyError) as skipped:
        answer(survey, survey["a"], 4, 4, online="yes", portal=None)
    assert survey["portal"].id in skipped.value.errors
    r = answer(survey, survey["a"], 4, 4, channels=["Báo, đài", "Người quen"], other="Loa phát thanh")
    texts = list(ResponseAnswer.objects.filter(response=r, question=survey["channel"]).values_list("text", "is_other"))
    assert ("Loa phát thanh", True) in texts
    with pytest.raises(actions.SurveyError):
        answer(survey, survey["a"], 9, 4)
    assert Response.objects.count() == 2


def test_public_form_rate_limited_and_anonymous(survey: dict, client: Any, settings: Any) -> None:
    s = survey
    url = reverse("surveys:link", args=[s["a"].code])
    page = client.get(url)
    assert page.status_code == 200 and "Cấp giấy phép" in page.content.decode()
    form = {f"q{s['access'].id}": "5", f"q{s['staff'].id}": "4", f"q{s['online'].id}": str(s["no"].id),
            f"q{s['channel'].id}": ["other"], f"q{s['channel'].id}_other": "=HYPERLINK(\"x\")"}
    ok = client.post(url, form)
    assert ok.status_code == 200 and "Cảm ơn" in ok.content.decode()
    response = Response.objects.get()
    assert response.unit_id == s["a"].unit_id and response.service == "Cấp giấy phép"
    assert not any(f.name in {"ip", "ip_address", "name"} for f in Response._meta.fields)
    missing = client.post(url, {f"q{s['staff'].id}": "4"})
    assert missing.status_code == 400 and "bắt buộc" in missing.content.decode()
    for _ in range(25):
        last = client.post(url, form)
    assert last.status_code == 400 and "quá nhiều" in last.content.decode()
    assert Response.objects.count() == 19  # 20 posts within the hour, one of them incomplete


def test_export_is_readable(survey: dict, coordinator_client: Any) -> None:
    import openpyxl

    answer(survey, survey["a"], 5, 4, channels=["Báo, đài", "Cổng thông tin"], other="=1+1")
    response = coordinator_client.get(reverse("surveys:export", args=[survey["survey"].pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["Phiếu trả lời"]
    headers = [c.value for c in sheet[1]]
    row = dict(zip(headers, [c.value for c in sheet[2]], strict=False))
    assert row["Bạn biết thủ tục qua kênh nào?"] == "Báo, đài; Cổng thông tin"
    assert row["Bạn biết thủ tục qua kênh nào? — Khác (ghi rõ)"] == "=1+1"
    assert sheet.cell(2, headers.index("Bạn biết thủ tục qua kênh nào? — Khác (ghi rõ)") + 1).data_type == "s"
    assert row["Tiếp cận dịch vụ"] == "5 — Rất hài lòng"


def test_officers_see_only_their_units(survey: dict, alice_client: Any, bob_client: Any) -> None:
    answer(survey, survey["a"], 5, 5)
    answer(survey, survey["b"], 1, 1)
    page = alice_client.get(reverse("surveys:results", args=[survey["survey"].pk])).content.decode()
    assert "Sở Thông tin và Truyền thông" in page and "UBND thành phố Pleiku" not in page
    assert "100,0%" in page
    api = bob_client.get(f"/api/v1/surveys/{survey['survey'].slug}/results/").json()
    assert api["index"] == 0 and [u["unit"] for u in api["units"]] == ["UBND thành phố Pleiku"]
    assert alice_client.post(reverse("surveys:manage", args=[survey["survey"].pk]),
                             {"what": "open", "open": "0"}).status_code == 403
    assert alice_client.get(reverse("surveys:qr", args=[survey["b"].pk])).status_code == 404


def test_api_answer(survey: dict, client: Any) -> None:
    s = survey
    listing = client.get("/api/v1/surveys/").json()
    assert listing["results"][0]["slug"] == s["survey"].slug
    detail = client.get(f"/api/v1/surveys/{s['survey'].slug}/").json()
    assert len(detail["questions"]) == 6
    sent = client.post(f"/api/v1/surveys/{s['survey'].slug}/responses/", {
        "link": s["b"].code, "answers": [
            {"question": s["access"].id, "rating": 4}, {"question": s["staff"].id, "rating": 5},
            {"question": s["online"].id, "choices": [s["no"].id]},
            {"question": s["channel"].id, "choices": [], "other": "Loa phát thanh"}]},
        content_type="application/json")
    assert sent.status_code == 201, sent.content
    bad = client.post(f"/api/v1/surveys/{s['survey'].slug}/responses/", {"answers": []},
                      content_type="application/json")
    assert bad.status_code == 400 and str(s["access"].id) in bad.json()["errors"]


def test_indicator_created_for_reports(db: Any) -> None:
    from cchc.reports.models import Indicator
    from cchc.surveys.apps import ensure_indicator

    ensure_indicator()
    ensure_indicator()
    indicator = Indicator.objects.get(code=INDICATOR_CODE)
    assert indicator.prefill == "module" and indicator.prefill_module == SOURCE_CODE


def test_qr_code_reads_back(survey: dict, coordinator_client: Any, tmp_path: Any) -> None:
    import shutil
    import subprocess

    svg = coordinator_client.get(reverse("surveys:qr", args=[survey["a"].pk]))
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    printed = coordinator_client.get(reverse("surveys:print", args=[survey["survey"].pk])).content.decode()
    assert printed.count("<svg") >= 2
    if shutil.which("zbarimg"):
        import segno

        png = tmp_path / "qr.png"
        segno.make(f"http://testserver/khao-sat/l/{survey['a'].code}/", error="m").save(png, scale=6)
        out = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True, check=False)
        assert survey["a"].code in out.stdout
    assert Survey.objects.count() == 1


def test_builder_pages(coordinator_client: Any, province: Any) -> None:
    created = coordinator_client.post(reverse("surveys:create"), {"title": "Khảo sát thử"})
    survey = Survey.objects.get(title="Khảo sát thử")
    assert created.status_code == 302
    url = reverse("surveys:manage", args=[survey.pk])
    coordinator_client.post(url, {"what": "section", "title": "Phần A"})
    coordinator_client.post(url, {"what": "question", "text": "Bạn đã dùng dịch vụ công trực tuyến?",
                                  "kind": "single", "choices": "Có\nKhông", "required": "on"})
    yes = survey.questions.get().choices.get(text="Có")
    coordinator_client.post(url, {"what": "question", "text": "Mức độ hài lòng với cổng", "kind": "rating",
                                  "section": survey.sections.get().pk, "show_if": yes.pk, "required": "on"})
    coordinator_client.post(url, {"what": "link", "unit": province.pleiku.pk, "service": "Hộ tịch"})
    assert survey.questions.count() == 2 and survey.links.get().service == "Hộ tịch"
    page = coordinator_client.get(url).content.decode()
    assert "Chỉ hỏi khi chọn “Có”" in page
    public = coordinator_client.get(reverse("surveys:answer", args=[survey.slug])).content.decode()
    assert "Chỉ trả lời nếu ở câu 1 bạn chọn “Có”" in public
