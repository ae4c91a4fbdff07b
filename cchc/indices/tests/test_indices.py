"""The indices: coordinators enter or import them; the public page shows charts, tables and sources."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from cchc.indices import actions
from cchc.indices.demo import load_demo
from cchc.indices.models import IndexResult, UnitIndexResult

pytestmark = pytest.mark.django_db


def xlsx(rows, unit_rows=()):  # type: ignore[no-untyped-def]
    book = Workbook()
    sheet = book.active
    sheet.title = "Chỉ số"
    sheet.append(["Chỉ số", "Năm", "Điểm", "Xếp hạng", "Trên tổng số", "Nguồn", "Thành phần", "Điểm TP", "Tối đa"])
    for row in rows:
        sheet.append(list(row))
    units = book.create_sheet("Đơn vị")
    units.append(["Năm", "Mã", "Điểm", "Hạng", "Nguồn"])
    for row in unit_rows:
        units.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("chi-so.xlsx", out.getvalue())


def test_only_coordinators_enter_indices(province, alice, leader, coordinator):  # type: ignore[no-untyped-def]
    for user in (alice, leader):
        with pytest.raises(PermissionDenied):
            actions.do_save_result(index="pci", year=2019, score="63,7", source="VCCI", acting_user=user)
    with pytest.raises(ValidationError):
        actions.do_save_result(index="pci", year=2019, score="63,7", source="", acting_user=coordinator)
    result = actions.do_save_result(index="pci", year=2019, score="63,7", rank=34, source="VCCI 2019",
                                    components=[("Gia nhập thị trường", "7,1", "10")], acting_user=coordinator)
    assert str(result.score) == "63.70" and result.components.get().max_score == 10


def test_it_imports_xlsx_all_or_nothing(province, coordinator):  # type: ignore[no-untyped-def]
    good = xlsx([("PAR INDEX", 2019, 80.05, 33, 63, "Bộ Nội vụ 2020", None, None, None),
                 ("PAR INDEX", 2019, None, None, None, None, "Cải cách TTHC", 11.2, 13),
                 ("PAPI", 2019, 42.35, 37, 63, "UNDP", None, None, None)],
                [(2019, "snv", 90.1, 1, "UBND tỉnh"), (2019, "ubnd-pleiku", 85, 1, "UBND tỉnh")])
    assert actions.do_import_xlsx(good, acting_user=coordinator) == {"results": 2, "units": 2}
    assert UnitIndexResult.objects.get(unit=province.pleiku).group == "district"
    bad = xlsx([("SIPAS", 2019, 83.1, 38, 63, "Bộ Nội vụ", None, None, None),
                ("XYZ", 2019, 1, 1, 63, "?", None, None, None)], [(2019, "khong-co", 1, 1, "x")])
    with pytest.raises(ValidationError) as caught:
        actions.do_import_xlsx(bad, acting_user=coordinator)
    assert any("Dòng 3" in message for message in caught.value.messages)
    assert not IndexResult.objects.filter(index="sipas").exists()


def test_the_public_page_shows_charts_tables_and_sources(client, province, settings):  # type: ignore[no-untyped-def]
    load_demo()
    body = client.get(reverse("indices:public")).content.decode()
    assert "<svg" in body and "<script>" not in body
    assert "PAR INDEX" in body and "SIPAS" in body and "PCI" in body and "PAPI" in body
    assert "Số liệu minh họa" in body
    assert "Sở Nội vụ" in body  # the province's own index of its units


def test_the_manage_page_is_for_coordinators(alice_client, coordinator_client):  # type: ignore[no-untyped-def]
    assert alice_client.get(reverse("indices:manage")).status_code == 403
    assert coordinator_client.get(reverse("indices:manage")).status_code == 200
    template = coordinator_client.get(reverse("indices:template"))
    assert template.status_code == 200 and template.content[:2] == b"PK"
    response = coordinator_client.post(reverse("indices:manage"), {
        "index": "papi", "year": "2020", "score": "43,1", "rank": "30", "rank_of": "63", "source": "UNDP 2021",
        "components": "Quản trị điện tử; 4,2; 10"})
    assert response.status_code == 302
    assert IndexResult.objects.get(index="papi", year=2020).components.count() == 1


def test_the_public_api_lists_results_with_components(client, province):  # type: ignore[no-untyped-def]
    load_demo()
    data = client.get("/api/v1/indices/", {"index": "pci"}).json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [row["year"] for row in rows] == [2016, 2017, 2018, 2019]
    assert rows[-1]["components"] and "minh họa" in rows[-1]["source"]
