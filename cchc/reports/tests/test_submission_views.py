"""The report pages: lists, start, fill (validation keeps what was typed), workflow buttons, who may see what."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from cchc.reports import submissions as actions
from cchc.reports.choices import SubmissionStatus
from cchc.reports.models import IndicatorValue, Submission

from .test_submissions import ReportSetup, log, make_report_setup


@pytest.fixture
def setup(province: Any) -> ReportSetup:
    return make_report_setup()


@pytest.fixture
def draft(setup: ReportSetup, province: Any, alice: Any) -> Submission:
    return actions.do_start_submission(form=setup.form, period=setup.period, unit=province.stttt, acting_user=alice)


def _post_values(setup: ReportSetup, **values: str) -> dict[str, str]:
    data = {f"value_{code}": "" for code in setup.indicators}
    data.update({f"value_{code}": value for code, value in values.items()})
    data["narrative_0"] = "Đã đăng tin"
    data["narrative_1"] = ""
    return data


def test_the_officer_list_shows_expected_reports(settings: Any, setup: ReportSetup, alice_client: Any,
                                                 draft: Submission) -> None:
    settings.CCHC_TODAY = "2020-05-20"
    response = alice_client.get(reverse("reports:submissions"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert {row["period"].label for row in rows} == {setup.periods[0].label, setup.periods[1].label}
    assert {row["unit"].code for row in rows} == {"stttt"}
    states = {row["period"].pk: row["state"] for row in rows}
    assert states[setup.periods[0].pk] == actions.STATE_OVERDUE
    assert states[setup.periods[1].pk] == actions.STATE_MISSING


def test_the_coordinator_list_counts_states(settings: Any, setup: ReportSetup, coordinator_client: Any,
                                            draft: Submission, alice: Any) -> None:
    settings.CCHC_TODAY = "2020-04-01"
    actions.do_save_submission(draft, acting_user=alice, values={"articles": "1", "received": "1"})
    actions.do_submit(draft, acting_user=alice)
    response = coordinator_client.get(reverse("reports:submissions"),
                                      {"form": setup.form.pk, "period": setup.period.pk})
    assert response.status_code == 200
    counts = {state: count for state, _label, _css, count in response.context["counts"]}
    assert counts[actions.STATE_ON_TIME] == 1
    assert counts[actions.STATE_MISSING] == response.context["expected_count"] - 1
    assert draft.get_absolute_url().encode() in response.content


def test_opening_a_report_creates_nothing_saving_creates_it(setup: ReportSetup, province: Any,
                                                             alice_client: Any) -> None:
    params = {"form": setup.form.pk, "period": setup.period.pk, "unit": province.stttt.pk}
    response = alice_client.get(reverse("reports:submission_start"), params)
    assert response.status_code == 200 and not Submission.objects.exists()
    assert b'data-testid="not-created"' in response.content
    response = alice_client.post(reverse("reports:submission_start"), {**params, "save": "1"})
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:submission", args=[submission.pk])
    response = alice_client.get(reverse("reports:submission_start"), params)
    assert response.status_code == 302 and Submission.objects.count() == 1
    assert response["Location"] == reverse("reports:submission_edit", args=[submission.pk])


def test_start_for_another_unit_is_refused(setup: ReportSetup, province: Any, alice_client: Any,
                                           leader_client: Any) -> None:
    data = {"form": setup.form.pk, "period": setup.period.pk, "unit": province.pleiku.pk}
    assert alice_client.post(reverse("reports:submission_start"), data).status_code == 403
    assert leader_client.post(reverse("reports:submission_start"), data).status_code == 403
    assert not Submission.objects.exists()


def test_the_fill_form_shows_the_suggestion(setup: ReportSetup, province: Any, alice_client: Any) -> None:
    log(province.stttt, date(2020, 2, 1), setup.web)
    log(province.stttt, date(2020, 2, 2), setup.web)
    submission = actions.do_start_submission(form=setup.form, period=setup.period, unit=province.stttt,
                                             acting_user=None)
    response = alice_client.get(reverse("reports:submission_edit", args=[submission.pk]))
    assert response.status_code == 200
    rows = {row["indicator"].code: row for row in response.context["form"].indicator_rows}
    assert rows["articles"]["suggestion"] == "2"
    assert response.context["form"]["value_articles"].value() == "2"


def test_saving_a_draft_stores_empty_as_not_reported(setup: ReportSetup, alice_client: Any,
                                                     draft: Submission) -> None:
    response = alice_client.post(reverse("reports:submission_edit", args=[draft.pk]),
                                 _post_values(setup, articles="4", received="0", resolved=""))
    assert response.status_code == 302
    values = actions.current_values(draft)
    assert values["articles"] == 4 and values["received"] == 0 and values.get("resolved") is None
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.DRAFT
    assert draft.narrative["Kết quả"] == "Đã đăng tin"
    detail = alice_client.get(draft.get_absolute_url())
    assert "not reported" in detail.content.decode() or "chưa báo cáo" in detail.content.decode()


def test_errors_keep_the_typed_values(setup: ReportSetup, alice_client: Any, draft: Submission) -> None:
    response = alice_client.post(reverse("reports:submission_edit", args=[draft.pk]),
                                 _post_values(setup, articles="-3", online="120", received="5", resolved="9",
                                              note="Ghi chú dài"))
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"value_articles", "value_online", "value_resolved"}
    assert form["value_articles"].value() == "-3"
    assert form["value_received"].value() == "5"
    assert form["value_note"].value() == "Ghi chú dài"
    assert "Nhập số nguyên từ 0 trở lên." in response.content.decode()
    assert not IndicatorValue.objects.filter(submission=draft, indicator__code="received").exists()


def test_save_and_submit(setup: ReportSetup, alice_client: Any, draft: Submission) -> None:
    data = _post_values(setup, articles="4")
    data["submit"] = "1"
    response = alice_client.post(reverse("reports:submission_edit", args=[draft.pk]), data)
    assert response.status_code == 200  # "received" is required to submit
    assert "value_received" in response.context["form"].errors
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.DRAFT
    assert actions.current_values(draft)["articles"] == 4  # the draft itself was saved
    data = _post_values(setup, articles="4", received="2")
    data["submit"] = "1"
    response = alice_client.post(reverse("reports:submission_edit", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.SUBMITTED


def test_review_buttons(setup: ReportSetup, alice: Any, alice_client: Any, coordinator_client: Any,
                        draft: Submission) -> None:
    actions.do_save_submission(draft, acting_user=alice, values={"articles": "1", "received": "1"})
    assert alice_client.post(reverse("reports:submission_submit", args=[draft.pk])).status_code == 302
    page = coordinator_client.get(draft.get_absolute_url())
    assert page.context["can_return"] and page.context["can_approve"] and not page.context["can_edit"]
    coordinator_client.post(reverse("reports:submission_return", args=[draft.pk]), {"reason": ""})
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.SUBMITTED  # no reason: refused, nothing changed
    coordinator_client.post(reverse("reports:submission_return", args=[draft.pk]), {"reason": "Thiếu số liệu"})
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.RETURNED
    page = alice_client.get(draft.get_absolute_url())
    assert "Thiếu số liệu" in page.content.decode()
    alice_client.post(reverse("reports:submission_submit", args=[draft.pk]))
    coordinator_client.post(reverse("reports:submission_approve", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.APPROVED
    response = alice_client.get(reverse("reports:submission_edit", args=[draft.pk]))
    assert response.status_code == 302  # locked
    alice_client.post(reverse("reports:submission_reopen", args=[draft.pk]), {"reason": "x"})
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.APPROVED
    coordinator_client.post(reverse("reports:submission_reopen", args=[draft.pk]), {"reason": "Sửa số liệu"})
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.RETURNED
    history = coordinator_client.get(draft.get_absolute_url()).context["history"]
    assert [event.kind for event in history][-3:] == ["resubmit", "approve", "reopen"]
    assert history[-1].reason == "Sửa số liệu" and history[-1].by.username == "sonoivu"


def test_other_units_get_404(draft: Submission, bob_client: Any) -> None:
    for name in ("reports:submission", "reports:submission_edit"):
        assert bob_client.get(reverse(name, args=[draft.pk])).status_code == 404
    for name in ("reports:submission_submit", "reports:submission_return", "reports:submission_approve",
                 "reports:submission_reopen", "reports:submission_edit"):
        assert bob_client.post(reverse(name, args=[draft.pk]), {"reason": "x"}).status_code == 404
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.DRAFT


def test_leaders_read_only(draft: Submission, leader_client: Any) -> None:
    page = leader_client.get(draft.get_absolute_url())
    assert page.status_code == 200
    assert not (page.context["can_edit"] or page.context["can_submit"] or page.context["can_approve"])
    assert leader_client.get(reverse("reports:submission_edit", args=[draft.pk])).status_code == 403
    for name in ("reports:submission_submit", "reports:submission_return", "reports:submission_approve",
                 "reports:submission_reopen", "reports:submission_edit"):
        assert leader_client.post(reverse(name, args=[draft.pk]), {"reason": "x"}).status_code == 403
    assert leader_client.get(reverse("reports:submissions")).status_code == 200


def test_a_leader_following_a_reports_link_reads_it_or_is_told_it_has_not_started(
        setup: ReportSetup, province: Any, draft: Submission, leader_client: Any) -> None:
    start = reverse("reports:submission_start")
    started = leader_client.get(start, {"form": setup.form.pk, "period": setup.period.pk, "unit": province.stttt.pk})
    assert started.status_code == 302 and started["Location"] == draft.get_absolute_url()
    silent = leader_client.get(start, {"form": setup.form.pk, "period": setup.period.pk, "unit": province.stp.pk},
                               follow=True)
    assert silent.status_code == 200
    assert "chưa lập báo cáo" in silent.content.decode()
    assert not Submission.objects.filter(unit=province.stp).exists()


def test_workflow_urls_are_post_only(draft: Submission, alice_client: Any) -> None:
    assert alice_client.get(reverse("reports:submission_submit", args=[draft.pk])).status_code == 405
