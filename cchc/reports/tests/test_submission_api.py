"""The reports API: /api/v1/forms/ and /api/v1/submissions/ (create, fill, workflow steps, who may do what)."""

from __future__ import annotations

from typing import Any

import pytest

from cchc.reports import submissions as actions
from cchc.reports.choices import SubmissionStatus
from cchc.reports.models import Submission

from .test_submissions import ReportSetup, make_report_setup

FORMS = "/api/v1/forms/"
SUBMISSIONS = "/api/v1/submissions/"


@pytest.fixture
def setup(province: Any) -> ReportSetup:
    return make_report_setup()


@pytest.fixture
def draft(setup: ReportSetup, province: Any, alice: Any) -> Submission:
    return actions.do_start_submission(form=setup.form, period=setup.period, unit=province.stttt, acting_user=alice)


def _patch(client: Any, submission: Submission, body: dict[str, Any]) -> Any:
    return client.patch(f"{SUBMISSIONS}{submission.pk}/", body, content_type="application/json")


def test_forms_with_their_periods(setup: ReportSetup, alice_client: Any) -> None:
    response = alice_client.get(FORMS)
    assert response.status_code == 200
    form = response.json()["results"][0]
    assert form["id"] == setup.form.pk and form["name"] == setup.form.name
    assert form["period_type"] == "quarter" and form["directive"] is None
    assert [period["id"] for period in form["periods"]] == [period.pk for period in setup.periods]
    assert form["periods"][0] == {"id": setup.period.pk, "label": setup.period.label, "start": "2020-01-01",
                                  "end": "2020-03-31", "deadline": setup.period.deadline.isoformat()}


def test_create_and_fill(setup: ReportSetup, province: Any, alice_client: Any) -> None:
    response = alice_client.post(SUBMISSIONS, {"form": setup.form.pk, "period": setup.period.pk,
                                               "unit": province.stttt.pk}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["submitted_at"] is None and body["unit"] == province.stttt.pk
    values = {row["indicator"]: row["value"] for row in body["values"]}
    assert list(values) == list(setup.indicators)
    assert values["articles"] == 0 and values["received"] is None
    submission = Submission.objects.get(pk=body["id"])
    response = _patch(alice_client, submission, {
        "values": [{"indicator": "received", "value": 10}, {"indicator": "resolved", "value": 0},
                   {"indicator": "online", "value": 55.5}, {"indicator": "portal", "value": True},
                   {"indicator": "note", "value": "Ổn"}],
        "narrative": {"Kết quả": "Tốt"}})
    assert response.status_code == 200, response.content
    values = {row["indicator"]: row["value"] for row in response.json()["values"]}
    assert values == {"articles": 0, "copies": None, "reach": None, "received": 10, "resolved": 0, "online": 55.5,
                      "note": "Ổn", "portal": True}
    assert response.json()["narrative"]["Kết quả"] == "Tốt"
    response = _patch(alice_client, submission, {"values": [{"indicator": "received", "value": None}]})
    assert {row["indicator"]: row["value"] for row in response.json()["values"]}["received"] is None


def test_invalid_values_answer_400_and_change_nothing(alice_client: Any, draft: Submission) -> None:
    response = _patch(alice_client, draft, {"values": [{"indicator": "articles", "value": -1},
                                                       {"indicator": "received", "value": 3}]})
    assert response.status_code == 400
    assert "articles" in response.json()["errors"] and response.json()["detail"]
    assert actions.current_values(draft).get("received") is None


def test_workflow_steps(alice: Any, alice_client: Any, coordinator_client: Any, draft: Submission) -> None:
    response = alice_client.post(f"{SUBMISSIONS}{draft.pk}/submit/")
    assert response.status_code == 400  # "received" is required
    assert "received" in response.json()["errors"]
    _patch(alice_client, draft, {"values": [{"indicator": "received", "value": 3}]})
    response = alice_client.post(f"{SUBMISSIONS}{draft.pk}/submit/")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert response.json()["submitted_at"]
    assert alice_client.post(f"{SUBMISSIONS}{draft.pk}/approve/").status_code == 403
    assert coordinator_client.post(f"{SUBMISSIONS}{draft.pk}/return/", {}).status_code == 400
    response = coordinator_client.post(f"{SUBMISSIONS}{draft.pk}/return/", {"reason": "Sai số"},
                                       content_type="application/json")
    assert response.json()["status"] == "returned"
    assert alice_client.post(f"{SUBMISSIONS}{draft.pk}/submit/").status_code == 200
    assert coordinator_client.post(f"{SUBMISSIONS}{draft.pk}/approve/").json()["status"] == "approved"
    locked = _patch(alice_client, draft, {"values": [{"indicator": "received", "value": 4}]})
    assert locked.status_code == 400 and locked.json()["detail"]
    assert actions.current_values(draft)["received"] == 3
    assert coordinator_client.post(f"{SUBMISSIONS}{draft.pk}/reopen/", {}).status_code == 400
    response = coordinator_client.post(f"{SUBMISSIONS}{draft.pk}/reopen/", {"reason": "Sửa"},
                                       content_type="application/json")
    assert response.json()["status"] == "returned"


def test_filters(setup: ReportSetup, province: Any, bob: Any, coordinator_client: Any, draft: Submission) -> None:
    actions.do_start_submission(form=setup.form, period=setup.period, unit=province.pleiku, acting_user=bob)
    assert coordinator_client.get(SUBMISSIONS).json()["count"] == 2
    response = coordinator_client.get(SUBMISSIONS, {"unit": province.stttt.pk, "status": "draft",
                                                    "form": setup.form.pk, "period": setup.period.pk})
    assert [row["id"] for row in response.json()["results"]] == [draft.pk]
    assert coordinator_client.get(SUBMISSIONS, {"status": "approved"}).json()["count"] == 0


def test_other_units_cannot_see_or_change(setup: ReportSetup, province: Any, bob_client: Any,
                                          draft: Submission) -> None:
    assert bob_client.get(SUBMISSIONS).json()["count"] == 0
    assert bob_client.get(f"{SUBMISSIONS}{draft.pk}/").status_code == 404
    assert _patch(bob_client, draft, {"values": [{"indicator": "received", "value": 1}]}).status_code == 404
    assert bob_client.post(f"{SUBMISSIONS}{draft.pk}/submit/").status_code == 404
    response = bob_client.post(SUBMISSIONS, {"form": setup.form.pk, "period": setup.period.pk,
                                             "unit": province.stttt.pk}, content_type="application/json")
    assert response.status_code == 403 and response.json()["detail"]
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.DRAFT and Submission.objects.count() == 1


def test_leaders_read_only(leader_client: Any, draft: Submission) -> None:
    assert leader_client.get(f"{SUBMISSIONS}{draft.pk}/").status_code == 200
    assert _patch(leader_client, draft, {"values": [{"indicator": "received", "value": 1}]}).status_code == 403
    assert leader_client.post(f"{SUBMISSIONS}{draft.pk}/submit/").status_code == 403
    assert leader_client.post(SUBMISSIONS, {}).status_code == 403
