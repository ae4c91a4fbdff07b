"""``cchc demo``: Gia Lai in 2020. Idempotent: what exists already (by code or user name) is left as it is."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from cchc.accounts.actions import do_create_user
from cchc.accounts.models import User
from cchc.core.choices import Role
from cchc.units.actions import do_create_unit
from cchc.units.models import OrgUnit, UnitKind

from .data import gia_lai_2020 as data

COORDINATOR_UNIT = "snv"


def _email(code: str) -> str:
    return f"{code}@gialai.example"


def load_units(log: Callable[[str], None] = lambda line: None) -> dict[str, OrgUnit]:
    kinds = {kind.code: kind for kind in UnitKind.objects.all()}
    existing = {unit.code: unit for unit in OrgUnit.objects.all()}
    code, kind, name, short, aliases, position, head = data.PROVINCE
    created = 0
    if code not in existing:
        existing[code] = do_create_unit(
            acting_user=None, code=code, kind=kinds[kind], name=name, short_name=short, aliases=aliases,
            head_name=head, head_position=position, head_email=_email("lanhdao." + code), emails=_email(code),
        )
        created += 1
    province = existing[code]
    for code, kind, name, short, aliases, position, head in data.UNITS:
        if code in existing:
            continue
        parent = existing.get(data.PARENTS.get(code, ""), province)
        existing[code] = do_create_unit(
            acting_user=None, code=code, kind=kinds[kind], name=name, short_name=short, aliases=aliases,
            parent=parent, head_name=head, head_position=position, head_email=_email("lanhdao." + code),
            emails=_email(code),
        )
        created += 1
    log(f"Đơn vị: {created} đơn vị mới, {len(existing)} đơn vị trong dữ liệu minh họa.")
    return existing


def demo_accounts() -> list[tuple[str, str, str, list[str]]]:
    """(username, role, full name, unit codes) of every demo account."""
    accounts = [
        ("admin", Role.ADMIN, "Quản trị hệ thống", []),
        ("sonoivu", Role.COORDINATOR, "Chuyên viên Sở Nội vụ (điều phối)", [COORDINATOR_UNIT]),
        ("lanhdao", Role.LEADER, "Lãnh đạo UBND tỉnh", []),
    ]
    for code, _kind, _name, short, *_rest in data.UNITS:
        accounts.append((code, Role.OFFICER, f"Cán bộ {short}", [code]))
    return accounts


def load_accounts(units: dict[str, OrgUnit], log: Callable[[str], None] = lambda line: None) -> None:
    existing = set(User.objects.values_list("username", flat=True))
    password_hash = make_password(settings.CCHC_DEMO_PASSWORD)  # hashed once: demo accounts share it
    created = 0
    for username, role, full_name, unit_codes in demo_accounts():
        if username in existing:
            continue
        user = do_create_user(
            acting_user=None, username=username, role=role, full_name=full_name, email=_email(username),
            units=[units[code] for code in unit_codes], password_hash=password_hash, must_change_password=False,
        )
        if role == Role.ADMIN:
            user.is_superuser = True
            user.save(update_fields=["is_superuser", "is_staff", "role"])
        created += 1
    log(f"Tài khoản: {created} tài khoản mới.")


@transaction.atomic
def load_demo(log: Callable[[str], None] = lambda line: None) -> None:
    """Load (or complete) the Gia Lai 2020 demo."""
    units = load_units(log)
    load_accounts(units, log)
    from .campaign import load_campaign

    load_campaign(log)
    load_app_demos(log)


def load_app_demos(log: Callable[[str], None] = lambda line: None) -> None:
    """Each app with a ``demo`` module holding ``load_demo(log)`` adds its part, in INSTALLED_APPS order
    (the column before the screens that show its items). Each part is idempotent."""
    import importlib
    import importlib.util

    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name in {"cchc.demo", "cchc.reports"} or not config.name.startswith("cchc."):
            continue
        module_name = f"{config.name}.demo"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        if hasattr(module, "load_demo"):
            module.load_demo(log)


def demo_account_lines() -> list[str]:
    """Lines describing the demo accounts that exist, for the start-up banner."""
    usernames = set(User.objects.filter(is_active=True).values_list("username", flat=True))
    lines = []
    for username, label in (("admin", "quản trị"), ("sonoivu", "điều phối, Sở Nội vụ"), ("lanhdao", "lãnh đạo")):
        if username in usernames:
            lines.append(f"{username:<10} ({label})")
    officers = [code for code, *_ in data.UNITS if code in usernames]
    if officers:
        lines.append(f"{officers[0]}, {officers[1] if len(officers) > 1 else ''}… "
                     f"({len(officers)} cán bộ đơn vị: tên đăng nhập là mã đơn vị, ví dụ snv, stttt, ubnd-pleiku)")
    return lines
