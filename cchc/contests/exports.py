"""XLSX exports of the contests (staff only: they hold phone numbers). Every user text is a text cell."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from django.utils.text import slugify

from cchc.core import clock
from cchc.lib.vn import fold

from . import actions
from .choices import AgeGroup
from .models import Contest, Round

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _local(value: Any) -> str:
    return value.astimezone(clock.VIETNAM).strftime("%d/%m/%Y %H:%M:%S") if value else ""


def _book() -> tuple[Any, io.BytesIO, dict[str, Any]]:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    formats = {"head": book.add_format({"bold": True, "bg_color": "#e8eef7", "border": 1, "text_wrap": True,
                                        "valign": "top"})}
    return book, buffer, formats


def _write_table(sheet: Any, headers: list[str], rows: list[list[Any]], head: Any, widths: list[int]) -> None:
    for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.write_string(0, col, header, head)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))


def round_xlsx(round_: Round) -> bytes:
    book, buffer, fmt = _book()
    rows = actions.ranking(round_)
    ages = dict(AgeGroup.choices)
    _write_table(book.add_worksheet("Xếp hạng"),
                 ["Hạng", "Giải", "Họ và tên", "Số điện thoại", "Đơn vị", "Xã, phường", "Độ tuổi", "Số câu đúng",
                  "Thời gian (giây)", "Dự đoán", "Chênh lệch dự đoán", "Nộp lúc", "Mã bài"],
                 [[r["rank"], r["prize"], r["entrant__name"], r["entrant__phone"], r["unit_name"],
                   r["entrant__commune"], ages.get(r["entrant__age_group"], ""), r["score"], r["duration_seconds"],
                   r["tie_break_guess"], r["distance"], _local(r["submitted_at"]), r["id"]] for r in rows],
                 fmt["head"], [6, 16, 26, 14, 30, 20, 16, 10, 12, 10, 12, 20, 10])
    stats = actions.round_statistics(round_)
    _write_table(book.add_worksheet("Theo đơn vị"), ["Đơn vị", "Số người"],
                 [[r["unit__short_name"] or r["unit__name"] or "(không thuộc đơn vị)", r["n"]]
                  for r in stats["by_unit"]], fmt["head"], [40, 12])
    _write_table(book.add_worksheet("Theo độ tuổi"), ["Độ tuổi", "Số người"],
                 [[ages.get(r["age_group"], "(không khai)"), r["n"]] for r in stats["by_age"]], fmt["head"], [24, 12])
    _write_table(book.add_worksheet("Câu sai nhiều"), ["Câu hỏi", "Số lượt hỏi", "Số lượt sai"],
                 [[r["question__text"], r["asked"], r["wrong"]] for r in stats["wrong"]], fmt["head"], [70, 12, 12])
    book.close()
    return buffer.getvalue()


def round_response(round_: Round) -> HttpResponse:
    response = HttpResponse(round_xlsx(round_), content_type=XLSX)
    name = slugify(fold(f"{round_.contest.title}-vong-{round_.number}"))[:80] or "vong-thi"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def writing_xlsx(contest: Contest) -> bytes:
    book, buffer, fmt = _book()
    rows = actions.entry_results(contest)
    _write_table(book.add_worksheet("Kết quả"),
                 ["Hạng", "Giải", "Số phách", "Tên bài", "Tác giả", "Số điện thoại", "Đơn vị", "Điểm", "Cách tính",
                  "Điểm từng giám khảo", "Xung đột lợi ích"],
                 [[r["rank"], r["prize"], r["entry"].code, r["entry"].title, r["entry"].entrant.name,
                   r["entry"].entrant.phone,
                   (r["entry"].entrant.unit.short_name or r["entry"].entrant.unit.name) if r["entry"].entrant.unit
                   else r["entry"].entrant.commune,
                   float(r["final"]) if r["final"] is not None else None, str(dict(_status_labels()).get(r["status"])),
                   "; ".join(f"{j['judge'].display_name}: {j['total'] if j['total'] is not None else '—'}"
                             + (" (bỏ)" if j.get("dropped") else "") for j in r["judges"]),
                   "có" if r["conflict"] else ""] for r in rows],
                 fmt["head"], [6, 16, 10, 40, 26, 14, 28, 8, 26, 50, 10])
    book.close()
    return buffer.getvalue()


def _status_labels() -> list[tuple[str, str]]:
    from .choices import ScoreStatus

    return list(ScoreStatus.choices)


def writing_response(contest: Contest) -> HttpResponse:
    response = HttpResponse(writing_xlsx(contest), content_type=XLSX)
    name = slugify(fold(contest.title))[:80] or "cuoc-thi-viet"
    response["Content-Disposition"] = f'attachment; filename="{name}-ket-qua.xlsx"'
    return response
