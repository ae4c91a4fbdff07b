"""Importing a directive: upload or paste → parse → a proposal the coordinator corrects → one atomic creation.

The proposal is plain JSON (stored on the ImportDraft, so the preview survives a reload)::

    {"metadata": {number, year, doc_type, date, place, issuer, parent_issuer, subject, signer, signer_position,
                  recipients, cc},
     "references": [{doc_type, number, date, issuer}],
     "recipients": [{text, unit_ids, how, score, unresolved}],          # the Kính gửi phrases, resolved
     "tasks": [{label, text, due_date, due_text, product, units, lead, partners, phrases, unresolved,
                from_recipients}],
     "report_request": {text, deadline, deadline_text, send_to, units} | None,
     "unresolved": [phrases], "outside": [phrases], "not_ours": [phrases], "other_authority": str,
     "duplicate_of": id | None, "warnings": [...], "source": "sections" | "table"}

Each phrase entry is ``{text, role, unit_ids, how, score, unresolved, [ignored], [reasons], [outside]}``: a list is
resolved part by part (what resolves is kept, the rest is ``unresolved``); ``outside`` holds the unresolved parts
that look like bodies outside the province (a ministry, another province's body), which the coordinator may mark
"not ours" once (:class:`ExternalBody`, remembered); ``reasons`` says why a part waits (a group with no member).

Dates are ISO strings; units are OrgUnit ids. ``units`` of a task is every unit it goes to; ``lead`` the units
that preside (table rows), the others then coordinate (``partners``); without a lead every unit is assigned.
"""

from __future__ import annotations

import copy
import re
import tempfile
import zipfile
from collections.abc import Collection, Iterable
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from cchc.core import clock
from cchc.core.audit import acting_as
from cchc.core.choices import Action
from cchc.core.permissions import can
from cchc.lib import vn
from cchc.lib.text import clean_text
from cchc.lib.vbhc import DocumentReadError, ParsedDocument, parse_document, read_text
from cchc.lib.vbhc import reader as vbhc_reader
from cchc.units.actions import do_add_alias
from cchc.units.models import OrgUnit

from .choices import AssignmentRole
from .models import Assignment, Directive, DirectiveReference, ImportDraft, ReportRequest, Task
from .resolve import EMPTY_GROUP, Resolution, Resolver, match_key

__all__ = [
    "ALLOWED_EXTENSIONS",
    "DuplicateDirectiveError",
    "apply_mappings",
    "apply_not_ours",
    "build_proposal",
    "confirm_errors",
    "check_mappings",
    "check_proposal",
    "check_upload",
    "do_confirm_import",
    "do_create_directive",
    "do_forget_not_ours",
    "do_mark_not_ours",
    "do_start_import",
    "find_duplicate",
    "find_report_clause",
    "proposal_unresolved",
]

ALLOWED_EXTENSIONS = (".txt", ".md", ".docx", ".pdf")
_LABEL_PREFIX = re.compile(r"^\s*(?:[IVXLC]{1,6}|\d{1,3}(?:\.\d{1,3})*|[a-zđ])[.)]\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(*]?[A-ZÀ-ỸĐ])")
_REPORT_WORDS = ("bao cao ket qua", "bao cao tinh hinh", "bao cao ve", "bao cao", "gui ket qua")
_SEND_TO = re.compile(r"\bqua\s+((?:Sở|Văn phòng|Ban|Phòng|Thanh tra|Trung tâm)\s[^(),;.:]+)", re.IGNORECASE)


class DuplicateDirectiveError(ValidationError):
    """A directive with the same number and year exists already (``existing``)."""

    def __init__(self, existing: Directive) -> None:
        super().__init__(
            _("A directive numbered %(number)s of %(year)s has already been imported. Change the number if this "
              "is a different document.") % {"number": existing.number, "year": existing.year},
            code="duplicate",
        )
        self.existing = existing


# --- the proposal ---------------------------------------------------------------------------------------------

def _iso(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _to_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValidationError(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value},
                              code="invalid_date") from exc


def _phrase(resolution: Resolution, role: str, resolver: Resolver | None = None) -> dict[str, Any]:
    entry = {"text": resolution.phrase, "unit_ids": resolution.unit_ids, "how": resolution.how,
             "score": resolution.score, "unresolved": list(resolution.unresolved), "role": role}
    if resolution.ignored:
        entry["ignored"] = list(resolution.ignored)
    if resolution.reasons:
        entry["reasons"] = dict(resolution.reasons)
    if resolver is not None:
        outside = [u for u in resolution.unresolved if resolver.is_outside(u)]
        if outside:
            entry["outside"] = outside
    return entry


def _unique(values: Iterable[Any]) -> list[Any]:
    seen: set[Any] = set()
    out = []
    for value in values:
        if value not in seen:
            seen.add(value)
            out.append(value)
    return out


def find_duplicate(number: str | None, year: int | None, *, exclude: int | None = None) -> Directive | None:
    """The directive already stored with this number and year, if any."""
    number = (number or "").replace(" ", "")
    if not number or not year:
        return None
    qs = Directive.objects.filter(number=number, year=year)
    if exclude:
        qs = qs.exclude(pk=exclude)
    return qs.first()


