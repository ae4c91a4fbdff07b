"""The import flow in a real browser: upload the founding dispatch, map a phrase by hand, confirm."""

import re
from pathlib import Path

import pytest

import cchc.demo
from cchc.core.choices import Role
from cchc.demo.loader import load_units
from cchc.directives.models import Assignment, Directive
from cchc.test import browser_login, ensure_kinds, make_user
from cchc.units.models import UnitAlias

SEED = Path(cchc.demo.__file__).parent / "data" / "cong-van-2031-UBND-NC.txt"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_coordinator_imports_the_founding_dispatch(page, live_server, console_errors):
    ensure_kinds()  # a transactional test's flush removed the kinds the data migration made
    units = load_units()
    make_user("sonoivu", Role.COORDINATOR, [units["snv"]])
    # The seed's phrases all resolve with the demo units; make one unresolved, deterministically.
    portal = units["cong-ttdt"]
    portal.aliases.all().delete()
    portal.name, portal.short_name = "Cổng TTĐT Gia Lai", ""
    portal.save()

    browser_login(page, live_server.url, "sonoivu")
    page.goto(f"{live_server.url}/directives/import/")
    page.set_input_files("#id_file", str(SEED))
    page.click("[data-testid=import-submit]")
    page.wait_for_load_state()
    assert re.search(r"/directives/import/\d+/$", page.url)
    assert page.locator("[data-testid=task-card]").count() == 3
    assert page.locator("#id_meta-number").input_value() == "2031/UBND-NC"
    assert page.locator("#id_report-deadline").input_value() == "25/11/2020"  # dd/mm/yyyy whatever the browser
    assert page.locator("[data-testid=unresolved-phrase]").all_inner_texts() == ["Cổng Thông tin điện tử tỉnh"]
    assert page.locator("[data-testid=duplicate-warning]").count() == 0

    page.select_option("#id_map-unit_0", value=str(portal.pk))
    assert page.locator("#id_map-remember_0").is_checked()
    page.click("[data-testid=import-confirm]")
    page.wait_for_load_state()

    directive = Directive.objects.get()
    assert page.url == f"{live_server.url}/directives/{directive.pk}/"
    assert directive.tasks.count() == 3
    assert Assignment.objects.filter(task__directive=directive).count() == 48
    assert set(directive.tasks.get(label="3").assignments.values_list("unit__code", flat=True)) == {
        "baogialai", "dai-ptth", "cong-ttdt"}
    assert UnitAlias.objects.filter(unit=portal, name="Cổng Thông tin điện tử tỉnh").exists()
    assert console_errors == []
