import io as pyio
from datetime import date

import openpyxl
import pytest

from cchc.units.models import OrgUnit, UnitKind


def page(response):
    return response.content.decode()


@pytest.mark.django_db
def test_it_lists_units_in_vietnamese_with_counts(coordinator_client, province):
    response = coordinator_client.get("/units/")
    assert response.status_code == 200
    html = page(response)
    assert "<h1>Đơn vị</h1>" in html
    assert "Tên đầy đủ" in html and "Loại đơn vị" in html and "Đơn vị cấp trên" in html
    assert "Tìm thấy 8 đơn vị (8 đang hoạt động)." in html
    assert "Nhập từ tệp" in html and "Xuất XLSX" in html and "Xuất CSV" in html
    names = [unit.name for unit in response.context["units"]]
    assert names.index("Bưu điện tỉnh Gia Lai") < names.index("Sở Nội vụ tỉnh Gia Lai") < names.index(
        "Ủy ban nhân dân huyện Chư Păh")


@pytest.mark.django_db
def test_it_searches_without_diacritics(coordinator_client, province):
    response = coordinator_client.get("/units/", {"q": "so noi vu"})
    assert [unit.code for unit in response.context["units"]] == ["snv"]
    response = coordinator_client.get("/units/", {"q": "chu pah", "sort": "-code"})
    assert [unit.code for unit in response.context["units"]] == ["ubnd-chupah"]


@pytest.mark.django_db
def test_it_sorts_and_paginates(coordinator_client, province):
    codes = [unit.code for unit in coordinator_client.get("/units/", {"sort": "code"}).context["units"]]
    assert codes == sorted(codes)
    codes = [unit.code for unit in coordinator_client.get("/units/", {"sort": "-code"}).context["units"]]
    assert codes == sorted(codes, reverse=True)
    assert coordinator_client.get("/units/", {"page": 9}).context["page_obj"].number == 1


@pytest.mark.django_db
def test_a_coordinator_sees_a_unit_with_its_history(coordinator_client, coordinator, province, alice):
    html = page(coordinator_client.get(f"/units/{province.stttt.pk}/"))
    assert "Sở Thông tin và Truyền thông tỉnh Gia Lai" in html
    assert "Sở TT&amp;TT" in html  # alias
    assert "Nguyễn Thị An" in html  # member
    assert "Đang hoạt động" in html
    assert "Lịch sử thay đổi" in html
    assert "Ủy ban nhân dân tỉnh Gia Lai" in page(coordinator_client.get(f"/units/{province.province.pk}/"))


@pytest.mark.django_db
def test_a_coordinator_creates_a_unit(coordinator_client, province):
    assert coordinator_client.get("/units/new/").status_code == 200
    kind = UnitKind.objects.get(code="department")
    response = coordinator_client.post("/units/new/", {
        "code": "sgtvt", "name": "Sở Giao thông vận tải tỉnh Gia Lai", "kind": kind.pk,
        "parent": province.province.pk, "valid_from": "2020-01-01", "aliases": "Sở GTVT\nSở Giao thông",
    }, follow=True)
    unit = OrgUnit.objects.get(code="sgtvt")
    assert response.redirect_chain[-1][0] == f"/units/{unit.pk}/"
    assert "Đã thêm đơn vị “Sở Giao thông vận tải tỉnh Gia Lai”." in page(response)
    assert set(unit.alias_names()) == {"Sở GTVT", "Sở Giao thông"}
    assert unit.valid_from == date(2020, 1, 1)


@pytest.mark.django_db
def test_the_form_explains_a_bad_code_in_vietnamese(coordinator_client, province):
    kind = UnitKind.objects.get(code="department")
    response = coordinator_client.post("/units/new/", {"code": "admin", "name": "X", "kind": kind.pk})
    assert "Mã “admin” đã dành riêng cho tài khoản hệ thống" in page(response)
    response = coordinator_client.post("/units/new/", {"code": "Sở", "name": "X", "kind": kind.pk})
    assert "Mã chỉ gồm chữ thường không dấu" in page(response)
    assert not OrgUnit.objects.filter(name="X").exists()


@pytest.mark.django_db
def test_a_coordinator_edits_a_unit_and_the_history_shows_who_changed_what(coordinator_client, province):
    unit = province.stp
    response = coordinator_client.get(f"/units/{unit.pk}/edit/")
    assert response.status_code == 200
    data = {key: value for key, value in response.context["form"].initial.items() if value is not None}
    data.update({"kind": unit.kind_id, "parent": unit.parent_id, "head_name": "Phạm Văn Công",
                 "aliases": "Sở TP"})
    response = coordinator_client.post(f"/units/{unit.pk}/edit/", data, follow=True)
    assert "Đã lưu thay đổi của đơn vị" in page(response)
    unit.refresh_from_db()
    assert unit.head_name == "Phạm Văn Công"
    assert unit.alias_names() == ["Sở TP"]
    history = response.context["history"]
    assert history[0].actor.username == "sonoivu"
    assert any(new == "Phạm Văn Công" for _label, _old, new in history[0].change_rows)
    html = page(response)
    assert "Chuyên viên Sở Nội vụ" in html and "người đứng đầu" in html and "Phạm Văn Công" in html


