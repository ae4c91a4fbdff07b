"""Pre-filled figures follow the log until the officer changes them (issue 11), and the review queue of Sở Nội vụ:
in order, previous/next, one-click approve, return with a reason, approve a selection; only reviewers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse

from cchc.reports import submissions as actions
from cchc.reports.choices import SubmissionStatus
from cchc.reports.models import Submission

from .test_submissions import ReportSetup, log, make_report_setup


@pytest.fixture
def setup(province: Any) -> ReportSetup:
    return make_report_setup()


def _day(setup: ReportSetup, offset: int = 5) -> Any:
    return setup.period.start + timedelta(days=offset)


def _fill_data(client: Any, url: str) -> dict[str, str]:
    """What the fill form posts when the officer changes nothing: every field as shown."""
    form = client.get(url).context["form"]
    return {name: ("" if form[name].value() is None else str(form[name].value()))
            for name in form.fields if name != "activities"}


def test_a_figure_follows_the_log_until_the_officer_changes_it(setup: ReportSetup, province: Any, alice: Any,
                                                               alice_client: Any) -> None:
    params = {"form": setup.form.pk, "period": setup.period.pk, "unit": province.stttt.pk}
    start = reverse("reports:submission_start")
    log(province.stttt, _day(setup), setup.web)
    response = alice_client.get(start, params)
    assert response.status_code == 200 and not Submission.objects.exists()  # opening creates nothing
    data = _fill_data(alice_client, f"{start}?form={params['form']}&period={params['period']}&unit={params['unit']}")
    assert data["value_articles"] == "1" and data["log_articles"] == "1"
    data.update({key: str(value) for key, value in params.items()}, save="1", value_received="3")
    assert alice_client.post(start, data).status_code == 302
    submission = Submission.objects.get()
    # Untouched, the figure follows the log: a second activity makes it 2, in the page and in the stored value.
    log(province.stttt, _day(setup, 6), setup.web)
    edit = reverse("reports:submission_edit", args=[submission.pk])
    assert alice_client.get(edit).context["form"]["value_articles"].value() == "2"
    actions.refresh_unit_reports(province.stttt.pk, _day(setup))
    assert submission.values.get(indicator__code="articles").number == 2
    # Changed by the officer, it keeps the officer's figure; the log's is shown beside it.
    data = _fill_data(alice_client, edit)
    data.update(save="1", value_articles="5")
    alice_client.post(edit, data)
    log(province.stttt, _day(setup, 7), setup.web)
    actions.refresh_unit_reports(province.stttt.pk, _day(setup))
    value = submission.values.get(indicator__code="articles")
    assert (value.number, value.prefilled) == (5, 3)
    page = alice_client.get(edit).content.decode()
    assert 'data-testid="changed"' in page
    detail = alice_client.get(reverse("reports:submission", args=[submission.pk])).content.decode()
    assert 'data-testid="differs"' in detail


def test_submitting_takes_the_log_as_it_is_then(setup: ReportSetup, province: Any, alice: Any) -> None:
    submission = actions.do_start_submission(form=setup.form, period=setup.period, unit=province.stttt,
                                             acting_user=alice)
    actions.do_save_submission(submission, acting_user=alice, values={"received": "1"})
    log(province.stttt, _day(setup), setup.web)
    log(province.stttt, _day(setup, 2), setup.web)
    actions.do_submit(submission, acting_user=alice)
    assert submission.values.get(indicator__code="articles").number == 2


def test_history_reads_in_words(setup: ReportSetup, province: Any, alice: Any, alice_client: Any) -> None:
    submission = actions.do_start_submission(form=setup.form, period=setup.period, unit=province.stttt,
                                             acting_user=alice)
    actions.do_save_submission(submission, acting_user=alice, values={"received": "12"})
    actions.do_save_submission(submission, acting_user=alice, values={"received": "14"})
    page = alice_client.get(reverse("reports:submission", args=[submission.pk])).content.decode()
    assert "từ 12 thành 14" in page and "→" not in page


def _submitted(setup: ReportSetup, unit: Any, user: Any) -> Submission:
    submission = actions.do_start_submission(form=setup.form, period=setup.period, unit=unit, acting_user=user)
    actions.do_save_submission(submission, acting_user=user, values={"articles": "1", "received": "1"})
    return actions.do_submit(submission, acting_user=user)


def test_the_review_queue(setup: ReportSetup, province: Any, alice: Any, bob: Any, coordinator_client: Any) -> None:
    first = _submitted(setup, province.stttt, alice)
    second = _submitted(setup, province.pleiku, bob)
    queue = coordinator_client.get(reverse("reports:review"))
    assert [row.pk for row in queue.context["rows"]] == [first.pk, second.pk]  # oldest first
    item = coordinator_client.get(reverse("reports:review_item", args=[first.pk]))
    assert (item.context["previous"], item.context["next"], item.context["position"]) == (None, second.pk, 1)
    assert len(item.context["reasons"]) >= 3
    # A return without a reason is refused, with a reason it goes back to the unit and the next one opens.
    response = coordinator_client.post(reverse("reports:review_return", args=[first.pk]), {"reason": ""})
    first.refresh_from_db()
    assert first.status == SubmissionStatus.SUBMITTED
    response = coordinator_client.post(reverse("reports:review_return", args=[first.pk]),
                                       {"reason": "Thiếu minh chứng."})
    first.refresh_from_db()
    assert first.status == SubmissionStatus.RETURNED
    assert response["Location"] == reverse("reports:review_item", args=[second.pk])
    response = coordinator_client.post(reverse("reports:review_approve", args=[second.pk]))
    assert response["Location"] == reverse("reports:review")  # the queue is empty
    second.refresh_from_db()
    assert second.status == SubmissionStatus.APPROVED


def test_approve_a_selection(setup: ReportSetup, province: Any, alice: Any, bob: Any,
                             coordinator_client: Any) -> None:
    first = _submitted(setup, province.stttt, alice)
    second = _submitted(setup, province.pleiku, bob)
    coordinator_client.post(reverse("reports:review_approve_selected"), {"ids": [first.pk, second.pk]})
    assert set(Submission.objects.values_list("status", flat=True)) == {SubmissionStatus.APPROVED}


def test_only_reviewers_reach_the_queue(setup: ReportSetup, province: Any, alice: Any, alice_client: Any,
                                        leader_client: Any) -> None:
    submission = _submitted(setup, province.stttt, alice)
    for client in (alice_client, leader_client):
        assert client.get(reverse("reports:review")).status_code == 403
        assert client.get(reverse("reports:review_item", args=[submission.pk])).status_code == 403
        assert client.post(reverse("reports:review_approve", args=[submission.pk])).status_code == 403
        assert client.post(reverse("reports:review_approve_selected"), {"ids": [submission.pk]}).status_code == 403
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_another_unit_cannot_open_a_report_form_of_a_unit_not_its_own(setup: ReportSetup, province: Any,
                                                                        bob_client: Any) -> None:
    params = {"form": setup.form.pk, "period": setup.period.pk, "unit": province.stttt.pk}
    assert bob_client.get(reverse("reports:submission_start"), params).status_code == 403
    assert bob_client.post(reverse("reports:submission_start"), {**params, "save": "1"}).status_code == 403
    assert not Submission.objects.exists()
