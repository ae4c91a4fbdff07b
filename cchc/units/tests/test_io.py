import csv
import io as pyio
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.units import io
from cchc.units.models import OrgUnit

HEADER = ["Mã đơn vị", "Tên đầy đủ", "Tên viết tắt", "Loại đơn vị", "Mã đơn vị cấp trên",
          "Ngày bắt đầu hoạt động", "Ngày kết thúc", "Tên gọi khác", "Người đứng đầu", "Chức vụ",
          "Thư điện tử người đứng đầu", "Thư điện tử liên hệ"]


def xlsx(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = pyio.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows):
    buffer = pyio.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def snapshot():
    return sorted(OrgUnit.objects.values_list("code", "name", "parent__code", "valid_to", "search_text"))


@pytest.mark.django_db
def test_it_rejects_a_bad_file_whole_and_lists_every_bad_row(coordinator, province):
    before = snapshot()
    rows = [
        HEADER,
        ["sgtvt", "Sở Giao thông vận tải", "", "department", "ubnd-tinh", "01/01/2020", "", "", "", "", "", ""],
        ["bad code", "Tên", "", "department", "", "", "", "", "", "", "", ""],            # line 3
        ["admin", "Tên", "", "department", "", "", "", "", "", "", "", ""],                # line 4
        ["Admin", "Tên", "", "department", "", "", "", "", "", "", "", ""],                # line 5
        ["sgtvt", "Trùng mã", "", "department", "", "", "", "", "", "", "", ""],           # line 6
        ["skhdt", "Sở Kế hoạch", "", "sở gì đó", "", "", "", "", "", "", "", ""],          # line 7
        ["sct", "Sở Công Thương", "", "department", "khong-co", "", "", "", "", "", "", ""],  # line 8
        ["syt", "Sở Y tế", "", "department", "", "32/13/2020", "", "", "", "", "", ""],     # line 9
        ["sxd", "Sở Xây dựng", "", "department", "", "02/02/2020", "01/01/2020", "", "", "", "", ""],  # line 10
        ["sgd", "", "", "department", "", "", "", "", "", "", "", ""],                     # line 11
        ["stc", "Sở Tài chính", "", "department", "", "", "", "", "", "", "x@", "a@b.vn; sai"],  # line 12
    ]
    result = io.import_units("units.xlsx", xlsx(rows), acting_user=coordinator)
    assert not result.ok
    assert snapshot() == before
    lines = result.error_lines()
    text = "\n".join(lines)
    assert "Dòng 3: mã đơn vị “bad code” không hợp lệ" in text
    assert "Dòng 4: mã đơn vị “admin” đã dành riêng" in text
    assert "Dòng 5: mã đơn vị “Admin” không hợp lệ" in text
    assert "Dòng 6: mã đơn vị “sgtvt” bị trùng (đã có ở dòng 2)" in text
    assert "Dòng 7: loại đơn vị “sở gì đó” không có trong danh mục" in text
    assert "Dòng 8: không có đơn vị cấp trên mã “khong-co”" in text
    assert "Dòng 9: ngày bắt đầu hoạt động “32/13/2020” không hợp lệ" in text
    assert "Dòng 10: ngày kết thúc trước ngày bắt đầu hoạt động" in text
    assert "Dòng 11: thiếu tên đầy đủ" in text
    assert "Dòng 12: địa chỉ thư điện tử “x@” không hợp lệ" in text
    assert "Dòng 12: địa chỉ thư điện tử “sai” không hợp lệ" in text
    assert {int(line.split(":")[0].split()[1]) for line in lines} == set(range(3, 13))


@pytest.mark.django_db
def test_it_imports_a_good_xlsx_creating_and_updating(coordinator, province):
    rows = [
        HEADER,
        ["stttt", "Sở Thông tin và Truyền thông tỉnh Gia Lai", "Sở TT&TT", "Sở, ban, ngành tỉnh", "ubnd-tinh", "",
         "", "Sở TTTT; Sở Thông tin", "Nguyễn Văn A", "Giám đốc", "gd@gialai.example", "a@gialai.example"],
        ["phong-bc", "Phòng Báo chí - Xuất bản", "", "other", "sgtvt-moi", "2020-10-01", "", "", "", "", "", ""],
        ["sgtvt-moi", "Sở Giao thông vận tải", "", "department", "ubnd-tinh", "01/10/2020", "", "", "", "", "", ""],
    ]
    result = io.import_units("units.xlsx", xlsx(rows), acting_user=coordinator)
    assert result.ok, result.error_lines()
    assert (result.created, result.updated) == (2, 1)
    stttt = OrgUnit.objects.get(code="stttt")
    assert stttt.short_name == "Sở TT&TT"
    assert stttt.head_name == "Nguyễn Văn A"
    assert set(stttt.alias_names()) == {"Sở Thông tin", "Sở TTTT"}
    phong = OrgUnit.objects.get(code="phong-bc")
    assert phong.parent.code == "sgtvt-moi"
    assert phong.valid_from == date(2020, 10, 1)
    assert OrgUnit.objects.search("so thong tin").filter(code="stttt").exists()


