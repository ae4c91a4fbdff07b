"""Formal letters of Sở Nội vụ (công văn, Decree 30/2020 layout, from cchc.lib.docx_nd30):

- ``build_report_letter``: to exactly the units that have not sent the report a directive asks for (or a report form
  asks for): before the deadline a reminder ("nhắc gửi báo cáo"), after it a reminder of lateness; it cites the
  deadline set by UBND tỉnh and never sets another;
- ``build_reminder_letter``: the overdue-tasks letter ("đôn đốc thực hiện nhiệm vụ quá hạn"), to the units late on
  tasks of a directive.

More than ``MAX_LISTED`` addressees: "Kính gửi: Các cơ quan, đơn vị có tên tại danh sách kèm theo." and the list
attached after the signature. The subject is in sentence case; the signer is the one chosen for the directive's
reports (``cchc.synthesis`` defaults), else the director's position with no name.
"""

from __future__ import annotations

import io
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from docx.enum.text import WD_BREAK
from docx.shared import Mm

from cchc.lib import docx_nd30 as nd30
from cchc.lib import vn
from cchc.lib.vn import date_short, format_number, sort_key

from .obligations import Obligation

MAX_LISTED = 5  # more addressees than this: "các cơ quan, đơn vị có tên tại danh sách kèm theo"
LIST_ADDRESSEE = "Các cơ quan, đơn vị có tên tại danh sách kèm theo"


@dataclass
class Signer:
    name: str = ""
    position: str = "GIÁM ĐỐC"
    authority: list[str] = field(default_factory=list)  # ["KT. GIÁM ĐỐC"]


def signer_for(directive: Any = None) -> Signer:
    """The signer chosen for the directive's reports (or for every report), else "GIÁM ĐỐC" with no name."""
    try:
        from cchc.synthesis.drafts import defaults_for

        defaults = defaults_for(directive)
    except Exception:  # noqa: BLE001 - without a database (a script): the bare position
        defaults = None
    if defaults is None:
        return Signer()
    position = vn.clean(defaults.signer_position) or "GIÁM ĐỐC"
    head = vn.clean(defaults.head_position) or "GIÁM ĐỐC"
    return Signer(name=vn.clean(defaults.signer_name), position=position,
                  authority=[f"KT. {head.upper()}"] if defaults.on_behalf else [])


def unit_label(unit: Any) -> str:
    """How the province writes the unit in a letter ("Sở Tài chính", "UBND huyện Chư Păh")."""
    from cchc.synthesis.figures import province_name

    return province_name(unit)


def tidy_citation(about: str) -> str:
    """ "Công văn số 2031/UBND-NC … của ỦY BAN NHÂN DÂN TỈNH GIA LAI về …" → "… của UBND tỉnh về …": no capitals in a
    subject or a sentence."""
    about = vn.clean(about).rstrip(".")

    def shorten(match: re.Match[str]) -> str:
        issuer = match.group(1)
        folded = vn.fold(issuer)
        if "uy ban nhan dan tinh" in folded or "ubnd tinh" in folded:
            return "của UBND tỉnh"
        if issuer.isupper():
            return f"của {issuer[:1]}{issuer[1:].lower()}"
        return match.group(0)

    return re.sub(r"của ((?:Ủy|Uỷ|ỦY|UỶ) ban nhân dân tỉnh(?: [^\s,;]+)*?|[A-ZÀ-Ỹ][A-ZÀ-Ỹ ]{6,}?)(?= về |$)", shorten,
                  about, flags=re.IGNORECASE)


def _cited(about: str) -> str:
    """The citation up to "về" (a subject stays short)."""
    head, sep, _rest = tidy_citation(about).partition(" về ")
    return head if sep else tidy_citation(about)


def _attach_list(doc: Any, title: str, annex_of: str, rows: list[list[str]], headers: list[str],
                 widths: list[Any]) -> None:
    """A page break, then the list of addressees the letter refers to: "DANH SÁCH", its title, "(Kèm theo …)"."""
    from docx.shared import Pt

    breaker = doc.add_paragraph()
    breaker.add_run().add_break(WD_BREAK.PAGE)
    nd30.add_centered_line(doc, "DANH SÁCH", bold=True)
    nd30.add_centered_line(doc, title, bold=True)
    nd30.add_centered_line(doc, annex_of, italic=True, after=Pt(12))
    nd30.add_table(doc, headers, rows, widths, align=["center", "left", "left"][: len(headers)])


