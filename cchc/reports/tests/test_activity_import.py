"""Importing activities from the XLSX template: all rows or none, every bad row with its line."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.reports.activities_io import headers, import_activities
from cchc.reports.models import Activity

from .test_activities import make_taxonomy


def workbook_bytes(rows, header=None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header or headers())
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD = ["", "15/03/2020", "thu-cong", "thu-dvc; Kết quả thử nghiệm", "Tin về DVC", "Mô tả", 2, "tin", 300,
        "https://stttt.gialai.gov.vn/a; https://stttt.gialai.gov.vn/b"]


@pytest.mark.django_db
def test_an_officer_imports_rows_for_their_unit(province, alice):
    make_taxonomy()
    rows = [GOOD, ["stttt", date(2020, 3, 16), "Cong thong tin thu nghiem", "", "Bài thứ hai", None, None, None,
                   None, None]]
    result = import_activities("hoat-dong.xlsx", workbook_bytes(rows), acting_user=alice,
                               default_unit=province.stttt)
    assert result.ok, result.errors
    assert len(result.activities) == 2
    first = Activity.objects.get(title="Tin về DVC")
    assert first.unit == province.stttt and first.date == date(2020, 3, 15) and first.channel.code == "thu-cong"
    assert sorted(topic.code for topic in first.topics.all()) == ["thu-dvc", "thu-ket-qua"]
    assert first.quantity == 2 and first.reach == 300 and len(first.link_list()) == 2
    assert first.created_by == alice
    assert Activity.objects.get(title="Bài thứ hai").channel.code == "thu-cong"


@pytest.mark.django_db
def test_a_bad_file_changes_nothing_and_lists_every_bad_row(province, alice):
    make_taxonomy()
    rows = [
        GOOD,                                                                               # line 2: fine
        ["", "31/02/2020", *GOOD[2:]],                                                      # 3: bad date
        ["", "15/03/2020", "kenh-khong-co", *GOOD[3:]],                                       # 4: unknown channel
        ["", "15/03/2020", "thu-cong", "khong-co", *GOOD[4:]],                            # 5: unknown topic
        [*GOOD[:6], -3, *GOOD[7:]],                                                         # 6: negative quantity
        [*GOOD[:4], "", *GOOD[5:]],                                                         # 7: missing title
        ["ubnd-pleiku", *GOOD[1:]],                                                         # 8: not her unit
        [*GOOD[:9], "ftp://x"],                                                             # 9: bad link
    ]
    result = import_activities("hoat-dong.xlsx", workbook_bytes(rows), acting_user=alice,
                               default_unit=province.stttt)
    assert not result.ok
    assert [line for line, _message in result.errors] == [3, 4, 5, 6, 7, 8, 9]
    assert not Activity.objects.exists()
    lines = result.error_lines()
    assert "31/02/2020" in lines[0] and "kenh-khong-co" in lines[1] and "khong-co" in lines[2]
    assert "ubnd-pleiku" in lines[5] and "ftp://x" in lines[6]
    assert all(line.split(":")[0].split()[-1].isdigit() for line in lines)


@pytest.mark.django_db
def test_a_coordinator_needs_a_unit_code_per_row(province, coordinator):
    make_taxonomy()
    rows = [GOOD, ["ubnd-pleiku", *GOOD[1:]]]
    result = import_activities("hoat-dong.xlsx", workbook_bytes(rows), acting_user=coordinator, default_unit=None)
    assert [line for line, _message in result.errors] == [2]
    assert not Activity.objects.exists()
    rows = [["stttt", *GOOD[1:]], ["ubnd-pleiku", *GOOD[1:]]]
    result = import_activities("hoat-dong.xlsx", workbook_bytes(rows), acting_user=coordinator, default_unit=None)
    assert result.ok
    assert sorted(Activity.objects.values_list("unit__code", flat=True)) == ["stttt", "ubnd-pleiku"]


@pytest.mark.django_db
def test_it_reports_a_damaged_file_or_missing_columns(province, alice):
    result = import_activities("x.xlsx", b"not a workbook", acting_user=alice, default_unit=province.stttt)
    assert [line for line, _message in result.errors] == [1]
    result = import_activities("x.xlsx", workbook_bytes([["a"]], header=["Something else"]), acting_user=alice,
                               default_unit=province.stttt)
    assert [line for line, _message in result.errors] == [1]


@pytest.mark.django_db
def test_the_import_page_and_template(province, alice_client, leader_client):
    make_taxonomy()
    template = alice_client.get("/reports/activities/import/template.xlsx")
    assert template.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(template.content))
    assert list(next(workbook.active.iter_rows(values_only=True))) == headers()
    codes = [row[1] for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert "thu-cong" in codes and "thu-dvc" in codes
    assert leader_client.get("/reports/activities/import/template.xlsx").status_code == 403
    bad = SimpleUploadedFile("x.xlsx", workbook_bytes([GOOD, [*GOOD[:4], "", *GOOD[5:]]]))
    response = alice_client.post("/reports/activities/import/", {"file": bad})
    assert response.status_code == 200
    assert [line for line, _message in response.context["result"].errors] == [3]
    assert 'data-testid="import-errors"' in response.content.decode()
    assert not Activity.objects.exists()
    good = SimpleUploadedFile("x.xlsx", workbook_bytes([GOOD]))
    response = alice_client.post("/reports/activities/import/", {"file": good})
    assert response.status_code == 302
    assert Activity.objects.get().unit == province.stttt