_ITEM_START = re.compile(r"^(?:[-+•–]|\d{1,2}(?:\.\d{1,2})*[.)]|[IVX]{1,5}[.)]|[a-zđ][.)])\s")


def _plain(text: str) -> str:
    """Text without markdown emphasis marks, spaces collapsed per line, lines wrapped in mid-sentence (a PDF's)
    joined again."""
    text = re.sub(r"[*_]{1,3}", "", text or "")
    out: list[str] = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if out and out[-1] and line and not out[-1].endswith((".", ";", ":", "!", "?")) \
                and not _ITEM_START.match(line) and out[-1].upper() != out[-1] and len(out[-1]) >= 40:
            out[-1] += " " + line
        else:
            out.append(line)
    return "\n".join(out)


def find_report_clause(text: str, deadlines: list[dict[str, Any]]) -> tuple[str, dict[str, Any] | None] | None:
    """The sentence asking for a report and its deadline (kind absolute, written in or just after it)."""
    plain = _plain(text)
    absolute = [d for d in deadlines if d.get("kind") in ("absolute", "period_end") and d.get("date")]
    candidates: list[tuple[int, str, str]] = []  # (rank, sentence, paragraph)
    for paragraph in plain.split("\n"):
        if not paragraph.strip():
            continue
        for sentence in _SENTENCE_END.split(paragraph):
            folded = vn.fold(sentence)
            for rank, words in enumerate(_REPORT_WORDS):
                if words in folded and "b/cao" not in folded:
                    candidates.append((rank, sentence.strip(), paragraph))
                    break
    if not candidates:
        return None

    def deadline_in(chunk: str) -> dict[str, Any] | None:
        folded = vn.fold(chunk)
        for deadline in absolute:
            if vn.fold(deadline.get("text")) and vn.fold(deadline["text"]) in folded:
                return deadline
        return None

    # A report sentence with its deadline in it wins; then one whose paragraph holds the deadline; then the first.
    for rank_limit in range(len(_REPORT_WORDS)):
        for rank, sentence, _paragraph in candidates:
            if rank <= rank_limit and (deadline := deadline_in(sentence)) is not None:
                return sentence, deadline
    for _rank, sentence, paragraph in sorted(candidates, key=lambda c: c[0]):
        if (deadline := deadline_in(paragraph)) is not None:
            return sentence, deadline
    best = sorted(candidates, key=lambda c: c[0])[0]
    return best[1], None


def _section_text(text: str) -> str:
    return _LABEL_PREFIX.sub("", text or "", count=1).strip()


def _task_due(text: str, deadlines: list[dict[str, Any]], report_deadline: dict[str, Any] | None
              ) -> tuple[str | None, str]:
    folded = vn.fold(text)
    for deadline in deadlines:
        if deadline is report_deadline or not deadline.get("date") or deadline.get("kind") == "recurring":
            continue
        if vn.fold(deadline.get("text")) and vn.fold(deadline["text"]) in folded:
            return deadline["date"], deadline["text"]
    return None, ""


