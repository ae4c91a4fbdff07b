"""Bulk import of accounts from XLSX: all rows or none, every bad row reported with its line."""

from __future__ import annotations

import base64
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cchc.accounts import io as account_io
from cchc.accounts.models import User
from cchc.core.choices import Role

HEADER = ["Tên đăng nhập", "Họ và tên", "Thư điện tử", "Vai trò", "Mã đơn vị", "Chức vụ", "Điện thoại"]


def xlsx(rows: list[list], name: str = "tai-khoan.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=account_io.XLSX_TYPE)


GOOD_ROWS = [
    ["nguyenvana", "Nguyễn Văn A", "vana@gialai.example", "Cán bộ đơn vị", "stttt", "Chuyên viên", "0269 1"],
    ["tranthib", "Trần Thị B", "", "Lãnh đạo", "", "Phó Chủ tịch", ""],
    [],  # empty lines are skipped
    ["levanc", "Lê Văn C", None, "officer", "ubnd-pleiku; stp", None, None],
    ["phamd", "Phạm D", "", "leader", "snv", "", ""],
]


def upload(client: Client, file: SimpleUploadedFile):
    return client.post(reverse("accounts:user_import"), {"file": file})


def test_the_template_downloads_and_reads_back(coordinator_client, province):
    response = coordinator_client.get(reverse("accounts:user_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Tài khoản", "Hướng dẫn"]
    header = [cell.value for cell in workbook.active[1]]
    assert header[0].startswith("Tên đăng nhập") and len(header) == 7
    # The example rows of the template are valid (stttt exists in the test province).
    check = account_io.check_file(io.BytesIO(response.content))
    assert check.ok and [row.username for row in check.rows] == ["nguyenvana", "tranthib"]


def test_a_good_file_creates_every_account(coordinator_client, coordinator, province):
    response = upload(coordinator_client, xlsx(GOOD_ROWS))
    assert response.status_code == 200
    body = response.content.decode()
    created = {user.username: user for user in User.objects.filter(
        username__in=["nguyenvana", "tranthib", "levanc", "phamd"])}
    assert len(created) == 4
    assert all(user.must_change_password for user in created.values())
    assert created["nguyenvana"].role == Role.OFFICER and created["tranthib"].role == Role.LEADER
    assert set(created["levanc"].units.all()) == {province.pleiku, province.stp}
    assert created["nguyenvana"].full_name == "Nguyễn Văn A"
    assert created["nguyenvana"].email == "vana@gialai.example"
    assert created["nguyenvana"].position == "Chuyên viên"
    # Each initial password is shown once and in the XLSX file; each works and forces a change.
    passwords = dict((user.username, password) for user, password in response.context["created"])
    assert set(passwords) == set(created)
    for password in passwords.values():
        assert password in body
    workbook = load_workbook(io.BytesIO(base64.b64decode(response.context["xlsx_data_url"].split(",", 1)[1])))
    rows = {row[0]: row for row in workbook.active.iter_rows(min_row=2, values_only=True)}
    assert rows["levanc"][-1] == passwords["levanc"]
    client = Client()
    client.post(reverse("accounts:login"), {"username": "levanc", "password": passwords["levanc"]})
    assert client.get(reverse("core:home")).url == reverse("accounts:password_change")
    # Created by the coordinator, in the audit log.
    from auditlog.models import LogEntry

    assert LogEntry.objects.get_for_object(created["phamd"]).filter(actor=coordinator, action=0).exists()


def test_a_bad_file_creates_nothing_and_lists_every_bad_row(coordinator_client, alice, province):
    rows = [
        ["okuser", "Người Tốt", "", "Cán bộ đơn vị", "stttt", "", ""],           # line 2: fine
        ["Nguyễn Văn", "Có dấu", "", "Cán bộ đơn vị", "stttt", "", ""],        # line 3: invalid user name
        ["okuser", "Trùng", "", "Lãnh đạo", "", "", ""],                       # line 4: repeats line 2
        ["ALICE", "Đã có", "", "Lãnh đạo", "", "", ""],                        # line 5: already exists
        ["khongdonvi", "Không đơn vị", "", "Cán bộ đơn vị", "", "", ""],       # line 6: officer without unit
        ["madonvisai", "Mã sai", "", "Cán bộ đơn vị", "stttt;khong-co", "", ""],  # line 7: unknown unit
        ["thusai", "Thư sai", "khong-phai-email", "Lãnh đạo", "", "", ""],     # line 8: bad e-mail
        ["dieuphoi", "Điều phối", "", "Điều phối (Sở Nội vụ)", "snv", "", ""],  # line 9: role not allowed
        ["vaitro", "Vai trò lạ", "", "Giám đốc", "snv", "", ""],               # line 10: unknown role
        ["", "Không tên", "", "Lãnh đạo", "", "", ""],                         # line 11: no user name
        ["khongten", "", "", "Lãnh đạo", "", "", ""],                          # line 12: no full name
    ]
    before = User.objects.count()
    response = upload(coordinator_client, xlsx(rows))
    assert response.status_code == 200
    assert User.objects.count() == before
    errors = dict(response.context["check"].errors)
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert "không hợp lệ" in errors[3][0]
    assert "trùng với dòng 2" in errors[4][0]
    assert "đã tồn tại" in errors[5][0]
    assert "ít nhất một đơn vị" in errors[6][0]
    assert "khong-co" in errors[7][0] and "Không có đơn vị" in errors[7][0]
    assert "Thư điện tử" in errors[8][0]
    assert "không được phép" in errors[9][0]
    assert "không rõ" in errors[10][0].lower()
    assert "Thiếu tên đăng nhập" in errors[11][0]
    assert "Thiếu họ và tên" in errors[12][0]
    body = response.content.decode()
    assert "Không tài khoản nào được nhập" in body
    for line in errors:
        assert f"<td>{line}</td>" in body


def test_a_row_with_several_problems_lists_them_all(coordinator, province):
    check = account_io.check_rows([(2, ["x y", "", "thu@", "Quản trị hệ thống", "zzz", "", ""])])
    assert not check.ok and len(check.errors[0][1]) == 5


@pytest.mark.parametrize("name, content, message", [
    ("tai-khoan.csv", b"username\nabc\n", "phần mở rộng .xlsx"),
    ("tai-khoan.xlsx", b"not a zip at all", "Không mở được tệp"),
])
def test_a_wrong_file_is_refused_in_vietnamese(coordinator_client, province, name, content, message):
    response = upload(coordinator_client, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_file_over_5_mb_is_refused(coordinator_client, province):
    big = SimpleUploadedFile("lon.xlsx", b"0" * (5 * 1024 * 1024 + 1))
    response = upload(coordinator_client, big)
    assert "lớn hơn 5 MB" in response.content.decode()


def test_an_empty_file_is_refused(coordinator_client, province):
    response = upload(coordinator_client, xlsx([]))
    assert "Tệp không có dòng tài khoản nào." in response.content.decode()


def test_the_import_page_explains_the_design(coordinator_client):
    body = coordinator_client.get(reverse("accounts:user_import")).content.decode()
    assert "Nhập tài khoản" in body
    assert "hiển thị một lần" in body
    assert reverse("accounts:user_import_template") in body
