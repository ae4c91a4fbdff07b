"""Classes 3, 5 and 6: spreadsheet dimension bombs in every import; formula prefixes and control characters in every
text field that reaches an export. Refusals are clear and in Vietnamese, memory stays bounded, nothing is stored;
exports never answer 500 and never carry a live formula."""

from __future__ import annotations

import io
import re
import time
import tracemalloc
import zipfile
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from cchc.accounts import io as accounts_io
from cchc.accounts.models import User
from cchc.lib import xlsx
from cchc.reports import activities_io
from cchc.reports.models import Activity
from cchc.reports.tests.test_activities import make_activity, make_taxonomy
from cchc.units import io as units_io
from cchc.units.models import OrgUnit

from . import bombs

HOSTILE = ['=HYPERLINK("http://evil.example/x","Bấm vào đây")', "+1+1", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0",
           "=1+1\x1b[31m đỏ\x07", "\tTab\x01start"]


def formulas_in(data: bytes) -> list[str]:
    """Formula elements in any sheet of an XLSX."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [name for name in archive.namelist()
                if name.startswith("xl/worksheets/") and (b"<f>" in archive.read(name) or b"<f " in archive.read(name))]


def all_text(data: bytes) -> str:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(str(cell.value) for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
                     if cell.value is not None)


def assert_safe(data: bytes) -> str:
    assert not formulas_in(data)
    text = all_text(data)
    assert "\x1b" not in text and "\x07" not in text and "\x00" not in text
    return text


# --- Imports: dimension bombs, row and column caps --------------------------------------------------------------

IMPORT_BOMBS = {
    "full sheet declared": lambda: bombs.xlsx_dimension_bomb(),
    "last row only": lambda: bombs.xlsx_dimension_bomb(rows=1_048_576, columns=1),
    "last column only": lambda: bombs.xlsx_dimension_bomb(rows=2, columns=16_384),
    "200 000 rows": lambda: bombs.xlsx_many_rows(200_000),
    "zip bomb": lambda: bombs.ratio_bomb("xlsx", 1024),
}


def importers(province, coordinator):  # type: ignore[no-untyped-def]
    def units(data: bytes) -> str:
        result = units_io.parse_units("don-vi.xlsx", data)
        assert not result.ok and not result.rows
        return " ".join(result.error_lines())

    def activities(data: bytes) -> str:
        result = activities_io.import_activities("hoat-dong.xlsx", data, acting_user=coordinator,
                                                 default_unit=province.stttt)
        assert not result.ok and not result.activities
        return " ".join(result.error_lines())

    def accounts(data: bytes) -> str:
        with pytest.raises(accounts_io.ImportFileError) as refused:
            accounts_io.check_file(SimpleUploadedFile("tai-khoan.xlsx", data))
        return str(refused.value)

    return {"units": units, "activities": activities, "accounts": accounts}


@pytest.mark.django_db
@pytest.mark.parametrize("bomb", list(IMPORT_BOMBS))
@pytest.mark.parametrize("importer", ["units", "activities", "accounts"])
def test_every_import_refuses_spreadsheet_bombs_quickly_in_bounded_memory(province, coordinator, importer, bomb):
    data = IMPORT_BOMBS[bomb]()
    assert len(data) < 3 * 1024 * 1024
    units_before, activities_before, users_before = OrgUnit.objects.count(), Activity.objects.count(), \
        User.objects.count()
    started = time.monotonic()
    tracemalloc.start()
    try:
        message = importers(province, coordinator)[importer](data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 20
    assert peak < 80 * 1024 * 1024, f"peak {peak / 1048576:.0f} MB"
    assert any(word in message for word in ("dòng", "cột", "giải nén", "Tệp", "tệp")), message
    assert (OrgUnit.objects.count(), Activity.objects.count(), User.objects.count()) == (
        units_before, activities_before, users_before)


def test_the_reader_ignores_the_declared_dimension_and_caps_rows():
    rows = xlsx.read_sheet(bombs.xlsx_many_rows(30), max_rows=100)
    assert [line for line, _cells in rows] == list(range(1, 31))
    with pytest.raises(xlsx.SheetRefused) as refused:
        xlsx.read_sheet(bombs.xlsx_many_rows(150), max_rows=100)
    assert refused.value.reason == "rows" and refused.value.detail["line"] == 101


def test_the_reader_cleans_control_characters():
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Tiêu đề_x001B_ bị chèn'
             '</t></is></c><c r="B1" t="inlineStr"><is><t>e\u0301</t></is></c></row></sheetData></worksheet>')
    ((_line, cells),) = xlsx.read_sheet(bombs._minimal_xlsx(sheet))  # an escape character; a decomposed é
    assert cells == ["Tiêu đề bị chèn", "é"]


@pytest.mark.django_db
def test_a_bomb_through_the_import_page_is_refused_and_nothing_stored(province, coordinator_client):
    response = coordinator_client.post(reverse("reports:activity_import"), {
        "file": SimpleUploadedFile("hoat-dong.xlsx", bombs.xlsx_dimension_bomb())})
    assert response.status_code in (200, 400)
    assert "cột" in response.content.decode() or "dòng" in response.content.decode()
    assert Activity.objects.count() == 0


# --- Exports: formula prefixes and control characters ----------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("hostile", HOSTILE)
def test_activity_and_unit_exports_write_user_text_as_text(province, coordinator_client, hostile):
    web, _led, _dvc, _kq = make_taxonomy()
    activity = make_activity(province.stttt, web, title="Tin thường")
    Activity.objects.filter(pk=activity.pk).update(title=hostile, description=hostile, quantity_unit=hostile[:40])
    OrgUnit.objects.filter(pk=province.stp.pk).update(name=hostile, head_name=hostile)
    response = coordinator_client.get(reverse("reports:activities"), {"export": "xlsx"})
    assert response.status_code == 200
    text = assert_safe(response.content)
    assert xlsx.cell_text(hostile) in text
    response = coordinator_client.get(reverse("units:export", args=["xlsx"]))
    assert response.status_code == 200
    assert xlsx.cell_text(hostile) in assert_safe(response.content)
    response = coordinator_client.get(reverse("units:export", args=["csv"]))
    assert response.status_code == 200
    csv_text = response.content.decode("utf-8-sig")
    assert "\x1b" not in csv_text
    for line in csv_text.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.strip('"').startswith(("=", "+", "-", "@")), line


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", HOSTILE[:1] + HOSTILE[4:5])
def test_monitoring_and_directive_exports_write_user_text_as_text(province, coordinator_client, settings, hostile):
    from cchc.directives.models import Directive
    from cchc.directives.tests.test_pages_fixtures import make_directive
    from cchc.monitoring.tests.helpers import at, make_form, report

    settings.CCHC_TODAY = "2020-11-20"
    OrgUnit.objects.filter(pk=province.stttt.pk).update(name=hostile)
    setup = make_directive(province)
    Directive.objects.filter(pk=setup.directive.pk).update(subject=hostile, issuer=hostile)
    response = coordinator_client.get(reverse("directives:export", args=[setup.directive.pk]))
    assert response.status_code == 200
    assert xlsx.cell_text(hostile) in assert_safe(response.content)
    form, (period,) = make_form()
    report(form, period, province.stttt, when=at(date(2020, 4, 9)))
    for export in ("units", "kinds"):
        response = coordinator_client.get(reverse("monitoring:overview"),
                                          {"form": form.pk, "period": period.pk, "export": export})
        assert response.status_code == 200
        assert_safe(response.content)


@pytest.mark.django_db
def test_the_credentials_file_writes_names_as_text(province):
    user = User.objects.create(username="xau", full_name="=cmd|' /C calc'!A0\x1b")
    data = accounts_io.credentials_workbook([(user, "mat-khau-tam")])
    assert "=cmd|' /C calc'!A0" in assert_safe(data)


def test_the_xlsxwriter_helper_writes_strings_as_strings(tmp_path):
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    for row, value in enumerate([*HOSTILE, 12, 3.5, date(2020, 11, 20), None]):
        xlsx.write_cell(sheet, row, 0, value)
    workbook.close()
    assert_safe(buffer.getvalue())


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", HOSTILE[:1] + HOSTILE[4:5])
def test_the_synthesis_report_and_annex_survive_hostile_text(province, settings, hostile):
    """The synthesis (helper A's annex and report) with formula prefixes and control characters in unit names,
    activity titles and a report's narrative: both files are produced, the annex has no formula from user text."""
    from cchc.reports.models import Submission
    from cchc.synthesis.docx_report import render_docx
    from cchc.synthesis.tests.test_figures import make_small
    from cchc.synthesis.xlsx_annex import render_xlsx

    settings.CCHC_SITE_URL = "https://cchc.gialai.example"
    small = make_small(province, settings)
    OrgUnit.objects.filter(pk=province.pleiku.pk).update(name=hostile, short_name=hostile)
    Activity.objects.filter(pk__in=[activity.pk for activity in small.activities]).update(title=hostile)
    for submission in Submission.objects.exclude(narrative={}):
        Submission.objects.filter(pk=submission.pk).update(
            narrative={key: f"{hostile} {value}" for key, value in (submission.narrative or {}).items()})
    synthesis = small.collect()
    annex = render_xlsx(synthesis)
    with zipfile.ZipFile(io.BytesIO(annex)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                formulas = re.findall(r"<f>(.*?)</f>", archive.read(name).decode("utf-8"))
                assert not [formula for formula in formulas if "HYPERLINK" in formula or formula.startswith("1+1")]
    assert "\x1b" not in all_text(annex)
    document = render_docx(synthesis, today=date(2020, 11, 20))
    assert document[:2] == b"PK"


@pytest.mark.django_db
def test_other_helpers_boundaries_answer_400_not_500(coordinator, coordinator_client):
    """Landed elsewhere (directive import API by helper D, synthesis generation by helper A): still no 500."""
    api = APIClient()
    api.force_authenticate(coordinator)
    for body in ([1, 2], "chuỗi", {"proposal": "không phải đối tượng"}, {"proposal": {"tasks": "x"}}, 42):
        response = api.post("/api/v1/directives/import/", body, format="json")
        assert 400 <= response.status_code < 500, (body, response.status_code)
        assert response["Content-Type"].startswith("application/json")
    response = coordinator_client.post(reverse("synthesis:generate"), {"form": "abc", "period": "1; DROP"})
    assert response.status_code < 500