def build_proposal(parsed: ParsedDocument | dict[str, Any], *, on: date | None = None, text: str = "",
                   resolver: Resolver | None = None) -> dict[str, Any]:
    """What the import would create from a parsed document (JSON-serializable; see the module docstring).

    ``on`` is the day the units must be open (default: the document's date, else today); ``text`` the full text
    (where the report clause is looked for: it usually follows the numbered items).
    """
    doc = parsed.to_dict() if isinstance(parsed, ParsedDocument) else dict(parsed)
    doc_date = _to_date(doc.get("date"))
    day = on or doc_date or clock.today()
    resolver = resolver or Resolver(day)
    signature = doc.get("signature") or {}
    number = (doc.get("number") or "").replace(" ", "")
    metadata = {
        "number": number,
        "year": doc_date.year if doc_date else None,
        "doc_type": doc.get("type") or "",
        "date": _iso(doc_date),
        "place": doc.get("place") or "",
        "issuer": doc.get("issuer") or "",
        "parent_issuer": doc.get("parent_issuer") or "",
        "subject": doc.get("subject") or "",
        "signer": signature.get("signer") or "",
        "signer_position": signature.get("position") or "",
        "recipients": list(doc.get("recipients") or []),
        "cc": list(doc.get("cc") or []),
    }
    references = [{"doc_type": r.get("type") or "", "number": r.get("number") or "", "date": r.get("date"),
                   "issuer": r.get("issuer") or ""} for r in doc.get("references") or []]
    recipients = [_phrase(resolver.resolve(p), AssignmentRole.ASSIGNEE, resolver) for p in metadata["recipients"]]
    recipient_ids = _unique(pk for entry in recipients for pk in entry["unit_ids"])
    deadlines = list(doc.get("deadlines") or [])
    clause = find_report_clause(_before_cc(text), deadlines) if text else None
    report_deadline = clause[1] if clause else None

    tasks: list[dict[str, Any]] = []
    table = doc.get("table_tasks") or []
    for row in table:
        lead = _phrase(resolver.resolve(row["lead"]), AssignmentRole.LEAD, resolver) if row.get("lead") else None
        partners = [_phrase(resolver.resolve(p), AssignmentRole.PARTNER, resolver) for p in row.get("partners") or []]
        lead_ids = lead["unit_ids"] if lead else []
        # a partner never becomes the lead, even when the lead body is not recognised
        partner_ids = [pk for pk in _unique(pk for p in partners for pk in p["unit_ids"]) if pk not in lead_ids]
        phrases = ([lead] if lead else []) + partners
        tasks.append({
            "label": row.get("label") or "", "text": row.get("text") or "",
            "due_date": row.get("due_date"), "due_text": row.get("due_text") or "", "product": "",
            "units": _unique([*lead_ids, *partner_ids]), "lead": list(lead_ids), "partners": partner_ids,
            "phrases": phrases, "unresolved": _unique(u for p in phrases for u in p["unresolved"]),
            "from_recipients": False, "lead_text": row.get("lead") or "",
        })
    if not table:
        for section in _work_sections(doc):
            phrases = [_phrase(resolver.resolve(p), AssignmentRole.ASSIGNEE, resolver)
                       for p in section.get("addressees") or []]
            ids = _unique(pk for p in phrases for pk in p["unit_ids"])
            from_recipients = not phrases
            if from_recipients:  # an item naming nobody is addressed to every recipient
                ids = list(recipient_ids)
            due_date, due_text = _task_due(section.get("text") or "", deadlines, report_deadline)
            tasks.append({
                "label": section.get("label") or "", "text": _section_text(section.get("text") or ""),
                "due_date": due_date, "due_text": due_text, "product": "",
                "units": ids, "lead": [], "partners": [],
                "phrases": phrases, "unresolved": _unique(u for p in phrases for u in p["unresolved"]),
                "from_recipients": from_recipients,
            })

    report_request = None
    if clause is not None:
        sentence, deadline = clause
        send_to = _SEND_TO.search(sentence)
        report_request = {
            "text": sentence,
            "deadline": deadline["date"] if deadline else None,
            "deadline_text": deadline["text"] if deadline else "",
            "send_to": vn.clean(send_to.group(1)) if send_to else "",
            "units": _unique([*recipient_ids, *(pk for task in tasks for pk in task["units"])]),
        }
    proposal = {
        "metadata": metadata,
        "references": references,
        "recipients": recipients,
        "tasks": tasks,
        "report_request": report_request,
        "unresolved": [],
        "duplicate_of": None,
        "warnings": list(doc.get("warnings") or []),
        "source": "table" if table else "sections",
    }
    authority = other_authority(metadata["issuer"], metadata["parent_issuer"], resolver)
    if authority:
        proposal["warnings"].insert(0, _(
            "This is a document of %(authority)s, not of %(province)s: the bodies it names are that authority's; "
            "check each unit before confirming.") % {"authority": authority, "province": _province_label()})
    proposal["other_authority"] = authority or ""
    refresh_proposal(proposal)
    entries = [*recipients, *(p for task in tasks for p in task["phrases"])]
    for phrase in _unique(t for e in entries for t, why in (e.get("reasons") or {}).items() if why == EMPTY_GROUP):
        proposal["warnings"].append(_(
            "“%(phrase)s” names a group with no unit in the list of units on this date: choose the units by hand, "
            "or mark it as not ours.") % {"phrase": phrase})
    if proposal["outside"]:
        proposal["warnings"].append(_(
            "Bodies outside the province (%(names)s) are not in the list of units: mark them as not ours to leave "
            "them out, now and in later imports.") % {"names": ", ".join(proposal["outside"])})
    return proposal


def _province_label() -> str:
    return _("the province of %(name)s") % {"name": getattr(settings, "CCHC_PROVINCE_NAME", "") or "?"}


_CC_LINE = re.compile(r"^[\s*|_]*n[ơo]i\s+nh[ậa]n\s*[:.]?", re.IGNORECASE)


def _before_cc(text: str) -> str:
    """The text up to its "Nơi nhận" block (copies "để báo cáo" to a superior ask nobody for a report)."""
    lines = (text or "").splitlines()
    for index, line in enumerate(lines):
        if index > 5 and _CC_LINE.match(line):
            return "\n".join(lines[:index])
    return text or ""


_AUTHORITY_WORDS = re.compile(r"^(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd|so|ban|van phong|tinh uy|thanh uy"
                              r"|cong an|bo chi huy)\b")
_PLACE_IN_NAME = re.compile(r"(?:^|\s)(?:TỈNH|THÀNH PHỐ|tỉnh|thành phố|Tỉnh|Thành phố|TP\.?)\s+(.+)$")


def other_authority(issuer: str, parent: str, resolver: Resolver) -> str | None:
    """The authority that issued a document not of the province's own (another province, a ministry …), as
    printed ("UBND tỉnh Đắk Lắk", "Bộ Nội vụ"); None for the province's own documents or when unsure."""
    names = [n for n in (parent, issuer) if n]
    if not names:
        return None
    if parent and issuer and resolver.is_outside(parent):
        # "SỞ KHOA HỌC VÀ CÔNG NGHỆ" under "UBND TỈNH ĐỒNG THÁP": a department of the same name elsewhere
        return f"{_authority_label(issuer)} ({_authority_label(parent)})"
    province = match_key(getattr(settings, "CCHC_PROVINCE_NAME", "") or "")
    for name in names:
        key = match_key(name)
        if province and province in key:
            return None
        if resolver.resolve(name).units:
            return None
    for name in names:
        if resolver.is_outside(name):
            return _authority_label(name)
    return None


