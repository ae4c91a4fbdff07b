"""Entering and importing the indices: coordinators only, atomic, audited; an import is all rows or none."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cchc.column.actions import bump_public_version, is_manager
from cchc.core.audit import acting_as
from cchc.lib import vn
from cchc.lib.text import clean_text
from cchc.units.choices import DISTRICT
from cchc.units.models import OrgUnit

from .choices import IndexKind, UnitGroup
from .models import IndexComponent, IndexResult, UnitIndexResult

KIND_BY_NAME = {vn.fold(label): value for value, label in IndexKind.choices}
KIND_BY_NAME |= {vn.fold(value): value for value in IndexKind.values}
KIND_BY_NAME |= {"par index": IndexKind.PAR_INDEX, "par": IndexKind.PAR_INDEX}


def check_manager(acting_user: Any) -> None:
    if acting_user is not None and not is_manager(acting_user):
        raise PermissionDenied("Chỉ Sở Nội vụ (điều phối) được nhập chỉ số.")


def _decimal(value: Any, label: str, *, required: bool = True) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise ValidationError(f"Thiếu {label}.")
        return None
    try:
        return Decimal(str(value).strip().replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise ValidationError(f"{label} “{value}” không phải là số.") from exc


def _int(value: Any, label: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(Decimal(str(value).strip()))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(f"{label} “{value}” không phải là số nguyên.") from exc
    if number < 0:
        raise ValidationError(f"{label} không được âm.")
    return number


@transaction.atomic
def do_save_result(*, index: str, year: int, score: Any, rank: Any = None, rank_of: Any = 63, source: str,
                   note: str = "", components: Iterable[tuple[str, Any, Any]] | None = None,
                   acting_user: Any = None) -> IndexResult:
    """Create or replace the province's result of ``index`` in ``year`` (and its components when given)."""
    check_manager(acting_user)
    if index not in IndexKind.values:
        raise ValidationError("Chỉ số không hợp lệ.")
    source = clean_text(source or "").strip()
    if not source:
        raise ValidationError("Ghi rõ nguồn của số liệu.")
    year = _int(year, "Năm") or 0
    if not 2000 <= year <= 2100:
        raise ValidationError("Năm không hợp lệ.")
    result = IndexResult.objects.filter(index=index, year=year).first() or IndexResult(index=index, year=year)
    result.score = _decimal(score, "Điểm")
    result.rank = _int(rank, "Xếp hạng")
    result.rank_of = _int(rank_of, "Tổng số tỉnh") or 63
    if result.rank and result.rank > result.rank_of:
        raise ValidationError(f"Xếp hạng {result.rank} lớn hơn tổng số {result.rank_of}.")
    result.source, result.note = source[:500], clean_text(note or "")
    result.updated_by = acting_user if getattr(acting_user, "pk", None) else None
    with acting_as(acting_user):
        result.save()
        if components is not None:
            result.components.all().delete()
            IndexComponent.objects.bulk_create([
                IndexComponent(result=result, name=clean_text(str(name)).strip()[:255],
                               score=_decimal(value, f"Điểm của “{name}”"),
                               max_score=_decimal(maximum, f"Điểm tối đa của “{name}”", required=False), order=n)
                for n, (name, value, maximum) in enumerate(components) if str(name or "").strip()])
    bump_public_version()
    return result


@transaction.atomic
def do_save_unit_result(*, year: int, unit: OrgUnit, score: Any, rank: Any = None, source: str,
                        acting_user: Any = None) -> UnitIndexResult:
    check_manager(acting_user)
    group = UnitGroup.DISTRICT if unit.kind.code == DISTRICT else UnitGroup.DEPARTMENT
    row = UnitIndexResult.objects.filter(year=year, unit=unit).first() or UnitIndexResult(year=year, unit=unit)
    row.group, row.score, row.rank = group, _decimal(score, "Điểm"), _int(rank, "Xếp hạng")
    row.source = clean_text(source or "").strip()[:500]
    if not row.source:
        raise ValidationError("Ghi rõ nguồn của số liệu.")
    with acting_as(acting_user):
        row.save()
    bump_public_version()
    return row