@pytest.mark.django_db
def test_it_imports_a_csv_with_field_names_as_headers(coordinator, province):
    rows = [
        ["code", "name", "kind", "parent", "valid_from", "emails"],
        ["syt", "Sở Y tế tỉnh Gia Lai", "department", "ubnd-tinh", "15/03/2021",
         "syt@gialai.example; vp@gialai.example"],
        ["snv", "Sở Nội vụ tỉnh Gia Lai", "department", "ubnd-tinh", "", ""],
    ]
    result = io.import_units("units.csv", csv_bytes(rows), acting_user=coordinator)
    assert result.ok, result.error_lines()
    syt = OrgUnit.objects.get(code="syt")
    assert syt.valid_from == date(2021, 3, 15)
    assert syt.email_list() == ["syt@gialai.example", "vp@gialai.example"]
    snv = OrgUnit.objects.get(code="snv")
    assert snv.emails == ""
    assert snv.head_name == "Lê Thị Thu Hà"  # a column not in the file stays as it was


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_it_round_trips_export_and_import(coordinator, province, fmt):
    province.snv.valid_from = date(2008, 4, 1)
    province.snv.save()
    units = io.export_queryset(OrgUnit.objects.all())
    data = io.write_xlsx(units) if fmt == "xlsx" else io.write_csv(units)
    before = snapshot()
    result = io.import_units(f"units.{fmt}", data, acting_user=coordinator)
    assert result.ok, result.error_lines()
    assert (result.created, result.updated) == (0, 8)
    assert snapshot() == before
    assert OrgUnit.objects.get(code="snv").valid_from == date(2008, 4, 1)
    assert OrgUnit.objects.get(code="buudien").alias_names() == ["Bưu điện Gia Lai"]
    OrgUnit.objects.all().update(name="x")  # then the file restores the names
    OrgUnit.objects.filter(code="stttt").update(head_email="")
    assert io.import_units(f"units.{fmt}", data, acting_user=coordinator).ok
    assert OrgUnit.objects.get(code="stttt").name == "Sở Thông tin và Truyền thông tỉnh Gia Lai"
    assert OrgUnit.objects.get(code="stttt").head_email == "giamdoc.stttt@gialai.example"


@pytest.mark.django_db
def test_it_reports_unknown_columns_and_unreadable_files(coordinator, province):
    result = io.parse_units("a.csv", csv_bytes([["code", "name", "màu sắc"], ["x", "y", "z"]]))
    assert result.error_lines() == ["Dòng 1: không nhận ra cột “màu sắc”"]
    result = io.parse_units("a.csv", "mã,tên\n".encode("cp1258", errors="replace") + b"\xff\xfe")
    assert "UTF-8" in result.error_lines()[0]
    result = io.parse_units("a.xlsx", b"not a zip")
    assert result.error_lines() == ["Dòng 1: Không mở được tệp XLSX: tệp bị hỏng hoặc không phải tệp XLSX."]


@pytest.mark.django_db
def test_it_detects_a_parent_cycle(coordinator, province):
    rows = [["code", "name", "kind", "parent"], ["a-1", "A", "other", "b-1"], ["b-1", "B", "other", "a-1"]]
    result = io.parse_units("a.csv", csv_bytes(rows))
    assert [line for line, _message in result.errors] == [2, 3]


def test_it_parses_dates():
    assert io.parse_date("01/10/2020") == date(2020, 10, 1)
    assert io.parse_date("1.2.2021") == date(2021, 2, 1)
    assert io.parse_date("2021-02-01") == date(2021, 2, 1)
    assert io.parse_date("") is None
    for bad in ("2021/02/30", "31/02/2021", "hôm qua"):
        with pytest.raises(ValueError):
            io.parse_date(bad)


@pytest.mark.django_db
def test_the_import_page_shows_every_error_and_changes_nothing(coordinator_client, province):
    before = snapshot()
    data = xlsx([HEADER, ["Admin", "Tên", "", "department"], ["ok-1", "", "", "department"]])
    response = coordinator_client.post("/units/import/", {"file": SimpleUploadedFile("u.xlsx", data)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dòng 2: mã đơn vị “Admin” không hợp lệ" in page
    assert "Dòng 3: thiếu tên đầy đủ" in page
    assert "Chưa nhập dữ liệu nào" in page
    assert snapshot() == before


@pytest.mark.django_db
def test_the_import_page_checks_the_upload(coordinator_client, province):
    response = coordinator_client.post("/units/import/", {"file": SimpleUploadedFile("u.txt", b"abc")})
    assert "Chỉ nhập được tệp XLSX hoặc CSV." in response.content.decode()
    response = coordinator_client.post("/units/import/", {"file": SimpleUploadedFile("u.xlsx", b"PK garbage")})
    assert "Không mở được tệp XLSX" in response.content.decode()
    big = SimpleUploadedFile("u.csv", b"a" * (5 * 1024 * 1024 + 1))
    assert "Tệp lớn hơn 5 MB." in coordinator_client.post("/units/import/", {"file": big}).content.decode()


@pytest.mark.django_db
def test_the_import_page_imports_a_good_file(coordinator_client, province):
    data = csv_bytes([["code", "name", "kind", "parent"], ["syt", "Sở Y tế", "department", "ubnd-tinh"]])
    response = coordinator_client.post("/units/import/", {"file": SimpleUploadedFile("u.csv", data)}, follow=True)
    assert "Đã nhập xong: thêm mới 1 đơn vị, cập nhật 0 đơn vị." in response.content.decode()
    assert OrgUnit.objects.filter(code="syt", parent=province.province).exists()


@pytest.mark.django_db
def test_the_template_has_the_vietnamese_headers(coordinator_client, province):
    response = coordinator_client.get("/units/import/template.xlsx")
    workbook = openpyxl.load_workbook(pyio.BytesIO(response.content))
    assert [cell.value for cell in workbook.worksheets[0][1]] == HEADER
    assert workbook.sheetnames[1] == "Hướng dẫn"
