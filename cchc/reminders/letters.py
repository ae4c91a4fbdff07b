"""The reminder letter (công văn đôn đốc): a Decree 30/2020 công văn to the late units, from cchc.lib.docx_nd30."""

from __future__ import annotations

import io
from collections import OrderedDict
from datetime import date
from typing import Any

from cchc.lib import docx_nd30 as nd30
from cchc.lib.holidays import add_working_days
from cchc.lib.vn import date_short, format_number, sort_key

from .obligations import Obligation

REPLY_WORKING_DAYS = 5


def _holidays() -> frozenset[date]:
    try:
        from .calendar import holiday_dates

        return holiday_dates()
    except Exception:  # noqa: BLE001 - without a database (a script), count weekends only
        return frozenset()


def _by_unit(obligations: list[Obligation]) -> OrderedDict[Any, list[Obligation]]:
    """Obligations grouped by unit, units in Vietnamese alphabetical order, each unit's by due date."""
    groups: dict[Any, list[Obligation]] = {}
    for obligation in obligations:
        groups.setdefault(obligation.unit, []).append(obligation)
    ordered = sorted(groups.items(), key=lambda item: sort_key(str(item[0].name)))
    return OrderedDict((unit, sorted(items, key=lambda o: (o.due_date, o.title))) for unit, items in ordered)


def _subject(about: str) -> str:
    """"đôn đốc thực hiện Công văn số 2031/UBND-NC ngày 01/10/2020 của UBND tỉnh" — the citation up to "về"."""
    cited = about.strip().rstrip(".")
    head, sep, _rest = cited.partition(" về ")
    return f"đôn đốc thực hiện {head if sep else cited}"


def build_reminder_letter(
    *,
    about: str,
    obligations: list[Obligation],
    today: date,
    issuing_body: str = "SỞ NỘI VỤ",
    parent_body: str = "UBND TỈNH GIA LAI",
    place: str = "Gia Lai",
    symbol: str = "SNV-CCHC",
    signer_position: str = "GIÁM ĐỐC",
    authority: list[str] | None = None,
) -> bytes:
    """A công văn đôn đốc (DOCX bytes) asking the units of ``obligations`` to complete what they owe.

    ``about``: the document being carried out, as the letter cites it ("Công văn số 2031/UBND-NC ngày 01/10/2020
    của UBND tỉnh về …"). The number is left blank for the clerk ("Số:      /SNV-CCHC"); the letter is dated
    ``today`` and asks for completion and a report within five working days.
    """
    if not obligations:
        raise ValueError("a reminder letter needs at least one obligation")
    groups = _by_unit(obligations)
    deadline = add_working_days(today, REPLY_WORKING_DAYS, _holidays())

    doc = nd30.new_document()
    nd30.add_header(doc, parent_body=parent_body, issuing_body=issuing_body,
                    number_symbol=nd30.format_number_symbol(None, symbol), place=place, date=today,
                    subject_cv=_subject(about))
    nd30.add_kinh_gui(doc, [unit.name for unit in groups])

    count = len(groups)
    late = [(f"còn {format_number(count)} đơn vị", {"bold": True})] if count > 1 else [("đơn vị vẫn", {})]
    nd30.add_body_paragraph(doc, [
        (f"Thực hiện {about.strip().rstrip('.')}; qua theo dõi, đến ngày {date_short(today)}, ", {}),
        *late,
        (" chưa hoàn thành nhiệm vụ được giao, cụ thể như sau:", {}),
    ])
    for index, (unit, items) in enumerate(groups.items(), start=1):
        if count > 1:
            nd30.add_body_paragraph(doc, [(f"{index}. {unit.name}:", {"bold": True})])
        for position, obligation in enumerate(items):
            end = "." if position == len(items) - 1 else ";"
            nd30.add_body_paragraph(doc, [
                (f"- {obligation.title}, hạn ", {}),
                (date_short(obligation.due_date), {"bold": True}),
                (_late_words(obligation, today) + end, {}),
            ])
    whom = "các đơn vị" if count > 1 else "đơn vị"
    nd30.add_body_paragraph(doc, [
        (f"Để bảo đảm tiến độ theo yêu cầu, đề nghị {whom} khẩn trương hoàn thành các nội dung nêu trên và báo cáo "
         "kết quả thực hiện ", {}),
        (f"trước ngày {date_short(deadline)}", {"bold": True}),
        (" để tổng hợp, báo cáo UBND tỉnh theo quy định.", {}),
    ])
    nd30.add_body_paragraph(doc, f"Đề nghị {whom} quan tâm, thực hiện./.")
    nd30.add_signature_and_recipients(doc, recipients=["Như trên", "UBND tỉnh (b/c)", "Lưu: VT, CCHC"],
                                      authority=list(authority or []), position=signer_position, signer_name=None)
    buffer = io.BytesIO()
    nd30.save(doc, buffer)
    return buffer.getvalue()


def _late_words(obligation: Obligation, today: date) -> str:
    late = (today - obligation.due_date).days
    return f" (đã quá hạn {format_number(late)} ngày)" if late > 0 else ""
