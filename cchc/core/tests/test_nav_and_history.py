"""The menus follow each role's work (issue 11), and history reads in words (no ids, no UTC microseconds)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from cchc.core.audit import _display
from cchc.core.nav import flat_nav, nav_for
from cchc.reports.models import Activity


def _urls(user: Any) -> set[str]:
    return {entry["url"] for entry in flat_nav(user)}


def test_officers_see_their_tasks_reports_and_log(alice: Any) -> None:
    urls = _urls(alice)
    assert {reverse("directives:my_tasks"), reverse("reports:submissions"), reverse("reports:activities")} <= urls
    assert reverse("reports:review") not in urls and reverse("monitoring:overview") not in urls


def test_coordinators_see_their_work(coordinator: Any) -> None:
    urls = _urls(coordinator)
    for name in ("directives:list", "reports:forms", "reports:review", "monitoring:overview", "reminders:sent",
                 "synthesis:list", "synthesis:templates"):
        assert reverse(name) in urls, name


def test_report_forms_and_document_templates_have_distinct_names(coordinator: Any) -> None:
    labels = {entry["url"]: str(entry["label"]) for entry in flat_nav(coordinator)}
    assert labels[reverse("reports:forms")] != labels[reverse("synthesis:templates")]


def test_only_the_most_specific_entry_is_active(alice: Any) -> None:
    active = [entry["url"] for entry in flat_nav(alice, reverse("reports:activities")) if entry["active"]]
    assert active == [reverse("reports:activities")]
    menus = nav_for(alice, "/")
    assert all(entry["label"] for entry in menus)


def test_history_values_read_as_words(province: Any) -> None:
    assert _display(Activity, "unit", str(province.stttt.pk)) == str(province.stttt)
    assert _display(Activity, "created_at", "2020-11-20 03:12:55.123456+00:00") == "10:12 20/11/2020"
    assert _display(Activity, "date", "2020-11-05") == "05/11/2020"
    assert _display(Activity, "topics", "reports.Topic.None") == ""
