"""Personas and a small province for tests (the Healthchecks way: named people, not factories).

- ``admin``: administrator; ``sonoivu``: coordinator at Sở Nội vụ; ``lanhdao``: leader (read-only);
- ``alice``: officer of Sở Thông tin và Truyền thông (``stttt``); ``bob``: officer of UBND thành phố Pleiku;
- units: the province, Sở Nội vụ, Sở TT&TT, Sở Tư pháp, UBND thành phố Pleiku, UBND huyện Chư Păh, Ủy ban MTTQ,
  Bưu điện tỉnh (with its aliases).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cchc.accounts.actions import do_create_user
from cchc.accounts.models import User
from cchc.core.choices import Role
from cchc.units import choices as kinds
from cchc.units.actions import do_create_unit
from cchc.units.models import OrgUnit, UnitKind

PASSWORD = "Mat-khau-thu-2020"  # noqa: S105


@dataclass
class Province:
    province: OrgUnit
    snv: OrgUnit
    stttt: OrgUnit
    stp: OrgUnit
    pleiku: OrgUnit
    chupah: OrgUnit
    mttq: OrgUnit
    buudien: OrgUnit

    def all(self) -> list[OrgUnit]:
        return [self.province, self.snv, self.stttt, self.stp, self.pleiku, self.chupah, self.mttq, self.buudien]


def kind(code: str) -> UnitKind:
    return UnitKind.objects.get(code=code)


def make_unit(code: str, kind_code: str, name: str, *, parent: OrgUnit | None = None, **fields: Any) -> OrgUnit:
    return do_create_unit(acting_user=None, code=code, kind=kind(kind_code), name=name, parent=parent, **fields)


def ensure_kinds() -> None:
    """The default unit kinds (a data migration adds them; a transactional test's flush removes them)."""
    for code, name, plural, order in kinds.DEFAULT_KINDS:
        UnitKind.objects.get_or_create(code=code, defaults={"name": name, "plural_name": plural, "order": order})


def make_province() -> Province:
    ensure_kinds()
    province = make_unit("ubnd-tinh", kinds.PROVINCE, "Ủy ban nhân dân tỉnh Gia Lai", short_name="UBND tỉnh")
    return Province(
        province=province,
        snv=make_unit("snv", kinds.DEPARTMENT, "Sở Nội vụ tỉnh Gia Lai", parent=province, short_name="Sở Nội vụ",
                      head_name="Lê Thị Thu Hà", head_email="giamdoc.snv@gialai.example", emails="snv@gialai.example"),
        stttt=make_unit("stttt", kinds.DEPARTMENT, "Sở Thông tin và Truyền thông tỉnh Gia Lai", parent=province,
                        short_name="Sở Thông tin và Truyền thông", aliases=["Sở TT&TT"],
                        head_email="giamdoc.stttt@gialai.example", emails="stttt@gialai.example"),
        stp=make_unit("stp", kinds.DEPARTMENT, "Sở Tư pháp tỉnh Gia Lai", parent=province, short_name="Sở Tư pháp"),
        pleiku=make_unit("ubnd-pleiku", kinds.DISTRICT, "Ủy ban nhân dân thành phố Pleiku", parent=province,
                         short_name="UBND thành phố Pleiku", emails="pleiku@gialai.example"),
        chupah=make_unit("ubnd-chupah", kinds.DISTRICT, "Ủy ban nhân dân huyện Chư Păh", parent=province,
                         short_name="UBND huyện Chư Păh"),
        mttq=make_unit("mttq", kinds.MASS_ORG, "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Gia Lai", parent=province),
        buudien=make_unit("buudien", kinds.POST, "Bưu điện tỉnh Gia Lai", parent=province,
                          short_name="Bưu điện tỉnh", aliases=["Bưu điện Gia Lai"]),
    )


def make_user(username: str, role: str, units: list[OrgUnit] = (), **fields: Any) -> User:  # type: ignore[assignment]
    user = do_create_user(acting_user=None, username=username, role=role, units=units, password=PASSWORD,
                          must_change_password=False, check_password=False, email=f"{username}@gialai.example",
                          **fields)
    if role == Role.ADMIN:
        user.is_superuser = True
        user.save()
    return user


def browser_login(page: Any, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the real login page."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
