"""Bulk import of accounts from an XLSX workbook: the template, reading and checking every row, the result file.

Design: every row is checked first; if any row is wrong nothing is created and every wrong row is reported with
its line number and the reason. Otherwise all accounts are created in one transaction
(``actions.do_import_users``), each with a random initial password that must be changed at the first login.
The passwords are shown once on the result page and offered there as an XLSX file; they are stored nowhere.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.validators import ASCIIUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from cchc.core.choices import Role
from cchc.lib import vn, xlsx
from cchc.units.models import OrgUnit

from .models import User

MAX_ROWS = 2000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = [
    ("username", "Tên đăng nhập (username)", 22),
    ("full_name", "Họ và tên", 28),
    ("email", "Thư điện tử", 30),
    ("role", "Vai trò", 18),
    ("units", "Mã đơn vị (cách nhau bởi ;)", 30),
    ("position", "Chức vụ", 24),
    ("phone", "Điện thoại", 16),
]
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._@+-]*$")

# Accepted spellings of the two roles an import may give (compared without case or diacritics).
ROLE_NAMES = {
    "officer": Role.OFFICER, "unit officer": Role.OFFICER, "can bo don vi": Role.OFFICER, "can bo": Role.OFFICER,
    "leader": Role.LEADER, "leader (read-only)": Role.LEADER, "lanh dao": Role.LEADER,
    "lanh dao (chi xem)": Role.LEADER,
}
FORBIDDEN_ROLE_NAMES = {
    "admin", "administrator", "quan tri", "quan tri he thong", "coordinator", "dieu phoi", "dieu phoi (so noi vu)",
    "coordinator (department of home affairs)",
}


class ImportFileError(Exception):
    """The file cannot be read as a workbook (the message is for the user)."""


@dataclass
class ImportRow:
    line: int
    username: str
    full_name: str
    email: str
    role: str
    units: list[OrgUnit] = field(default_factory=list)
    position: str = ""
    phone: str = ""


@dataclass
class ImportCheck:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[tuple[int, list[str]]] = field(default_factory=list)  # (line, reasons)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return vn.clean(str(value))


def template_workbook() -> bytes:
    """The empty import template: a header row, two example rows and a sheet of instructions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tài khoản"
    xlsx.append_row(sheet, [label for _key, label, _width in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, (_key, _label, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    xlsx.append_row(sheet, ["nguyenvana", "Nguyễn Văn A", "nguyenvana@example.gov.vn", "Cán bộ đơn vị", "stttt",
                            "Chuyên viên", "0269 3800 000"])
    xlsx.append_row(sheet, ["tranthib", "Trần Thị B", "", "Lãnh đạo", "", "Phó Chủ tịch", ""])
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("Hướng dẫn")
    for line in [
        "Điền mỗi tài khoản một dòng ở trang “Tài khoản”, từ dòng 2; giữ nguyên dòng tiêu đề; xóa hai dòng ví dụ.",
        "Tên đăng nhập: bắt buộc, chữ thường không dấu, chữ số và . _ - @; không trùng tài khoản đã có.",
        "Họ và tên: bắt buộc. Thư điện tử: không bắt buộc, nếu có phải hợp lệ.",
        "Vai trò: “Cán bộ đơn vị” (officer) hoặc “Lãnh đạo” (leader). Không nhập được tài khoản quản trị, điều phối.",
        "Mã đơn vị: mã các đơn vị, cách nhau bởi dấu chấm phẩy (;). Cán bộ đơn vị phải có ít nhất một đơn vị.",
        "Chức vụ, điện thoại: không bắt buộc.",
        "Nếu có dòng sai, không tài khoản nào được tạo; hệ thống liệt kê mọi dòng sai kèm lý do.",
        "Mỗi tài khoản được cấp một mật khẩu ban đầu ngẫu nhiên, hiển thị một lần sau khi nhập và tải về được "
        "dưới dạng tệp Excel; người dùng phải đổi mật khẩu ở lần đăng nhập đầu tiên.",
    ]:
        xlsx.append_row(notes, [line])
    notes.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_rows(upload: Any) -> list[tuple[int, list[str]]]:
    """The non-empty data rows of the first sheet: (line number, cell texts); the header row is skipped.

    Read by ``cchc.lib.xlsx.read_sheet``: bombs refused, declared dimensions ignored, rows and columns capped."""
    upload.seek(0)
    try:
        table = xlsx.read_sheet(upload.read(), max_rows=MAX_ROWS + 1, max_columns=len(COLUMNS) + 20)
    except xlsx.SheetRefused as error:
        if error.reason == "rows":
            raise ImportFileError(_("The file has more than %(max)d rows: split it.") % {"max": MAX_ROWS}) from error
        if error.reason == "unreadable":
            raise ImportFileError(_("The file cannot be opened: it is not a valid Excel workbook (.xlsx).")) from error
        raise ImportFileError(error.message) from error
    rows = []
    for line, values in table:
        if line == 1:
            continue
        cells = [_text(value) for value in list(values)[: len(COLUMNS)]]
        cells += [""] * (len(COLUMNS) - len(cells))
        if any(cells):
            rows.append((line, cells))
    return rows


def parse_role(text: str) -> tuple[str | None, str | None]:
    """(role, error) for the role cell."""
    folded = vn.fold(text)
    if not folded:
        return None, _("Missing role")
    if folded in ROLE_NAMES:
        return ROLE_NAMES[folded], None
    if folded in FORBIDDEN_ROLE_NAMES:
        return None, _("Role “%(role)s” is not allowed in an import (only unit officer or leader)") % {"role": text}
    return None, _("Unknown role “%(role)s” (write “Cán bộ đơn vị” or “Lãnh đạo”)") % {"role": text}


def check_rows(raw_rows: list[tuple[int, list[str]]]) -> ImportCheck:
    """Check every row; collect every reason a row is wrong (nothing is written)."""
    check = ImportCheck()
    if not raw_rows:
        check.errors.append((0, [_("The file has no account rows.")]))
        return check
    usernames = [cells[0].lower() for _line, cells in raw_rows if cells[0]]
    existing = set(
        User.objects.annotate(lower_name=Lower("username")).filter(lower_name__in=usernames)
        .values_list("lower_name", flat=True)
    )
    units_by_code = {unit.code.lower(): unit for unit in OrgUnit.objects.all()}
    seen: dict[str, int] = {}
    validator = ASCIIUsernameValidator()
    for line, cells in raw_rows:
        values = dict(zip([key for key, _label, _width in COLUMNS], cells, strict=True))
        reasons: list[str] = []
        username = values["username"].lower()
        if not username:
            reasons.append(_("Missing user name"))
        else:
            valid = bool(USERNAME_RE.match(username)) and len(username) <= 150
            try:
                validator(username)
            except ValidationError:
                valid = False
            if not valid:
                reasons.append(_("Invalid user name “%(username)s” (use lower-case letters without diacritics, "
                                 "digits and . _ - @)") % {"username": values["username"]})
            elif username in seen:
                reasons.append(_("User name “%(username)s” repeats line %(line)d")
                               % {"username": username, "line": seen[username]})
            elif username in existing:
                reasons.append(_("User name “%(username)s” already exists") % {"username": username})
            seen.setdefault(username, line)
        if not values["full_name"]:
            reasons.append(_("Missing full name"))
        elif len(values["full_name"]) > 150:
            reasons.append(_("Full name longer than %(max)d characters") % {"max": 150})
        if values["email"]:
            try:
                validate_email(values["email"])
            except ValidationError:
                reasons.append(_("Invalid e-mail address “%(email)s”") % {"email": values["email"]})
        role, role_error = parse_role(values["role"])
        if role_error:
            reasons.append(role_error)
        codes = [code.strip().lower() for code in re.split(r"[;,\n]+", values["units"]) if code.strip()]
        unknown = [code for code in codes if code not in units_by_code]
        if unknown:
            reasons.append(_("Unknown unit code(s): %(codes)s") % {"codes": ", ".join(unknown)})
        if role == Role.OFFICER and not codes:
            reasons.append(_("A unit officer must belong to at least one unit (column “Mã đơn vị”)"))
        if len(values["position"]) > 120:
            reasons.append(_("Position longer than %(max)d characters") % {"max": 120})
        if len(values["phone"]) > 40:
            reasons.append(_("Phone longer than %(max)d characters") % {"max": 40})
        if reasons:
            check.errors.append((line, reasons))
            continue
        check.rows.append(ImportRow(
            line=line, username=username, full_name=values["full_name"], email=values["email"], role=str(role),
            units=list(dict.fromkeys(units_by_code[code] for code in codes)), position=values["position"],
            phone=values["phone"],
        ))
    if check.errors:
        check.rows = []
    return check


def check_file(upload: Any) -> ImportCheck:
    """Read and check an uploaded workbook. Raises ``ImportFileError`` when it cannot be read."""
    return check_rows(read_rows(upload))


def credentials_workbook(created: list[tuple[User, str]]) -> bytes:
    """The accounts just created with their initial passwords, for the coordinator to hand out."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Mật khẩu ban đầu"
    xlsx.append_row(sheet, ["Tên đăng nhập", "Họ và tên", "Vai trò", "Đơn vị", "Thư điện tử", "Mật khẩu ban đầu"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for user, password in created:
        units = "; ".join(unit.code for unit in user.units.all())
        xlsx.append_row(sheet, [user.username, user.full_name, str(user.get_role_display()), units, user.email,
                                password])
    for letter, width in zip("ABCDEF", (22, 28, 22, 30, 30, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