def _authority_label(name: str) -> str:
    """ "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK" → "UBND tỉnh Đắk Lắk" (names printed in capitals, read the usual way)."""
    text = vn.clean(name)
    if text.upper() != text:
        return text
    key = vn.fold(text)
    m = _PLACE_IN_NAME.search(text)
    place = ""
    if m:
        level = "tỉnh" if vn.fold(text[m.start():]).strip().startswith("tinh") else "thành phố"
        place = f"{level} {m.group(1).title()}"
        text = text[: m.start()].strip()
    if key.startswith(("uy ban nhan dan", "ubnd")):
        head = "UBND"
    else:
        words = text.lower().split()
        head = " ".join(w.capitalize() if k < 2 else w for k, w in enumerate(words))
    return f"{head} {place}".strip()


_NOT_WORK = ("muc dich", "yeu cau", "kinh phi", "khau hieu", "can cu", "doi tuong", "pham vi", "quan diem",
             "tinh hinh", "ket qua", "danh gia", "thoi gian", "dia diem", "thanh phan", "che do bao cao")
_WORK = ("nhiem vu", "noi dung", "giai phap", "to chuc thuc hien", "phan cong", "hoat dong", "trach nhiem",
         "hinh thuc", "cac buoc", "lo trinh", "ke hoach")


