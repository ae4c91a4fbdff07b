"""The synthesis pages: the list with its button, a version's page (status polling, downloads, versions, figures
traced to unit reports and activities), permissions (officers 403, leaders read-only)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cchc.synthesis.models import GeneratedReport, ReportStatus

from .test_generation import Data, FakeBuild, docx_text, fake_figures, generate, install_fake_build, make_data


@pytest.fixture
def data(province: Any, alice: Any) -> Data:
    return make_data(province, alice)


@pytest.fixture
def fake_build(monkeypatch: pytest.MonkeyPatch) -> FakeBuild:
    return install_fake_build(monkeypatch)



@pytest.fixture
def report(data: Data, coordinator: Any, fake_build: FakeBuild, django_capture_on_commit_callbacks: Any) -> Any:
    fake_build.figures = fake_figures(data)
    return generate(data, coordinator, django_capture_on_commit_callbacks)


def test_the_list_shows_forms_periods_and_the_button(data: Data, coordinator_client: Any, report: Any,
                                                     settings: Any) -> None:
    settings.CCHC_TODAY = "2020-04-10"
    response = coordinator_client.get(reverse("synthesis:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert data.setup.form.name in html
    assert data.setup.period.label in html
    assert "Tạo báo cáo tổng hợp" in html
    assert report.get_absolute_url() in html
    assert reverse("synthesis:register") in html


def test_generate_from_the_page(data: Data, coordinator_client: Any, fake_build: FakeBuild,
                                django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(reverse("synthesis:generate"),
                                           {"form": data.setup.form.pk, "period": data.setup.period.pk})
    report = GeneratedReport.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert report.status == ReportStatus.READY


def test_the_report_page(data: Data, coordinator_client: Any, report: Any) -> None:
    response = coordinator_client.get(report.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("synthesis:download", args=[report.pk, "docx"]) in html
    assert reverse("synthesis:download", args=[report.pk, "pdf"]) in html
    assert "Chuyên viên Sở Nội vụ" in html  # who generated it
    assert "số liệu tính đến" in html
    # Figures lead to the unit report and to the activities behind them.
    assert reverse("reports:submission", args=[data.submission.pk]) in html
    assert f"{reverse('reports:activities')}?channel={data.setup.web.code}" in html
    assert 'data-testid="issue-form"' in html
    assert "hx-trigger" not in html  # done: no polling


def test_a_pending_report_polls_every_two_seconds(data: Data, coordinator: Any, coordinator_client: Any,
                                                  fake_build: FakeBuild,
                                                  django_capture_on_commit_callbacks: Any) -> None:
    from cchc.synthesis import actions

    with django_capture_on_commit_callbacks(execute=False):
        report = actions.do_request_generation(data.setup.form, data.setup.period, acting_user=coordinator)
    html = coordinator_client.get(report.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert f'hx-get="{report.get_absolute_url()}?partial=status"' in html
    partial = coordinator_client.get(report.get_absolute_url(), {"partial": "status"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "every 2s" in partial.content.decode()
    assert "<html" not in partial.content.decode()
    report.job.set_progress(40, "Đang soạn báo cáo (DOCX)…")
    assert "40%" in coordinator_client.get(report.get_absolute_url(), {"partial": "status"}).content.decode()
    GeneratedReport.objects.filter(pk=report.pk).update(status=ReportStatus.READY)
    done = coordinator_client.get(report.get_absolute_url(), {"partial": "status"}, HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"


def test_downloads(report: Any, leader_client: Any) -> None:
    response = leader_client.get(reverse("synthesis:download", args=[report.pk, "docx"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"].startswith("attachment")
    assert "BÁO CÁO" in docx_text(b"".join(response.streaming_content))
    pdf = leader_client.get(reverse("synthesis:download", args=[report.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert leader_client.get(reverse("synthesis:download", args=[report.pk, "exe"])).status_code == 404


def test_versions_are_listed(data: Data, report: Any, admin_user: Any, coordinator_client: Any,
                             fake_build: FakeBuild, django_capture_on_commit_callbacks: Any) -> None:
    second = generate(data, admin_user, django_capture_on_commit_callbacks)
    html = coordinator_client.get(second.get_absolute_url()).content.decode()
    assert html.count('data-testid="version"') == 2
    assert report.get_absolute_url() in html
    assert "Quản trị" in html and "Chuyên viên Sở Nội vụ" in html


def test_leaders_read_but_change_nothing(data: Data, report: Any, leader_client: Any) -> None:
    html = leader_client.get(reverse("synthesis:list")).content.decode()
    assert "Tạo báo cáo tổng hợp" not in html
    page = leader_client.get(report.get_absolute_url())
    assert page.status_code == 200 and 'data-testid="issue-form"' not in page.content.decode()
    assert leader_client.post(reverse("synthesis:generate"),
                              {"form": data.setup.form.pk, "period": data.setup.period.pk}).status_code == 403
    assert leader_client.post(reverse("synthesis:issue", args=[report.pk]), {}).status_code == 403
    assert leader_client.get(reverse("synthesis:register")).status_code == 200
    assert leader_client.get(reverse("synthesis:templates")).status_code == 200
    assert GeneratedReport.objects.count() == 1


def test_officers_are_refused_everywhere(data: Data, report: Any, alice_client: Any) -> None:
    urls = [reverse("synthesis:list"), reverse("synthesis:register"), reverse("synthesis:templates"),
            report.get_absolute_url(), reverse("synthesis:download", args=[report.pk, "docx"])]
    for url in urls:
        assert alice_client.get(url).status_code == 403, url
    assert alice_client.post(reverse("synthesis:generate"),
                             {"form": data.setup.form.pk, "period": data.setup.period.pk}).status_code == 403
    assert alice_client.post(reverse("synthesis:issue", args=[report.pk]), {}).status_code == 403


def test_anonymous_is_sent_to_login(report: Any, client: Any) -> None:
    response = client.get(reverse("synthesis:list"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_nav_shows_synthesis_to_managers_only(coordinator_client: Any, alice_client: Any) -> None:
    assert "Tổng hợp" in coordinator_client.get("/").content.decode()
    assert reverse("synthesis:list") not in alice_client.get("/").content.decode()