def _addressees(doc: Any, names: list[str]) -> bool:
    """The Kính gửi block; True when the names go to an attached list."""
    if len(names) > MAX_LISTED:
        nd30.add_kinh_gui(doc, [LIST_ADDRESSEE])
        return True
    nd30.add_kinh_gui(doc, names)
    return False


def _save(doc: Any) -> bytes:
    buffer = io.BytesIO()
    nd30.save(doc, buffer)
    return buffer.getvalue()


# --- The report letter ---------------------------------------------------------------------------------------------

@dataclass
class Addressee:
    unit: Any
    state: str  # the one vocabulary: not_submitted / overdue / returned (monitoring.numbers.status_of)

    @property
    def label(self) -> str:
        return unit_label(self.unit)


def units_owing_report(form: Any, period: Any, today: date) -> list[Addressee]:
    """Exactly the expected units whose report is not received (nothing sent, a draft, or returned), in the order of
    the monitoring pages."""
    from cchc.monitoring.numbers import NOT_SUBMITTED, OVERDUE, RETURNED, snapshot

    return [Addressee(unit=row.unit, state=row.status) for row in snapshot(form, period, today).rows
            if row.status in (NOT_SUBMITTED, OVERDUE, RETURNED)]


def build_report_letter(
    *,
    form: Any,
    period: Any,
    today: date,
    addressees: list[Addressee] | None = None,
    issuing_body: str = "SỞ NỘI VỤ",
    parent_body: str = "UBND TỈNH GIA LAI",
    place: str = "Gia Lai",
    symbol: str = "SNV-CCHC",
    signer: Signer | None = None,
) -> bytes:
    """The letter (DOCX bytes) to the units that have not sent ``form``'s report for ``period``.

    Before the deadline: "nhắc gửi báo cáo", asking for the report by the deadline UBND tỉnh set. After it: "đôn đốc
    các cơ quan, đơn vị chậm gửi báo cáo", asking for it at once, saying the delay is reported to UBND tỉnh. Raises
    ValueError when every unit has sent its report."""
    from cchc.synthesis.compose import directive_about, directive_citation

    addressees = units_owing_report(form, period, today) if addressees is None else addressees
    if not addressees:
        raise ValueError("every unit has sent its report")
    directive = form.directive
    request = form.report_request
    deadline = (request.deadline if request is not None and request.deadline else None) or period.deadline
    late = deadline is not None and today > deadline
    signer = signer or signer_for(directive)
    body = "Sở Nội vụ"
    if directive is not None:
        cited = directive_citation(directive)
        what = f"báo cáo kết quả thực hiện {cited}"
        opening = (f"Thực hiện {cited}{directive_about(directive)}, UBND tỉnh yêu cầu các cơ quan, đơn vị báo cáo kết "
                   f"quả thực hiện về UBND tỉnh (qua {body})"
                   + (f" trước ngày {date_short(deadline)}." if deadline else "."))
        subject_doc = re.sub(r" ngày \d\d/\d\d/\d{4}", "", cited)
    else:
        what = f"báo cáo {vn.clean(form.name)[:1].lower()}{vn.clean(form.name)[1:]} ({vn.clean(period.label)})"
        opening = (f"Theo quy định, các cơ quan, đơn vị gửi {what} về {body}"
                   + (f" trước ngày {date_short(deadline)}." if deadline else "."))
        subject_doc = ""
    if late:
        subject = (f"đôn đốc các cơ quan, đơn vị chậm gửi báo cáo kết quả thực hiện {subject_doc}" if subject_doc
                   else f"đôn đốc các cơ quan, đơn vị chậm gửi {what}")
    else:
        subject = (f"nhắc gửi báo cáo kết quả thực hiện {subject_doc}" if subject_doc else f"nhắc gửi {what}")

    doc = nd30.new_document()
    nd30.add_header(doc, parent_body=parent_body, issuing_body=issuing_body,
                    number_symbol=nd30.format_number_symbol(None, symbol), place=place, date=today,
                    subject_cv=subject)
    names = [item.label for item in addressees]
    listed = _addressees(doc, names)
    count = len(addressees)
    returned = [item for item in addressees if item.state == "returned"]
    whom = "các cơ quan, đơn vị" if count > 1 else "quý cơ quan, đơn vị"
    nd30.add_body_paragraph(doc, opening)
    if count > 1:
        situation = (f"Đến ngày {date_short(today)}, {'đã quá thời hạn nêu trên, ' if late else ''}{body} chưa nhận "
                     f"được báo cáo của {format_number(count)} cơ quan, đơn vị"
                     + (" có tên tại danh sách kèm theo" if listed else f": {'; '.join(names)}"))
    else:
        situation = (f"Đến ngày {date_short(today)}, {'đã quá thời hạn nêu trên, ' if late else ''}{body} chưa nhận "
                     f"được báo cáo của quý cơ quan, đơn vị")
    if returned and count > 1:
        situation += (f", trong đó {format_number(len(returned))} báo cáo đã được trả lại để đơn vị bổ sung, hoàn "
                      "thiện nhưng chưa gửi lại")
    elif returned:
        situation += " (báo cáo đã được trả lại để bổ sung, hoàn thiện nhưng chưa gửi lại)"
    nd30.add_body_paragraph(doc, situation + ".")
    if late:
        nd30.add_body_paragraph(doc, [
            (f"{body} đề nghị {whom} ", {}), ("khẩn trương gửi báo cáo", {"bold": True}),
            (f" về {body} để tổng hợp, báo cáo UBND tỉnh. Việc chậm gửi báo cáo của {whom} sẽ được {body} tổng hợp, "
             "báo cáo UBND tỉnh theo quy định.", {}),
        ])
    else:
        nd30.add_body_paragraph(doc, [
            (f"Để kịp thời tổng hợp, báo cáo UBND tỉnh, {body} đề nghị {whom} gửi báo cáo về {body} ", {}),
            ((f"trước ngày {date_short(deadline)}" if deadline else "trong thời hạn quy định"), {"bold": True}),
            (" theo đúng thời hạn UBND tỉnh yêu cầu.", {}),
        ])
    nd30.add_body_paragraph(doc, f"Rất mong nhận được sự quan tâm, phối hợp của {whom}./.")
    recipients = ["Như trên" + (" (theo danh sách)" if listed else ""), "UBND tỉnh (b/c)"]
    if signer.authority:
        recipients.append("Giám đốc Sở (b/c)")
    recipients.append("Lưu: VT, CCHC")
    nd30.add_signature_and_recipients(doc, recipients=recipients, authority=signer.authority,
                                      position=signer.position, signer_name=signer.name or None)
    if listed:
        states = {"returned": "Báo cáo trả lại, chưa gửi lại", "overdue": "Chưa gửi báo cáo",
                  "not_submitted": "Chưa gửi báo cáo"}
        _attach_list(doc, "các cơ quan, đơn vị chưa gửi báo cáo".upper(), f"(Kèm theo Công văn số      /{symbol} "
                     f"ngày {date_short(today)} của {body})",
                     [[str(i), item.label, states.get(item.state, "Chưa gửi báo cáo")]
                      for i, item in enumerate(addressees, start=1)],
                     ["TT", "Cơ quan, đơn vị", "Tình trạng"], [Mm(12), Mm(95), Mm(58)])
    return _save(doc)