def _work_sections(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The numbered items that assign work. In a plan, the Roman headings that set no work ("Mục đích, yêu cầu",
    "Kinh phí", "Khẩu hiệu" …) are left out, and "Tổ chức thực hiện" gives one task per numbered item naming a
    unit; other documents keep every item."""
    sections = list(doc.get("sections") or [])
    if vn.fold(doc.get("type")) != "ke hoach" or not sections or sections[0].get("label") not in ("I", "A"):
        return sections
    candidates: list[dict[str, Any]] = []
    assigning: list[dict[str, Any]] = []
    for section in sections:
        head = vn.fold(_section_text((section.get("text") or "").split("\n", 1)[0]))[:80]
        work = any(head.startswith(w) or f" {w}" in head for w in _WORK)
        if not work and any(head.startswith(w) for w in _NOT_WORK):
            continue
        items = _numbered_items(section)
        if items and ("to chuc thuc hien" in head or "trach nhiem" in head or "phan cong" in head):
            candidates.extend(items)
            assigning.extend(items)
            continue
        candidates.append(section)
        if _names_a_unit(section):
            assigning.append(section)
    # the sections that name who does what; when none does, every section that may hold work
    return [s for s in candidates if s in assigning] if assigning else candidates


def _names_a_unit(section: dict[str, Any]) -> bool:
    from cchc.lib.vbhc.sections import extract_addressees

    head = _section_text((section.get("text") or "").split("\n", 1)[0])
    return bool(extract_addressees(head)) or any(
        extract_addressees(_ITEM.sub("", line)) and _ITEM.match(line)
        for line in (section.get("text") or "").split("\n")[1:])


_ITEM = re.compile(r"^(\d{1,2})\s?[.)]\s+(?!\d)")


def _numbered_items(section: dict[str, Any]) -> list[dict[str, Any]]:
    """The numbered items (1., 2. …) of a section that name a unit at their start, each with what follows it."""
    from cchc.lib.vbhc.sections import extract_addressees

    items: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for line in (section.get("text") or "").split("\n")[1:]:
        m = _ITEM.match(line)
        if m is not None:
            current = {"label": f"{section.get('label')}.{m.group(1)}", "text": line,
                       "addressees": extract_addressees(line[m.end():])}
            items.append(current)
        elif current is not None:
            current["text"] += "\n" + line
    named = [item for item in items if item["addressees"]]
    # the items of a section that mostly names who does what are all tasks (an unnamed one gets its units by hand)
    return items if len(named) >= 2 and 2 * len(named) >= len(items) else []


def proposal_unresolved(proposal: dict[str, Any]) -> list[str]:
    """Every phrase still waiting for a unit, once, in order of appearance."""
    phrases = [u for entry in proposal.get("recipients") or [] for u in entry.get("unresolved") or []]
    phrases += [u for task in proposal.get("tasks") or [] for u in task.get("unresolved") or []]
    return _unique(phrases)


def refresh_proposal(proposal: dict[str, Any], *, exclude: int | None = None) -> dict[str, Any]:
    """Recompute the derived parts: the unresolved list and the duplicate check (after edits)."""
    proposal["unresolved"] = proposal_unresolved(proposal)
    entries = [*(proposal.get("recipients") or []),
               *(p for task in proposal.get("tasks") or [] for p in task.get("phrases") or [])]
    proposal["outside"] = [u for u in _unique(o for e in entries for o in e.get("outside") or [])
                           if u in proposal["unresolved"]]
    meta = proposal.get("metadata") or {}
    day = _to_date(meta.get("date"))
    if day is not None:
        meta["year"] = day.year
    existing = find_duplicate(meta.get("number"), meta.get("year"), exclude=exclude)
    proposal["duplicate_of"] = existing.pk if existing else None
    return proposal


def _bad_proposal(where: str) -> ValidationError:
    return ValidationError(_("The proposal is malformed: %(where)s.") % {"where": where}, code="bad_proposal")


def _check_list(value: Any, where: str, item: type | tuple[type, ...] | None = None) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _bad_proposal(_("“%(field)s” must be a list") % {"field": where})
    if item is not None and not all(isinstance(entry, item) and not isinstance(entry, bool) for entry in value):
        raise _bad_proposal(_("“%(field)s” holds a value of the wrong type") % {"field": where})
    return value


def _check_str(value: Any, where: str) -> None:
    if value is not None and not isinstance(value, str):
        raise _bad_proposal(_("“%(field)s” must be text") % {"field": where})


_IDS = (int, str)


def _clean_json(value: Any, depth: int = 0) -> Any:
    """``value`` with every text (keys too) through clean_text: no control character (PostgreSQL's jsonb refuses
    "\u0000"), NFC."""
    if depth > 20:
        raise _bad_proposal(_("it is nested too deeply"))
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean_json(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {clean_text(str(key)): _clean_json(item, depth + 1) for key, item in value.items()}
    return value


def check_proposal(proposal: Any) -> dict[str, Any]:
    """The proposal sent back by a client, checked for shape (objects, lists, text, unit ids, ISO dates): a
    ValidationError in the user's language names the first wrong field. Returns it with its texts cleaned."""
    if not isinstance(proposal, dict):
        raise _bad_proposal(_("it must be a JSON object"))
    proposal = _clean_json(proposal)
    meta = proposal.get("metadata")
    if meta is not None:
        if not isinstance(meta, dict):
            raise _bad_proposal(_("“%(field)s” must be an object") % {"field": "metadata"})
        for key in ("number", "doc_type", "place", "issuer", "parent_issuer", "subject", "signer",
                    "signer_position"):
            _check_str(meta.get(key), f"metadata.{key}")
        _check_str(meta.get("date"), "metadata.date")
        _to_date(meta.get("date"))
        if meta.get("year") is not None and (isinstance(meta["year"], bool)
                                             or not str(meta["year"]).strip().isdigit()):
            raise _bad_proposal(_("“%(field)s” must be a number") % {"field": "metadata.year"})
        _check_list(meta.get("recipients"), "metadata.recipients", str)
        _check_list(meta.get("cc"), "metadata.cc", str)
    for ref in _check_list(proposal.get("references"), "references", dict):
        for key in ("doc_type", "number", "issuer", "date"):
            _check_str(ref.get(key), f"references.{key}")
        _to_date(ref.get("date"))
    for entry in _check_list(proposal.get("recipients"), "recipients", dict):
        _check_list(entry.get("unit_ids"), "recipients.unit_ids", _IDS)
        _check_list(entry.get("unresolved"), "recipients.unresolved", str)
    for task in _check_list(proposal.get("tasks"), "tasks", dict):
        for key in ("label", "text", "due_text", "product", "due_date"):
            _check_str(task.get(key), f"tasks.{key}")
        _to_date(task.get("due_date"))
        for key in ("units", "lead", "partners"):
            _check_list(task.get(key), f"tasks.{key}", _IDS)
        _check_list(task.get("unresolved"), "tasks.unresolved", str)
        for phrase in _check_list(task.get("phrases"), "tasks.phrases", dict):
            _check_list(phrase.get("unit_ids"), "tasks.phrases.unit_ids", _IDS)
            _check_list(phrase.get("unresolved"), "tasks.phrases.unresolved", str)
    request = proposal.get("report_request")
    if request is not None:
        if not isinstance(request, dict):
            raise _bad_proposal(_("“%(field)s” must be an object") % {"field": "report_request"})
        for key in ("text", "deadline", "deadline_text", "send_to"):
            _check_str(request.get(key), f"report_request.{key}")
        _to_date(request.get("deadline"))
        _check_list(request.get("units"), "report_request.units", _IDS)
    _check_list(proposal.get("warnings"), "warnings")
    _check_list(proposal.get("unresolved"), "unresolved")
    return proposal


def check_mappings(mappings: dict[Any, Any]) -> dict[str, int]:
    """``{"phrase": unit id}`` as sent by a client: ids must be numbers (an empty value maps nothing)."""
    out: dict[str, int] = {}
    for phrase, pk in mappings.items():
        if pk in (None, ""):
            continue
        try:
            out[clean_text(str(phrase))] = int(pk)
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("“%(value)s” is not a unit.") % {"value": pk}, code="invalid_unit") from exc
    return out


def apply_not_ours(proposal: dict[str, Any], phrases: Collection[str] | None) -> dict[str, Any]:
    """Leave out the phrases marked "not ours" (bodies outside the province): they wait for no unit (in place)."""
    marked = {p for p in phrases or [] if p}
    if not marked:
        return proposal
    entries = list(proposal.get("recipients") or [])
    for task in proposal.get("tasks") or []:
        task["unresolved"] = [u for u in task.get("unresolved") or [] if u not in marked]
        entries.extend(task.get("phrases") or [])
    for entry in entries:
        gone = [u for u in entry.get("unresolved") or [] if u in marked]
        if gone:
            entry["unresolved"] = [u for u in entry["unresolved"] if u not in marked]
            entry["ignored"] = _unique([*(entry.get("ignored") or []), *gone])
    proposal["unresolved"] = [p for p in proposal_unresolved(proposal) if p not in marked]
    proposal["outside"] = [p for p in proposal.get("outside") or [] if p not in marked]
    proposal["not_ours"] = _unique([*(proposal.get("not_ours") or []), *sorted(marked)])
    return proposal


