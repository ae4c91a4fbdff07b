"""Every change to units goes through these functions: atomic, permission-checked, audited.

The audit trail (who, when, what changed) is written by django-auditlog for every save; the acting user is the
request's user on pages and the API, and ``acting_user`` here for commands and the demo loader.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.core.audit import acting_as
from cchc.core.choices import Action
from cchc.core.permissions import can
from cchc.lib import vn

from .models import OrgUnit, UnitAlias, UnitKind

UNIT_FIELDS = (
    "code", "name", "short_name", "kind", "parent", "valid_from", "valid_to",
    "head_name", "head_position", "head_email", "emails", "phone", "address", "website",
)


def _check(acting_user: Any, action: str) -> None:
    if acting_user is not None and not can(acting_user, action, OrgUnit):
        raise PermissionDenied(_("You are not allowed to manage units."))


def set_aliases(unit: OrgUnit, names: Iterable[str]) -> None:
    """Replace the unit's aliases with ``names`` (blank and duplicate names ignored)."""
    wanted: dict[str, str] = {}
    for name in names:
        cleaned = vn.clean(name)
        if cleaned and vn.fold(cleaned) not in wanted:
            wanted[vn.fold(cleaned)] = cleaned
    existing = {alias.folded: alias for alias in unit.aliases.all()}
    for folded, alias in existing.items():
        if folded not in wanted:
            alias.delete()
    for folded, name in wanted.items():
        if folded not in existing:
            UnitAlias.objects.create(unit=unit, name=name)
    unit.refresh_search(list(wanted.values()))
    OrgUnit.objects.filter(pk=unit.pk).update(search_text=unit.search_text, sort_name=unit.sort_name)


@transaction.atomic
def do_create_unit(*, acting_user: Any, aliases: Iterable[str] = (), **fields: Any) -> OrgUnit:
    _check(acting_user, Action.ADD)
    unit = OrgUnit(**{key: value for key, value in fields.items() if key in UNIT_FIELDS})
    unit.full_clean()
    with acting_as(acting_user):
        unit.save()
        set_aliases(unit, aliases)
    return unit


@transaction.atomic
def do_update_unit(unit: OrgUnit, *, acting_user: Any, aliases: Iterable[str] | None = None, **fields: Any) -> OrgUnit:
    _check(acting_user, Action.CHANGE)
    for key, value in fields.items():
        if key in UNIT_FIELDS:
            setattr(unit, key, value)
    unit.full_clean()
    with acting_as(acting_user):
        unit.save()
        if aliases is not None:
            set_aliases(unit, aliases)
    return unit


@transaction.atomic
def do_add_alias(unit: OrgUnit, name: str, *, acting_user: Any) -> UnitAlias | None:
    """Remember another name for ``unit`` (e.g. a phrase a coordinator mapped by hand); None if known already."""
    _check(acting_user, Action.CHANGE)
    folded = vn.fold(name)
    if not folded or folded == vn.fold(unit.name) or unit.aliases.filter(folded=folded).exists():
        return None
    with acting_as(acting_user):
        alias = UnitAlias.objects.create(unit=unit, name=name)
    unit.refresh_search()
    OrgUnit.objects.filter(pk=unit.pk).update(search_text=unit.search_text)
    return alias


@transaction.atomic
def do_close_unit(unit: OrgUnit, *, on: date, acting_user: Any, successors: Iterable[OrgUnit] = ()) -> OrgUnit:
    """Close ``unit``: ``on`` is its last day; ``successors`` take over its work and its history."""
    _check(acting_user, Action.CHANGE)
    if unit.valid_from and on < unit.valid_from:
        raise ValidationError(_("The closing date cannot be before the opening date."))
    successors = list(successors)
    if any(successor.pk == unit.pk for successor in successors):
        raise ValidationError(_("A unit cannot succeed itself."))
    with acting_as(acting_user):
        unit.valid_to = on
        unit.save(update_fields=["valid_to", "updated_at"])
        if successors:
            unit.successors.add(*successors)
    return unit


@transaction.atomic
def do_merge_units(sources: Iterable[OrgUnit], into: OrgUnit, *, on: date, acting_user: Any) -> OrgUnit:
    """Merge ``sources`` into ``into``: each source closes on ``on`` with ``into`` as its successor."""
    sources = list(sources)
    if not sources:
        raise ValidationError(_("Choose at least one unit to merge."))
    for source in sources:
        if source.pk == into.pk:
            raise ValidationError(_("A unit cannot be merged into itself."))
        do_close_unit(source, on=on, acting_user=acting_user, successors=[into])
    return into



class UnitImportError(Exception):
    """An import that had to be undone: ``errors`` is [(line, message)]."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        super().__init__(errors)
        self.errors = errors


@transaction.atomic
def do_import_units(rows: Iterable[dict[str, Any]], *, acting_user: Any) -> tuple[int, int]:
    """Create or update (matched by code) the units of checked import rows; all of them or none.

    Each row is ``{"line", "code", "fields", "aliases" (None: keep), "parent_code" (None: keep, "": none)}``, parents
    in the file before their sub-units (see ``io.parse_units``). Returns (created, updated).
    """
    _check(acting_user, Action.ADD)
    _check(acting_user, Action.CHANGE)
    rows = list(rows)
    codes = {row["code"] for row in rows} | {row["parent_code"] for row in rows if row.get("parent_code")}
    by_code = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=codes)}
    created = updated = 0
    errors: list[tuple[int, str]] = []
    for row in rows:
        fields = dict(row["fields"])
        parent_code = row.get("parent_code")
        if parent_code is not None:
            fields["parent"] = by_code.get(parent_code) if parent_code else None
        unit = by_code.get(row["code"])
        try:
            if unit is None:
                unit = do_create_unit(acting_user=acting_user, aliases=row.get("aliases") or (), code=row["code"],
                                      **fields)
                created += 1
            else:
                do_update_unit(unit, acting_user=acting_user, aliases=row.get("aliases"), **fields)
                updated += 1
        except ValidationError as exc:
            errors.append((row["line"], " ".join(exc.messages)))
            continue
        by_code[unit.code] = unit
    if errors:
        raise UnitImportError(errors)
    return created, updated


def _check_admin(acting_user: Any) -> None:
    from cchc.core.choices import Role
    from cchc.core.permissions import role_of

    if acting_user is not None and role_of(acting_user) != Role.ADMIN:
        raise PermissionDenied(_("Only administrators can change the list of unit kinds."))


@transaction.atomic
def do_save_kind(kind: UnitKind, *, acting_user: Any, **fields: Any) -> UnitKind:
    """Create (``kind`` without pk) or change a unit kind: administrators only."""
    _check_admin(acting_user)
    for key, value in fields.items():
        if key in ("code", "name", "plural_name", "order"):
            setattr(kind, key, value)
    kind.full_clean()
    with acting_as(acting_user):
        kind.save()
    return kind


@transaction.atomic
def do_delete_kind(kind: UnitKind, *, acting_user: Any) -> None:
    """Delete a unit kind that no unit uses."""
    _check_admin(acting_user)
    if kind.units.exists():
        raise ValidationError(_("This kind is used by some units and cannot be deleted."))
    with acting_as(acting_user):
        kind.delete()