def parse_components(text: str) -> list[tuple[str, str, str]]:
    """Lines "name; score; maximum" (maximum optional)."""
    rows = []
    for line in clean_text(text or "").splitlines():
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(";")]
        if len(parts) < 2:
            raise ValidationError(f"Dòng “{line}”: ghi “tên; điểm; điểm tối đa”.")
        rows.append((parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
    return rows


def _cell(value: Any) -> Any:
    return clean_text(value).strip() if isinstance(value, str) else value


@transaction.atomic
def do_import_xlsx(uploaded: Any, *, acting_user: Any) -> dict[str, int]:
    """Sheet "Chỉ số" (index, year, score, rank, among, source, component, component score, maximum) and
    optionally sheet "Đơn vị" (year, unit code, score, rank, source). All rows or none; errors name the row."""
    from openpyxl import load_workbook

    from cchc.reports.uploads import check_upload

    check_manager(acting_user)
    check_upload(uploaded, allowed={"xlsx"})
    uploaded.seek(0)
    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook
        raise ValidationError("Không đọc được tệp Excel.") from exc
    sheets = {vn.fold(name): workbook[name] for name in workbook.sheetnames}
    sheet = sheets.get("chi so") or workbook.worksheets[0]
    results: dict[tuple[str, int], dict[str, Any]] = {}
    errors: list[str] = []
    for number, row in enumerate(sheet.iter_rows(min_row=2, max_row=2000, values_only=True), start=2):
        cells = [_cell(value) for value in (list(row) + [None] * 9)[:9]]
        if not any(cell not in (None, "") for cell in cells):
            continue
        kind = KIND_BY_NAME.get(vn.fold(str(cells[0] or "")))
        if kind is None:
            errors.append(f"Dòng {number}: chỉ số “{cells[0]}” không rõ (PAR INDEX, PAPI, SIPAS, PCI).")
            continue
        try:
            year = _int(cells[1], "Năm")
        except ValidationError as exc:
            errors.append(f"Dòng {number}: {exc.messages[0]}")
            continue
        entry = results.setdefault((kind, year), {"components": []})
        if cells[6]:
            entry["components"].append((cells[6], cells[7], cells[8]))
        else:
            entry.update(score=cells[2], rank=cells[3], rank_of=cells[4] or 63, source=cells[5], line=number)
    unit_rows = 0
    for (kind, year), entry in results.items():
        if "score" not in entry:
            errors.append(f"{kind.upper()} {year}: có thành phần nhưng thiếu dòng điểm chung.")
            continue
        try:
            do_save_result(index=kind, year=year, score=entry["score"], rank=entry["rank"], rank_of=entry["rank_of"],
                           source=entry["source"] or "", components=entry["components"] or None,
                           acting_user=acting_user)
        except ValidationError as exc:
            errors.append(f"Dòng {entry['line']}: {' '.join(exc.messages)}")
    unit_sheet = sheets.get("don vi")
    if unit_sheet is not None:
        units = {unit.code: unit for unit in OrgUnit.objects.select_related("kind")}
        for number, row in enumerate(unit_sheet.iter_rows(min_row=2, max_row=5000, values_only=True), start=2):
            cells = [_cell(value) for value in (list(row) + [None] * 5)[:5]]
            if not any(cell not in (None, "") for cell in cells):
                continue
            unit = units.get(str(cells[1] or "").strip())
            if unit is None:
                errors.append(f"Đơn vị, dòng {number}: không có đơn vị mã “{cells[1]}”.")
                continue
            try:
                do_save_unit_result(year=_int(cells[0], "Năm") or 0, unit=unit, score=cells[2], rank=cells[3],
                                    source=str(cells[4] or ""), acting_user=acting_user)
                unit_rows += 1
            except ValidationError as exc:
                errors.append(f"Đơn vị, dòng {number}: {' '.join(exc.messages)}")
    if errors:
        raise ValidationError(errors)
    return {"results": len(results), "units": unit_rows}
