"""The draft page: paragraph edits kept across regenerations, which figures changed since, the signer and the
recipients (with defaults per directive and per instance), who may see and edit it; the report letter's pages; a bad
form id on "generate" is a clear error page."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from docx import Document

from cchc.reports import submissions as report_actions
from cchc.reports.tests.test_submissions import log
from cchc.synthesis import actions
from cchc.synthesis.compose import compose
from cchc.synthesis.drafts import signature_for
from cchc.synthesis.figures import collect
from cchc.synthesis.models import GeneratedReport, ReportDraft, SignatureDefaults

from .test_generation import Data, make_data


@pytest.fixture
def data(province: Any, alice: Any, settings: Any) -> Data:
    settings.CCHC_TODAY = "2020-04-10"
    return make_data(province, alice)


def _url(data: Data) -> str:
    return reverse("synthesis:draft", args=[data.setup.form.pk, data.setup.period.pk])


def _blocks(data: Data) -> dict[str, Any]:
    synthesis = collect(data.setup.form, data.setup.period, today=date(2020, 4, 10))
    return {block.key: block for block in compose(synthesis).blocks}


def _generate(data: Data, user: Any, capture: Any) -> GeneratedReport:
    with capture(execute=True):
        report = actions.do_request_generation(data.setup.form, data.setup.period, acting_user=user)
    report.refresh_from_db()
    assert report.status == "ready", report.failure
    return report


def _docx_text(report: GeneratedReport) -> str:
    with report.docx.open("rb") as handle:
        doc = Document(io.BytesIO(handle.read()))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_clerks_edits_and_signer_survive_a_regeneration_with_new_figures(
        data: Data, coordinator: Any, coordinator_client: Any, province: Any, bob: Any,
        django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from cchc.synthesis import build

    real = build.build_synthesis
    monkeypatch.setattr(build, "build_synthesis", lambda *a, **k: real(*a, **{**k, "with_pdf": False}))
    blocks = _blocks(data)
    response = coordinator_client.post(_url(data), {
        "p:intro": "Đoạn mở đầu do chuyên viên viết lại.", "b:intro": blocks["intro"].generated,
        "p:I.forward": blocks["I.forward"].generated, "b:I.forward": blocks["I.forward"].generated,
        "signer_name": "Nguyễn Văn Phó", "signer_position": "Phó Giám đốc", "on_behalf": "1",
        "head_position": "Giám đốc", "recipients": "- Như trên;\nBộ Nội vụ (b/c)\nLưu: VT, CCHC.",
    })
    assert response.status_code == 302
    draft = ReportDraft.objects.get()
    assert set(draft.edits) == {"intro"}  # an untouched paragraph keeps following the figures
    first = _generate(data, coordinator, django_capture_on_commit_callbacks)
    assert "1/5 đơn vị" in _docx_text(first)

    # A new report arrives: Pleiku sends its own
    activity = log(province.pleiku, date(2020, 2, 5), data.setup.web, title="Tin CCHC của thành phố")
    submission = report_actions.do_start_submission(form=data.setup.form, period=data.setup.period,
                                                    unit=province.pleiku, acting_user=bob)
    report_actions.do_save_submission(submission, acting_user=bob, values={"articles": "4", "received": "2"},
                                      activity_ids=[activity.pk])
    report_actions.do_submit(submission, acting_user=bob)
    page = coordinator_client.get(_url(data)).content.decode()
    assert "Số liệu thay đổi so với phiên bản 1" in page
    assert "Số đơn vị đã gửi báo cáo" in page

    second = _generate(data, coordinator, django_capture_on_commit_callbacks)
    text = _docx_text(second)
    assert "Đoạn mở đầu do chuyên viên viết lại." in text  # the edit stayed
    assert "2/5 đơn vị" in text and "1/5 đơn vị" not in text  # the figures moved
    assert "số tin bài: 9 tin bài" in text.lower()
    assert "KT. GIÁM ĐỐC" in text and "PHÓ GIÁM ĐỐC" in text and "Nguyễn Văn Phó" in text
    assert "- Bộ Nội vụ (b/c);" in text


def test_defaults_per_directive_and_per_instance(data: Data, coordinator: Any) -> None:
    form, period = data.setup.form, data.setup.period
    assert signature_for(form, period).name == ""
    SignatureDefaults.objects.create(signer_name="Lê Thị Thu Hà", signer_position="GIÁM ĐỐC")
    assert signature_for(form, period).name == "Lê Thị Thu Hà"
    actions.do_save_draft(form, period, acting_user=coordinator, signer={
        "signer_name": "Trần Văn Phó", "signer_position": "PHÓ GIÁM ĐỐC", "on_behalf": True,
        "head_position": "GIÁM ĐỐC", "recipients": "Như trên"}, save_defaults_for="all")
    assert SignatureDefaults.objects.get(directive__isnull=True).signer_name == "Trần Văn Phó"
    assert signature_for(form, period).authority == ["KT. GIÁM ĐỐC"]


def test_who_sees_and_edits_the_draft(data: Data, coordinator_client: Any, leader_client: Any,
                                      alice_client: Any) -> None:
    page = coordinator_client.get(_url(data))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lưu và tạo báo cáo" in html and 'name="p:intro"' in html
    assert "Chưa có người ký" in html
    leader = leader_client.get(_url(data))
    assert leader.status_code == 200 and "Lưu và tạo báo cáo" not in leader.content.decode()
    assert leader_client.post(_url(data), {"p:intro": "x", "b:intro": "y"}).status_code == 403
    assert alice_client.get(_url(data)).status_code == 403  # an officer: not her page
    assert not ReportDraft.objects.exists()


def test_a_form_id_that_is_not_a_number_is_a_clear_error(coordinator_client: Any, data: Data) -> None:
    for bad in ("abc", "1; DROP", "", "９"):
        response = coordinator_client.post(reverse("synthesis:generate"), {"form": bad, "period": "1"})
        assert response.status_code == 400
        assert "không hợp lệ" in response.content.decode()
    assert not GeneratedReport.objects.exists()


def test_the_report_letter_pages(data: Data, coordinator_client: Any, alice_client: Any, province: Any) -> None:
    url = reverse("reminders:report_letter", args=[data.setup.form.pk, data.setup.period.pk])
    assert alice_client.get(url).status_code == 403
    response = coordinator_client.get(url)
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Kính gửi:" in text
    names = [p.text for p in doc.paragraphs if p.text.startswith("- ")]
    assert "Sở Thông tin và Truyền thông" not in " ".join(names)  # it sent its report
    assert any("Sở Tư pháp" in name for name in names) and any("UBND huyện Chư Păh" in name for name in names)
    assert "quý I/2020" in text.lower() or "Quý I/2020" in text


def test_a_report_obligation_on_the_generic_letter_goes_to_the_report_letter(data: Data, coordinator_client: Any,
                                                                             province: Any) -> None:
    from cchc.reports.obligations import obligation_pk

    pk = obligation_pk(data.setup.period, province.stp)
    response = coordinator_client.get(reverse("reminders:letter"), {"obligation": f"submission:{pk}"})
    assert response.status_code == 302
    assert response["Location"] == reverse("reminders:report_letter", args=[data.setup.form.pk,
                                                                            data.setup.period.pk])
