"""A plan with a task table in a real browser: roles, bodies outside the province ticked "not ours", a group
without members mapped by hand, confirmation; the bodies are remembered."""

from pathlib import Path

import pytest

import cchc.lib.tests
from cchc.core.choices import Role
from cchc.demo.loader import load_units
from cchc.directives.models import Assignment, Directive, ExternalBody
from cchc.test import browser_login, ensure_kinds, make_user

PLAN = Path(cchc.lib.tests.__file__).parent / "data" / "plans" / "kh-58-gialai-chuyen-doi-so.docx"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_coordinator_imports_a_plan_with_a_task_table(page, live_server, console_errors):
    ensure_kinds()
    units = load_units()
    make_user("sonoivu", Role.COORDINATOR, [units["snv"]])
    browser_login(page, live_server.url, "sonoivu")
    page.goto(f"{live_server.url}/directives/import/")
    page.set_input_files("#id_file", str(PLAN))
    page.click("[data-testid=import-submit]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=task-card]").count() == 8
    phrases = page.locator("[data-testid=unresolved-phrase]").all_inner_texts()
    assert phrases == ["các doanh nghiệp viễn thông", "Bộ Thông tin và Truyền thông", "UBND các xã, phường, thị trấn",
                       "Công an tỉnh Đắk Lắk"]
    assert page.locator("[data-testid=outside-badge]").count() == 2
    assert page.locator("#id_map-not_ours_1").is_checked() and page.locator("#id_map-not_ours_3").is_checked()
    assert not page.locator("#id_map-not_ours_0").is_checked()
    assert page.get_by_text("phối hợp: Sở KH&CN, Sở Công Thương, các doanh nghiệp viễn thông").count() == 1

    page.click("[data-testid=import-confirm]")  # the communes' task has no lead yet: refused, nothing created
    page.wait_for_load_state()
    assert "chưa có cơ quan chủ trì" in page.content()
    assert not Directive.objects.exists()

    page.select_option("#id_map-unit_2", value=str(units["ubnd-pleiku"].pk))
    page.click("[data-testid=import-confirm]")
    page.wait_for_load_state()
    directive = Directive.objects.get()
    assert page.url == f"{live_server.url}/directives/{directive.pk}/"
    assert directive.tasks.count() == 8
    assert Assignment.objects.get(task__directive=directive, task__label="II.2").role == "partner"
    assert set(ExternalBody.objects.values_list("name", flat=True)) == {"Bộ Thông tin và Truyền thông",
                                                                         "Công an tỉnh Đắk Lắk"}
    assert console_errors == []