# --- The overdue-tasks letter ---------------------------------------------------------------------------------------

def _by_unit(obligations: list[Obligation]) -> OrderedDict[Any, list[Obligation]]:
    """Obligations grouped by unit, units in Vietnamese alphabetical order, each unit's by due date."""
    groups: dict[Any, list[Obligation]] = {}
    for obligation in obligations:
        groups.setdefault(obligation.unit, []).append(obligation)
    ordered = sorted(groups.items(), key=lambda item: sort_key(unit_label(item[0])))
    return OrderedDict((unit, sorted(items, key=lambda o: (o.due_date, o.title))) for unit, items in ordered)


def _subject(about: str) -> str:
    """ "đôn đốc thực hiện nhiệm vụ quá hạn theo Công văn số 2031/UBND-NC ngày 01/10/2020 của UBND tỉnh"."""
    return f"đôn đốc thực hiện nhiệm vụ quá hạn theo {_cited(about)}"


def build_reminder_letter(
    *,
    about: str,
    obligations: list[Obligation],
    today: date,
    issuing_body: str = "SỞ NỘI VỤ",
    parent_body: str = "UBND TỈNH GIA LAI",
    place: str = "Gia Lai",
    symbol: str = "SNV-CCHC",
    signer_position: str | None = None,
    authority: list[str] | None = None,
    signer: Signer | None = None,
) -> bytes:
    """The overdue-tasks letter (DOCX bytes) to the units of ``obligations``: each task listed once with its due
    date and the units late on it; it asks them to complete it at once and report, without setting a new date.

    ``about``: the document being carried out, as the letter cites it ("Công văn số 2031/UBND-NC ngày 01/10/2020
    của UBND tỉnh về …"). The number is left blank for the clerk ("Số:      /SNV-CCHC")."""
    if not obligations:
        raise ValueError("a reminder letter needs at least one obligation")
    signer = signer or signer_for(None)
    if signer_position:
        signer = Signer(name=signer.name, position=signer_position, authority=list(authority or signer.authority))
    elif authority is not None:
        signer = Signer(name=signer.name, position=signer.position, authority=list(authority))
    groups = _by_unit(obligations)
    about = tidy_citation(about)

    doc = nd30.new_document()
    nd30.add_header(doc, parent_body=parent_body, issuing_body=issuing_body,
                    number_symbol=nd30.format_number_symbol(None, symbol), place=place, date=today,
                    subject_cv=_subject(about))
    names = [unit_label(unit) for unit in groups]
    listed = _addressees(doc, names)
    count = len(groups)
    late = [(f"còn {format_number(count)} cơ quan, đơn vị", {"bold": True})] if count > 1 else [("đơn vị vẫn", {})]
    nd30.add_body_paragraph(doc, [
        (f"Thực hiện {about}; qua theo dõi, đến ngày {date_short(today)}, ", {}),
        *late,
        (" chưa hoàn thành nhiệm vụ được giao dù đã quá thời hạn, cụ thể như sau:", {}),
    ])
    # Each task once, with the units late on it (not one line per unit and task)
    tasks: dict[tuple[str, date], list[str]] = {}
    for unit, items in groups.items():
        for obligation in items:
            tasks.setdefault((obligation.title, obligation.due_date), []).append(unit_label(unit))
    ordered = sorted(tasks.items(), key=lambda item: (item[0][1], item[0][0]))
    for position, ((title, due), units) in enumerate(ordered):
        end = "." if position == len(ordered) - 1 else ";"
        overdue = (today - due).days
        who = ("" if count == 1 else
               f": {format_number(len(units))} đơn vị" + ("" if listed else f" ({', '.join(units)})"))
        nd30.add_body_paragraph(doc, [
            (f"- {title}, hạn ", {}), (date_short(due), {"bold": True}),
            ((f" (đã quá hạn {format_number(overdue)} ngày)" if overdue > 0 else "") + who + end, {}),
        ])
    whom = "các cơ quan, đơn vị" if count > 1 else "đơn vị"
    nd30.add_body_paragraph(doc, f"Để bảo đảm tiến độ theo yêu cầu của UBND tỉnh, đề nghị {whom} khẩn trương hoàn "
                                 "thành các nội dung nêu trên và báo cáo kết quả về Sở Nội vụ để tổng hợp, báo cáo "
                                 "UBND tỉnh theo quy định.")
    nd30.add_body_paragraph(doc, f"Đề nghị {whom} quan tâm, thực hiện./.")
    nd30.add_signature_and_recipients(doc, recipients=["Như trên" + (" (theo danh sách)" if listed else ""),
                                                       "UBND tỉnh (b/c)", "Lưu: VT, CCHC"],
                                      authority=signer.authority, position=signer.position,
                                      signer_name=signer.name or None)
    if listed:
        rows = []
        for index, (unit, items) in enumerate(groups.items(), start=1):
            rows.append([str(index), unit_label(unit), "; ".join(f"{o.title} (hạn {date_short(o.due_date)})"
                                                                   for o in items)])
        _attach_list(doc, "các cơ quan, đơn vị chưa hoàn thành nhiệm vụ quá hạn".upper(), f"(Kèm theo Công văn số"
                     f"      /{symbol} ngày {date_short(today)} của Sở Nội vụ)", rows,
                     ["TT", "Cơ quan, đơn vị", "Nhiệm vụ quá hạn"], [Mm(12), Mm(70), Mm(83)])
    return _save(doc)
