"""The synthesis in a real browser: Sở Nội vụ generates the report from the synthesis page, downloads the DOCX,
issues it with the signed scan and finds it in the register of outgoing documents."""

from __future__ import annotations

from typing import Any

import pytest

from cchc.test import browser_login

from .test_generation import docx_text, make_data
from .test_issuing import MINIMAL_PDF


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_generate_download_issue_and_register(page: Any, live_server: Any, console_errors: list[str], settings: Any,
                                              province: Any, alice: Any, coordinator: Any, tmp_path: Any,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    build = pytest.importorskip("cchc.synthesis.build")
    real = build.build_synthesis
    # The real generation; LibreOffice's PDF export is left out to keep the test quick.
    monkeypatch.setattr(build, "build_synthesis", lambda *args, **kwargs: real(*args, **{**kwargs, "with_pdf": False}))
    settings.CCHC_TODAY = "2020-04-10"
    data = make_data(province, alice)
    base = live_server.url

    browser_login(page, base, "sonoivu")
    page.goto(f"{base}/synthesis/")
    row = page.locator(f"[data-testid=synthesis-row][data-period='{data.setup.period.pk}']")
    row.locator("[data-testid=generate]").click()
    page.wait_for_load_state()
    page.locator("[data-testid=report-status][data-status=ready]").wait_for(timeout=60_000)

    with page.expect_download() as download_info:
        page.click("[data-testid=download-docx]")
    path = download_info.value.path()
    with open(path, "rb") as handle:
        assert "BÁO CÁO" in docx_text(handle.read()).upper()

    scan = tmp_path / "bao-cao-da-ky.pdf"
    scan.write_bytes(MINIMAL_PDF)
    page.fill("#id_number", "123/BC-SNV")
    page.fill("#id_date", "2020-04-12")
    page.set_input_files("#id_signed_scan", str(scan))
    page.click("[data-testid=issue]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=issued]").count() == 1
    assert page.locator("[data-testid=report-status]").get_attribute("data-status") == "issued"

    page.goto(f"{base}/synthesis/register/")
    register_row = page.locator("[data-testid=register-row]", has_text="123/BC-SNV")
    assert register_row.count() == 1
    assert "12/04/2020" in register_row.inner_text()
    assert console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_page_follows_the_progress(page: Any, live_server: Any, console_errors: list[str], settings: Any,
                                       province: Any, alice: Any, coordinator: Any,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """While a worker generates, the page polls every 2 s; when the version is ready it reloads with its files."""
    from cchc.synthesis import actions
    from cchc.synthesis.models import GeneratedReport

    from .test_generation import install_fake_build

    install_fake_build(monkeypatch)
    data = make_data(province, alice)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # queued, no worker
    report = actions.do_request_generation(data.setup.form, data.setup.period, acting_user=coordinator)
    browser_login(page, live_server.url, "sonoivu")
    page.goto(f"{live_server.url}{report.get_absolute_url()}")
    assert page.locator("[data-testid=report-status]").get_attribute("data-status") == "generating"
    report.job.start()
    report.job.set_progress(40, "Đang soạn báo cáo (DOCX)…")
    page.locator("[data-testid=report-status]", has_text="40%").wait_for(timeout=10_000)
    actions.run_generation(GeneratedReport.objects.get(pk=report.pk))  # what the worker does
    page.locator("[data-testid=download-docx]").wait_for(timeout=10_000)
    assert page.locator("[data-testid=report-status]").get_attribute("data-status") == "ready"
    assert console_errors == []