@pytest.mark.django_db
def test_a_coordinator_closes_a_unit_with_a_successor(coordinator_client, province):
    response = coordinator_client.post(f"/units/{province.stp.pk}/close/", {
        "on": "2024-12-31", "successors": [province.snv.pk]}, follow=True)
    assert "Đã giải thể/đóng đơn vị" in page(response)
    province.stp.refresh_from_db()
    assert province.stp.valid_to == date(2024, 12, 31)
    assert list(province.stp.successors.all()) == [province.snv]
    assert "Đã giải thể/sáp nhập" in page(coordinator_client.get(f"/units/{province.stp.pk}/"))
    assert "Sở Tư pháp tỉnh Gia Lai" in page(coordinator_client.get(f"/units/{province.snv.pk}/"))


@pytest.mark.django_db
def test_a_coordinator_merges_units(coordinator_client, province):
    response = coordinator_client.post(f"/units/{province.snv.pk}/merge/", {
        "sources": [province.stp.pk, province.stttt.pk], "on": "2025-02-28"}, follow=True)
    assert "Đã sáp nhập 2 đơn vị vào “Sở Nội vụ tỉnh Gia Lai”." in page(response)
    for unit in (province.stp, province.stttt):
        unit.refresh_from_db()
        assert unit.valid_to == date(2025, 2, 28)
        assert list(unit.successors.all()) == [province.snv]
    response = coordinator_client.post(f"/units/{province.snv.pk}/merge/", {"on": "2025-02-28"})
    assert response.status_code == 200 and response.context["form"].errors


@pytest.mark.django_db
def test_an_officer_reaches_only_her_unit(alice_client, province):
    response = alice_client.get("/units/")
    assert [unit.code for unit in response.context["units"]] == ["stttt"]
    assert "Nhập từ tệp" not in page(response)
    assert alice_client.get(f"/units/{province.stttt.pk}/").status_code == 200
    assert alice_client.get(f"/units/{province.pleiku.pk}/").status_code == 404
    for url in ("/units/new/", f"/units/{province.stttt.pk}/edit/", f"/units/{province.pleiku.pk}/edit/",
                "/units/import/", f"/units/{province.stttt.pk}/merge/", f"/units/{province.stttt.pk}/close/",
                "/units/import/template.xlsx", "/units/kinds/"):
        assert alice_client.get(url).status_code == 403, url
    assert alice_client.post(f"/units/{province.stttt.pk}/close/", {"on": "2024-01-01"}).status_code == 403
    workbook = openpyxl.load_workbook(pyio.BytesIO(alice_client.get("/units/export.xlsx").content))
    assert [row[0] for row in workbook.active.iter_rows(min_row=2, values_only=True)] == ["stttt"]
    lines = alice_client.get("/units/export.csv").content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[1].startswith("stttt,")


@pytest.mark.django_db
def test_a_leader_reads_and_exports_but_changes_nothing(leader_client, province):
    assert leader_client.get("/units/").context["page_obj"].paginator.count == 8
    assert leader_client.get(f"/units/{province.pleiku.pk}/").status_code == 200
    response = leader_client.get("/units/export.csv", {"kind": "district"})
    assert response.status_code == 200
    assert len(response.content.decode("utf-8-sig").splitlines()) == 3
    for url in ("/units/new/", f"/units/{province.snv.pk}/edit/", "/units/import/",
                f"/units/{province.snv.pk}/merge/", f"/units/{province.snv.pk}/close/"):
        assert leader_client.get(url).status_code == 403, url


@pytest.mark.django_db
def test_the_export_follows_the_filters(coordinator_client, province):
    response = coordinator_client.get("/units/export.xlsx", {"q": "so noi vu"})
    assert response["Content-Disposition"].startswith("attachment;")
    workbook = openpyxl.load_workbook(pyio.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã đơn vị", "Tên đầy đủ", "Tên viết tắt")
    assert [row[0] for row in rows[1:]] == ["snv"]
    assert coordinator_client.get("/units/export.pdf").status_code == 404


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client, province):
    response = client.get("/units/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_an_administrator_edits_the_unit_kinds(admin_client_, coordinator_client, province):
    assert coordinator_client.get("/units/kinds/").status_code == 403
    html = page(admin_client_.get("/units/kinds/"))
    assert "Loại đơn vị" in html and "Sở, ban, ngành tỉnh" in html
    response = admin_client_.post("/units/kinds/new/", {"code": "bql", "name": "Ban quản lý", "order": 15},
                                  follow=True)
    assert "Đã lưu loại đơn vị “Ban quản lý”." in page(response)
    kind = UnitKind.objects.get(code="bql")
    admin_client_.post(f"/units/kinds/{kind.pk}/", {"code": "bql", "name": "Ban quản lý dự án", "order": 15})
    kind.refresh_from_db()
    assert kind.name == "Ban quản lý dự án"
    used = UnitKind.objects.get(code="department")
    response = admin_client_.post(f"/units/kinds/{used.pk}/delete/", follow=True)
    assert "Loại đơn vị này đang được sử dụng nên không thể xóa." in page(response)
    assert UnitKind.objects.filter(pk=used.pk).exists()
    admin_client_.post(f"/units/kinds/{kind.pk}/delete/")
    assert not UnitKind.objects.filter(pk=kind.pk).exists()


@pytest.mark.django_db
def test_the_filter_bar_keeps_the_chosen_values(coordinator_client, province):
    html = page(coordinator_client.get("/units/", {"kind": "district", "status": "open", "q": "ubnd",
                                                   "parent": province.province.pk}))
    assert '<option value="district" selected>' in html
    assert '<option value="open" selected>' in html
    assert f'<option value="{province.province.pk}" selected>' in html
    assert 'value="ubnd"' in html
    assert "Tìm thấy 2 đơn vị" in html
    assert "/units/export.xlsx?kind=district" in html