def do_mark_not_ours(phrases: Iterable[str], *, acting_user: Any) -> list[str]:
    """Remember bodies outside the province ("not ours"): later imports leave them out. Returns the new ones."""
    from .models import ExternalBody

    _require_manager(acting_user)
    added = []
    for phrase in phrases:
        name = vn.clean(phrase)[:255]
        key = match_key(name)[:255]
        if not key:
            continue
        with acting_as(acting_user):
            _body, created = ExternalBody.objects.get_or_create(key=key, defaults={"name": name,
                                                                                  "created_by": acting_user})
        if created:
            added.append(name)
    return added


def do_forget_not_ours(body: Any, *, acting_user: Any) -> None:
    """Forget a body marked "not ours": later imports ask about it again."""
    _require_manager(acting_user)
    with transaction.atomic(), acting_as(acting_user):
        body.delete()


def apply_mappings(proposal: dict[str, Any], mappings: dict[str, int]) -> dict[str, Any]:
    """Put the units the coordinator chose for unresolved phrases where those phrases stood (in place)."""
    mappings = {phrase: int(pk) for phrase, pk in (mappings or {}).items() if pk}
    if not mappings:
        return proposal
    recipient_units: list[int] = []
    for entry in proposal.get("recipients") or []:
        for phrase in list(entry.get("unresolved") or []):
            if phrase in mappings:
                entry["unresolved"].remove(phrase)
                entry["unit_ids"] = _unique([*entry["unit_ids"], mappings[phrase]])
                recipient_units.append(mappings[phrase])
    for task in proposal.get("tasks") or []:
        for phrase in list(task.get("unresolved") or []):
            if phrase not in mappings:
                continue
            pk = mappings[phrase]
            roles = [p.get("role") for p in task.get("phrases") or [] if phrase in (p.get("unresolved") or [])]
            task["unresolved"].remove(phrase)
            for entry in task.get("phrases") or []:
                if phrase in (entry.get("unresolved") or []):
                    entry["unresolved"].remove(phrase)
                    entry["unit_ids"] = _unique([*entry["unit_ids"], pk])
            task["units"] = _unique([*task.get("units", []), pk])
            if AssignmentRole.LEAD in roles:
                task["lead"] = _unique([*task.get("lead", []), pk])
            elif task.get("lead"):
                task["partners"] = _unique([*task.get("partners", []), pk])
        if task.get("from_recipients") and recipient_units:
            task["units"] = _unique([*task.get("units", []), *recipient_units])
    request = proposal.get("report_request")
    if request is not None:
        mapped = [pk for phrase, pk in mappings.items()]
        request["units"] = _unique([*request.get("units", []), *mapped])
    proposal["unresolved"] = [p for p in proposal_unresolved(proposal) if p not in mappings]
    return proposal


# --- starting an import ---------------------------------------------------------------------------------------

def _require_manager(acting_user: Any) -> None:
    if acting_user is not None and not can(acting_user, Action.ADD, Directive):
        raise PermissionDenied(_("Only coordinators and administrators can import directives."))


def check_upload(name: str, data: bytes) -> None:
    """Refuse a file by its extension, size and content (a .pdf that is not a PDF …): Vietnamese messages."""
    ext = Path(name).suffix.lower()
    if ext not in ALLOWED_EXTENSIONS:
        raise ValidationError(vbhc_reader.MSG_UNKNOWN.format(ext=ext or name), code="file_type")
    limit = int(getattr(settings, "CCHC_MAX_UPLOAD_MB", 20))
    if len(data) > limit * 1024 * 1024:
        raise ValidationError(_("The file is larger than %(limit)s MB.") % {"limit": limit}, code="file_size")
    if not data.strip():
        raise ValidationError(vbhc_reader.MSG_EMPTY.format(name=name), code="empty")
    if ext == ".pdf" and b"%PDF-" not in data[:1024]:
        raise ValidationError(vbhc_reader.MSG_PDF_BAD.format(name=name), code="file_content")
    if ext == ".docx":
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                ok = "word/document.xml" in archive.namelist()
        except zipfile.BadZipFile:
            ok = False
        if not ok:
            raise ValidationError(vbhc_reader.MSG_DOCX_BAD.format(name=name), code="file_content")
    if ext in (".txt", ".md") and (data.startswith((b"%PDF-", b"PK\x03\x04")) or b"\x00\x00" in data[:4096]
                                   and not data.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise ValidationError(vbhc_reader.MSG_BINARY.format(name=name), code="file_content")


def read_upload(name: str, data: bytes) -> str:
    """The text of an uploaded file, through the parser's reader (written to a private temporary file)."""
    check_upload(name, data)
    safe = get_valid_filename(Path(name).name) or f"document{Path(name).suffix.lower()}"
    with tempfile.TemporaryDirectory(prefix="cchc-import-") as tmp:
        path = Path(tmp) / safe
        path.write_bytes(data)
        try:
            return read_text(path)
        except DocumentReadError as exc:
            raise ValidationError(str(exc), code="unreadable") from exc


def do_start_import(*, acting_user: Any, uploaded_file: UploadedFile | None = None,
                    text: str | None = None) -> ImportDraft:
    """Read, parse and resolve an uploaded file or pasted text into a stored draft (nothing stored on error)."""
    _require_manager(acting_user)
    if uploaded_file is None and not (text or "").strip():
        raise ValidationError(_("Choose a file or paste the text of the document."), code="required")
    file_name = ""
    data = b""
    if uploaded_file is not None:
        file_name = Path(uploaded_file.name or "document.txt").name
        limit = int(getattr(settings, "CCHC_MAX_UPLOAD_MB", 20))
        if uploaded_file.size and uploaded_file.size > limit * 1024 * 1024:
            raise ValidationError(_("The file is larger than %(limit)s MB.") % {"limit": limit}, code="file_size")
        data = uploaded_file.read()
        source = read_upload(file_name, data)
    else:
        source = vn.nfc(text or "").replace("\r\n", "\n")
    source = clean_text(source)  # no control character reaches the database (PostgreSQL refuses NUL)
    parsed = parse_document(source)
    parsed_dict = parsed.to_dict()
    proposal = build_proposal(parsed, text=source)
    if not proposal["tasks"]:
        proposal["warnings"].append(_("No numbered items or task table were found: add the tasks by hand."))
    with transaction.atomic(), acting_as(acting_user):
        draft = ImportDraft(created_by=acting_user, file_name=file_name, text=source, parsed=parsed_dict,
                            proposal=proposal)
        if data:
            draft.file.save(get_valid_filename(file_name) or "document", ContentFile(data), save=False)
        draft.save()
    return draft


# --- creating the directive -----------------------------------------------------------------------------------

def _ids(values: Iterable[Any]) -> list[int]:
    out: list[int] = []
    for value in values or []:
        try:
            pk = int(value)
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("“%(value)s” is not a unit.") % {"value": value}, code="invalid_unit") from exc
        if pk not in out:
            out.append(pk)
    return out


