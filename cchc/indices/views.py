"""The public indices page and the coordinators' entry and import page."""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cchc.column.actions import is_manager
from cchc.column.public import cached_for_visitors

from . import actions
from .charts import bar_chart, line_chart
from .choices import INDEX_NAMES, INDEX_UNITS, IndexKind, UnitGroup
from .models import IndexResult, UnitIndexResult


def _index_blocks() -> list[dict[str, Any]]:
    results = list(IndexResult.objects.prefetch_related("components").order_by("index", "year"))
    by_kind: dict[str, list[IndexResult]] = defaultdict(list)
    for result in results:
        by_kind[result.index].append(result)
    blocks = []
    for kind in IndexKind.values:
        rows = by_kind.get(kind, [])
        if not rows:
            continue
        latest = rows[-1]
        components = list(latest.components.all())
        blocks.append({
            "kind": kind, "label": IndexKind(kind).label, "name": INDEX_NAMES[kind], "rows": rows, "latest": latest,
            "unit": INDEX_UNITS[kind],
            "trend": line_chart([(r.year, r.score, r.rank) for r in rows], unit=INDEX_UNITS[kind],
                                title=f"{IndexKind(kind).label}: điểm và xếp hạng của tỉnh qua các năm"),
            "components_chart": bar_chart([(c.name, c.score, c.max_score) for c in components],
                                          title=f"{IndexKind(kind).label} {latest.year}: các chỉ số thành phần"),
            "components": components,
        })
    return blocks


def _unit_blocks() -> dict[str, Any]:
    rows = list(UnitIndexResult.objects.select_related("unit").order_by("-year", "group", "rank", "-score"))
    if not rows:
        return {}
    year = rows[0].year
    latest = [row for row in rows if row.year == year]
    groups = []
    for group, label in ((UnitGroup.DEPARTMENT, "Sở, ban, ngành"), (UnitGroup.DISTRICT, "UBND cấp huyện")):
        members = [row for row in latest if row.group == group]
        if members:
            groups.append({"label": label, "rows": members, "chart": bar_chart(
                [(row.unit.short_name or row.unit.name, row.score, None) for row in members],
                title=f"Chỉ số CCHC {year} — {label}")})
    return {"year": year, "groups": groups}


@cached_for_visitors
def public(request: HttpRequest) -> HttpResponse:
    return render(request, "indices/public.html", {"blocks": _index_blocks(), "units": _unit_blocks()})


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    if not is_manager(request.user):
        raise PermissionDenied
    form_errors: list[str] = []
    if request.method == "POST":
        data = request.POST
        try:
            actions.do_save_result(
                index=data.get("index", ""), year=data.get("year", ""), score=data.get("score", ""),
                rank=data.get("rank", ""), rank_of=data.get("rank_of", "") or 63, source=data.get("source", ""),
                components=actions.parse_components(data.get("components", "")) or None, acting_user=request.user)
        except ValidationError as exc:
            form_errors = exc.messages
        else:
            messages.success(request, "Đã lưu chỉ số.")
            return redirect("indices:manage")
    results = IndexResult.objects.prefetch_related("components").order_by("index", "-year")
    return render(request, "indices/manage.html", {
        "results": results, "kinds": IndexKind.choices, "form_errors": form_errors, "data": request.POST,
        "unit_results": UnitIndexResult.objects.select_related("unit").order_by("-year", "group", "rank")[:200]})


@login_required
@require_POST
def import_xlsx(request: HttpRequest) -> HttpResponse:
    if not is_manager(request.user):
        raise PermissionDenied
    uploaded = request.FILES.get("file")
    if uploaded is None:
        messages.error(request, "Chọn tệp Excel (.xlsx).")
        return redirect("indices:manage")
    try:
        counts = actions.do_import_xlsx(uploaded, acting_user=request.user)
    except ValidationError as exc:
        for message in exc.messages[:20]:
            messages.error(request, message)
        messages.error(request, "Không nhập dòng nào: sửa các lỗi trên rồi nhập lại.")
    else:
        messages.success(request, f"Đã nhập {counts['results']} kết quả chỉ số và {counts['units']} kết quả đơn vị.")
    return redirect("indices:manage")


@login_required
def template_xlsx(request: HttpRequest) -> HttpResponse:
    """An example workbook in the import format (user text written as text cells)."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#f1e3e4"})
    sheet = book.add_worksheet("Chỉ số")
    headers = ["Chỉ số", "Năm", "Điểm", "Xếp hạng", "Trên tổng số", "Nguồn", "Thành phần", "Điểm thành phần",
               "Điểm tối đa"]
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header, bold)
    sheet.write_string(1, 0, "PAR INDEX")
    sheet.write_number(1, 1, 2019)
    sheet.write_number(1, 2, 80.5)
    sheet.write_number(1, 3, 40)
    sheet.write_number(1, 4, 63)
    sheet.write_string(1, 5, "Quyết định công bố PAR INDEX 2019 của Bộ Nội vụ")
    sheet.write_string(2, 0, "PAR INDEX")
    sheet.write_number(2, 1, 2019)
    sheet.write_string(2, 6, "Cải cách thủ tục hành chính")
    sheet.write_number(2, 7, 11.2)
    sheet.write_number(2, 8, 13)
    sheet.set_column(0, 0, 12)
    sheet.set_column(5, 6, 40)
    units = book.add_worksheet("Đơn vị")
    for col, header in enumerate(["Năm", "Mã đơn vị", "Điểm", "Xếp hạng", "Nguồn"]):
        units.write_string(0, col, header, bold)
    units.write_number(1, 0, 2019)
    units.write_string(1, 1, "snv")
    units.write_number(1, 2, 88.1)
    units.write_number(1, 3, 1)
    units.write_string(1, 4, "Quyết định công bố Chỉ số CCHC 2019 của UBND tỉnh")
    book.close()
    response = HttpResponse(out.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-chi-so.xlsx"'
    return response