def _clip(value: Any, length: int) -> str:
    return vn.clean(str(value or ""))[:length]


def do_create_directive(data: dict[str, Any], *, acting_user: Any, source_text: str = "",
                        parsed: dict[str, Any] | None = None, file_name: str = "", file_data: bytes = b"",
                        mappings: dict[str, int] | None = None, remember: Collection[str] | None = None,
                        draft: ImportDraft | None = None, not_ours: Collection[str] | None = None) -> Directive:
    """Create the directive of a (corrected) proposal: references, tasks, assignments, report request; mapped
    phrases are remembered as aliases (``remember``: which ones; None: all); ``draft`` then points to it.
    All or nothing: on any error no row and no file is left behind."""
    _require_manager(acting_user)
    saved_names: list[str] = []
    try:
        with transaction.atomic():
            not_ours = [p for p in not_ours or [] if p not in (mappings or {})]  # a unit chosen wins
            directive = _create(apply_not_ours(copy.deepcopy(data), not_ours), acting_user=acting_user,
                                source_text=source_text, parsed=parsed, file_name=file_name, file_data=file_data,
                                mappings=mappings or {}, remember=remember, saved_names=saved_names)
            if not_ours:
                do_mark_not_ours(not_ours, acting_user=acting_user)
            if draft is not None:
                draft.directive = directive
                draft.save(update_fields=["directive"])
    except Exception:
        for name in saved_names:  # the row is gone with the transaction: do not leave its file behind
            Directive._meta.get_field("original_file").storage.delete(name)
        raise
    return directive


def kept_tasks(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The tasks a confirmation creates: a row left without content and without unit is dropped."""
    return [t for t in data.get("tasks") or [] if (t.get("text") or "").strip() or t.get("units") or t.get("lead")]


def confirm_errors(data: dict[str, Any]) -> list[str]:
    """The one set of rules a proposal (mappings applied) must pass to be confirmed — by the import page, the
    API and ``cchc import-directive`` alike: every task has content and at least one unit; a task whose lead
    body was read but not recognised gets a lead (its partners never become the lead); a report request with a
    deadline or units says what is asked."""
    errors: list[str] = []
    for index, task in enumerate(kept_tasks(data), start=1):
        name = task.get("label") or str(index)
        if not (task.get("text") or "").strip():
            errors.append(_("Task %(n)s has no content.") % {"n": name})
        units = [*(task.get("units") or []), *(task.get("lead") or [])]
        lead_phrases = [p for p in task.get("phrases") or [] if p.get("role") == AssignmentRole.LEAD]
        lead_missing = [u for p in lead_phrases for u in p.get("unresolved") or []]
        if not units:
            errors.append(_("Task %(n)s goes to no unit: choose its units, or remove it.") % {"n": name})
        elif lead_phrases and not task.get("lead") and lead_missing:
            errors.append(_("Task %(n)s has no lead unit: “%(phrase)s” is not recognised (its partners do not "
                            "become the lead): choose the lead unit.") % {"n": name, "phrase": lead_missing[0]})
    request = data.get("report_request") or None
    if request is not None and not (request.get("text") or "").strip() and (
            request.get("deadline") or request.get("units")):
        errors.append(_("Say what is asked, or clear the deadline and units."))
    return errors


def _create(data: dict[str, Any], *, acting_user: Any, source_text: str, parsed: dict[str, Any] | None,
            file_name: str, file_data: bytes, mappings: dict[str, int], remember: Collection[str] | None,
            saved_names: list[str]) -> Directive:
    data = apply_mappings(copy.deepcopy(data), mappings)
    meta = data.get("metadata") or {}
    day = _to_date(meta.get("date"))
    number = (meta.get("number") or "").replace(" ", "")
    year = day.year if day else (int(meta["year"]) if meta.get("year") else None)
    existing = find_duplicate(number, year)
    if existing is not None:
        raise DuplicateDirectiveError(existing)
    tasks = kept_tasks(data)
    errors = confirm_errors(data)
    request = data.get("report_request") or None
    if request is not None and not (request.get("text") or "").strip():
        request = None
    wanted = set()
    for task in tasks:
        wanted.update(_ids(task.get("units")), _ids(task.get("lead")))
    if request:
        wanted.update(_ids(request.get("units")))
    wanted.update(mappings.values())
    units = OrgUnit.objects.in_bulk(list(wanted))
    missing = sorted(wanted - set(units))
    if missing:
        errors.append(_("Unknown units: %(ids)s.") % {"ids": ", ".join(map(str, missing))})
    if errors:
        raise ValidationError(errors, code="invalid")

    deadline = _to_date(request.get("deadline")) if request else None
    with acting_as(acting_user):
        directive = Directive(
            number=_clip(number, 80), year=year, doc_type=_clip(meta.get("doc_type"), 40), date=day,
            place=_clip(meta.get("place"), 120), issuer=_clip(meta.get("issuer"), 255),
            parent_issuer=_clip(meta.get("parent_issuer"), 255), subject=vn.clean(meta.get("subject") or ""),
            signer=_clip(meta.get("signer"), 120), signer_position=_clip(meta.get("signer_position"), 255),
            recipients=list(meta.get("recipients") or []), cc=list(meta.get("cc") or []),
            source_text=source_text, parsed=parsed or {}, created_by=acting_user,
        )
        try:
            with transaction.atomic():
                directive.save()
        except IntegrityError as exc:  # a concurrent import of the same number
            existing = find_duplicate(number, year)
            if existing is not None:
                raise DuplicateDirectiveError(existing) from exc
            raise
        for order, ref in enumerate(data.get("references") or []):
            if not (ref.get("number") or ref.get("doc_type")):
                continue
            DirectiveReference.objects.create(
                directive=directive, doc_type=_clip(ref.get("doc_type"), 60), number=_clip(ref.get("number"), 80),
                date=_to_date(ref.get("date")), issuer=_clip(ref.get("issuer"), 255), order=order)
        for order, item in enumerate(tasks):
            due = _to_date(item.get("due_date"))
            task = Task.objects.create(
                directive=directive, label=_clip(item.get("label"), 20), text=(item.get("text") or "").strip(),
                due_date=due, due_text=_clip(item.get("due_text"), 255), product=_clip(item.get("product"), 255),
                order=order)
            lead = _ids(item.get("lead"))
            partners = set(_ids(item.get("partners")))
            for pk in _unique([*lead, *_ids(item.get("units"))]):
                role = (AssignmentRole.LEAD if pk in lead else AssignmentRole.PARTNER if lead or pk in partners
                        else AssignmentRole.ASSIGNEE)
                Assignment.objects.create(task=task, unit=units[pk], role=role, due_date=due or deadline)
        if request:
            report = ReportRequest.objects.create(
                directive=directive, text=request["text"].strip(), deadline=deadline,
                deadline_text=_clip(request.get("deadline_text"), 255), send_to=_clip(request.get("send_to"), 255))
            report.units.set([units[pk] for pk in _ids(request.get("units"))])
            _create_request_form(report, acting_user)
        if file_data:
            directive.original_file.save(get_valid_filename(file_name) or "document", ContentFile(file_data),
                                         save=False)
            saved_names.append(directive.original_file.name)
            directive.save(update_fields=["original_file"])
    for phrase, pk in mappings.items():
        if remember is None or phrase in remember:
            do_add_alias(units[int(pk)], phrase, acting_user=acting_user)
    return directive


def _create_request_form(report: ReportRequest, acting_user: Any) -> None:
    """The one-off report form answering the request, created at once (the communication indicators; the
    coordinator edits it later) so the request reaches every addressed unit's task list. Without a date or a
    deadline there is no period yet: the coordinator creates the form once they are set."""
    if not (report.deadline and report.directive.date) or report.deadline < report.directive.date:
        return
    from cchc.reports.config import create_form_for_request

    create_form_for_request(report, acting_user=acting_user)


def do_confirm_import(draft: ImportDraft, data: dict[str, Any], *, acting_user: Any,
                      mappings: dict[str, int] | None = None, remember: Collection[str] | None = None,
                      not_ours: Collection[str] | None = None) -> Directive:
    """Create the directive from a draft and the coordinator's corrections; the draft then points to it."""
    _require_manager(acting_user)
    if draft.directive_id:
        raise ValidationError(_("This document has already been imported."), code="done")
    file_data = b""
    if draft.file:
        with draft.file.open("rb") as fh:
            file_data = fh.read()
    return do_create_directive(
        data, acting_user=acting_user, source_text=draft.text, parsed=draft.parsed, file_name=draft.file_name,
        file_data=file_data, mappings=mappings, remember=remember, draft=draft, not_ours=not_ours)
