"""The text of the synthesis report, paragraph by paragraph, as Sở Nội vụ writes it to UBND tỉnh.

``compose(synthesis)`` turns the collected figures into blocks (headings, paragraphs), each with a stable key so the
clerk's edits (``ReportDraft.edits``: key → {"text", "base"}) survive a regeneration:

- I. how the directive was carried out by Sở Nội vụ: forwarded to the units, guidance on the report, the reminders
  sent and when;
- II. results item by item of the directive (its numbered tasks): who was asked and how far they got, the figures
  of the measures the item names, the best examples in prose with the units that did them;
- III. an assessment: strengths; limits — before the deadline "as of" the date, nobody called late; after it every
  silent unit named, returned reports called returned, late ones named;
- IV. Sở Nội vụ's own proposals, drafted from the data.

One figure per measure: the indicator totals over the reports received (submitted or approved), their basis said
once ("theo báo cáo của 31/48 đơn vị"); the activity log is the evidence behind them (annex), not a second set.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from cchc.lib import vn
from cchc.reports.choices import ValueType

from .figures import IndicatorFigure, Synthesis, UnitStatus, issuer_short, period_words

MAX_NAMED = 5  # units named in an example before "và N đơn vị khác"
MAX_EXAMPLES = 3  # examples per item

# What a directive's item may name, recognised in its folded text: channel code → phrases.
CHANNEL_WORDS: dict[str, tuple[str, ...]] = {
    "portal": ("cong/trang thong tin", "trang thong tin dien tu", "cong thong tin dien tu"),
    "video": ("video clip",),
    "led": ("man hinh led", "bang dien tu"),
    "leaflet": ("to gap", "to roi"),
    "receipt": ("mat sau giay tiep nhan",),
    "grassroots-doc": ("tai lieu thong tin co so",),
    "conference": ("hoi nghi", "tap huan", "doi thoai"),
    "contest": ("cuoc thi",),
    "social": ("zalo", "mang xa hoi"),
    "press": ("bao dien tu", "tin, bai", "bao, dai", "chuyen muc"),
    "radio": ("phat thanh",),
    "tv": ("truyen hinh",),
}
# Themes that give an item its heading, in the order they are found in the item's text.
THEMES: list[tuple[tuple[str, ...], str]] = [
    (("van ban chi dao",), "đăng tải văn bản chỉ đạo, điều hành về cải cách hành chính"),
    (("ket qua noi bat",), "thông tin kết quả nổi bật"),
    (("mo hinh moi", "do thi thong minh", "buu dien thuc hien"), "thông tin các mô hình mới"),
    (("dich vu cong truc tuyen",), "tuyên truyền dịch vụ công trực tuyến mức độ 3, 4 và dịch vụ bưu chính công ích"),
    (("nhan rong",), "nhân rộng mô hình, giải pháp mới"),
    (("doan vien, hoi vien",), "tuyên truyền, vận động đoàn viên, hội viên và nhân dân"),
    (("cuoc thi",), "tuyên truyền các cuộc thi"),
    (("truc quan",), "thông tin, tuyên truyền trực quan"),
    (("pci", "par index", "papi", "sipas"), "tuyên truyền các chỉ số PCI, PAR INDEX, PAPI, SIPAS"),
    (("chuyen muc", "tin, bai"), "chuyên mục, tin, bài về cải cách hành chính trên báo, đài"),
]


@dataclass
class Block:
    key: str
    kind: str  # "heading" | "para"
    text: str
    editable: bool = True
    edited: bool = False
    base: str = ""  # the generated text an edit replaced (to tell when the figures under it changed)
    generated: str = ""  # the text generated now

    @property
    def stale(self) -> bool:
        """Edited, and the text generated now differs from the one the edit replaced."""
        return self.edited and bool(self.base) and self.base != self.generated


@dataclass
class Measure:
    key: str
    label: str
    value: Any
    text: str


@dataclass
class Composition:
    blocks: list[Block]
    measures: list[Measure] = field(default_factory=list)
    closing: str = ""


# --- Words -----------------------------------------------------------------------------------------------------------

def number(value: Any) -> str:
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return vn.format_number(value)
    return vn.format_number(value, 2).rstrip("0").rstrip(",")


def n(value: int) -> str:
    return vn.format_number(value)


def lower_first(text: str) -> str:
    text = text.strip()
    if len(text) > 1 and text[1].isupper():  # "UBND", "PCI": keep
        return text
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


def sentence(text: str) -> str:
    text = text.strip().rstrip(";,")
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def names(units: list[str], limit: int = MAX_NAMED) -> str:
    """ "Sở Tư pháp, Sở Y tế và UBND huyện Chư Păh"; beyond ``limit``: "…, Sở Y tế và 4 đơn vị khác"."""
    units = list(dict.fromkeys(units))
    if not units:
        return ""
    if len(units) > limit:
        return f"{', '.join(units[:limit])} và {n(len(units) - limit)} đơn vị khác"
    if len(units) == 1:
        return units[0]
    return f"{', '.join(units[:-1])} và {units[-1]}"


def all_names(units: list[str]) -> str:
    return "; ".join(dict.fromkeys(units))


def figure_text(figure: IndicatorFigure) -> str:
    """ "123 tin, bài", "12,5%", "3 đơn vị có"."""
    if figure.total is None:
        return ""
    if figure.value_type == ValueType.BOOLEAN:
        return f"{number(figure.total)} đơn vị có"
    if figure.value_type == ValueType.PERCENT:
        return f"{number(figure.total)}%"
    measure = vn.clean(figure.unit_of_measure)
    return f"{number(figure.total)} {measure}".strip()


def directive_citation(directive: Any) -> str:
    """ "Công văn số 2031/UBND-NC ngày 01/10/2020 của UBND tỉnh"."""
    doc_type = vn.clean(directive.doc_type) or "Văn bản"
    text = f"{doc_type} số {directive.number}" if directive.number else doc_type
    if directive.date:
        text += f" ngày {vn.date_short(directive.date)}"
    return f"{text} của {issuer_short(directive.issuer)}"


def directive_about(directive: Any) -> str:
    subject = vn.clean(directive.subject).rstrip(".")
    subject = re.sub(r"^(v/v|về việc|về)\s+", "", subject, flags=re.IGNORECASE)
    return f" về {subject}" if subject else ""


def short_doc(directive: Any) -> str:
    """ "Công văn số 2031/UBND-NC"."""
    doc_type = vn.clean(directive.doc_type) or "Văn bản"
    return f"{doc_type} số {directive.number}" if directive.number else doc_type


# --- What each item of the directive names ---------------------------------------------------------------------------

def item_channels(text: str) -> list[str]:
    folded = vn.fold(text)
    found = []
    for code, words in CHANNEL_WORDS.items():
        positions = [folded.find(word) for word in words if word in folded]
        if positions:
            found.append((min(positions), code))
    return [code for _pos, code in sorted(found)]


def item_title(text: str, label: str) -> str:
    folded = vn.fold(text)
    found = []
    for words, theme in THEMES:
        positions = [folded.find(word) for word in words if word in folded]
        if positions:
            found.append((min(positions), theme))
    themes = [theme for _pos, theme in sorted(found)][:3]
    if not themes:
        return f"Thực hiện nội dung tại mục {label}" if label else "Thực hiện nội dung của văn bản"
    return upper_first("; ".join(themes))


# --- Context not in the figures: tasks, reminders, examples ----------------------------------------------------------

@dataclass
class TaskProgress:
    label: str
    text: str
    assigned: list[str]
    done: list[str]
    in_progress: list[str]
    unit_ids: set[int]


@dataclass
class Example:
    title: str
    channel: str
    units: list[str]
    unit_ids: set[int]
    order: list[int] = field(default_factory=list)  # unit ids in the order of ``units``

    def among(self, unit_ids: set[int]) -> Example:
        """The same example naming only the units among ``unit_ids`` (all of them when none is)."""
        kept = [(unit_id, name) for unit_id, name in zip(self.order, self.units, strict=True) if unit_id in unit_ids]
        if not kept:
            return self
        return Example(title=self.title, channel=self.channel, units=[name for _i, name in kept],
                       unit_ids={unit_id for unit_id, _n in kept}, order=[unit_id for unit_id, _n in kept])


@dataclass
class Context:
    tasks: list[TaskProgress]
    reminders: list[tuple[date, int, int]]  # (day, units reminded of a task, units reminded of the report)
    examples: list[Example]
    indicator_channels: dict[str, set[str]]  # indicator code → channel codes it is filled from


def gather(synthesis: Synthesis) -> Context:
    """The directive's tasks and their progress, the reminders sent, the examples (activities attached to the
    received reports, grouped by what was done). A handful of queries."""
    from cchc.directives.models import Assignment
    from cchc.reminders.models import ReminderSent
    from cchc.reports.models import Activity, Indicator

    from .figures import province_name

    directive = synthesis.directive
    tasks: list[TaskProgress] = []
    assignment_ids: list[int] = []
    if directive is not None:
        rows = (Assignment.objects.filter(task__directive=directive).select_related("unit", "task")
                .order_by("task__order", "task_id", "unit__sort_name"))
        by_task: dict[int, TaskProgress] = {}
        for assignment in rows:
            assignment_ids.append(assignment.pk)
            task = assignment.task
            progress = by_task.get(task.pk)
            if progress is None:
                progress = by_task[task.pk] = TaskProgress(label=vn.clean(task.label).rstrip("."),
                                                           text=vn.clean(task.text), assigned=[], done=[],
                                                           in_progress=[], unit_ids=set())
            name = province_name(assignment.unit)
            progress.assigned.append(name)
            progress.unit_ids.add(assignment.unit_id)
            if assignment.status == "done":
                progress.done.append(name)
            elif assignment.status == "in_progress":
                progress.in_progress.append(name)
        for task in directive.tasks.order_by("order", "id"):
            tasks.append(by_task.get(task.pk) or TaskProgress(
                label=vn.clean(task.label).rstrip("."), text=vn.clean(task.text), assigned=[], done=[],
                in_progress=[], unit_ids=set()))

    # Reminders: of this directive's tasks, and of this form's report for this period
    period = synthesis.period
    from cchc.reports.obligations import PK_FACTOR

    per_day: dict[date, list[set[int]]] = defaultdict(lambda: [set(), set()])
    reminders = ReminderSent.objects.filter(sent_on__lte=synthesis.today)
    for unit_id, day in reminders.filter(kind="submission", object_id__gte=period.pk * PK_FACTOR,
                                         object_id__lt=(period.pk + 1) * PK_FACTOR).values_list("unit_id", "sent_on"):
        per_day[day][1].add(unit_id)
    if assignment_ids:
        for unit_id, day in reminders.filter(kind="assignment", object_id__in=assignment_ids).values_list(
                "unit_id", "sent_on"):
            per_day[day][0].add(unit_id)
    reminder_days = [(day, len(sets[0]), len(sets[1])) for day, sets in sorted(per_day.items())]

    # Examples: the activities attached to the received reports, grouped by what was done
    attached = {activity_id: unit for unit in synthesis.units if unit.received for activity_id in unit.activity_ids}
    groups: dict[tuple[str, str], Example] = {}
    if attached:
        for activity_id, title, channel_code in Activity.objects.filter(pk__in=list(attached)).values_list(
                "id", "title", "channel__code").order_by("date", "id"):
            title = vn.clean(title).rstrip(".")
            if not title:
                continue
            unit: UnitStatus = attached[activity_id]
            key = (vn.fold(title), channel_code or "")
            example = groups.setdefault(key, Example(title=title, channel=channel_code or "", units=[],
                                                     unit_ids=set()))
            if unit.unit_id not in example.unit_ids:
                example.units.append(unit.label)
                example.unit_ids.add(unit.unit_id)
                example.order.append(unit.unit_id)
    examples = sorted(groups.values(), key=lambda item: (-len(item.units), vn.sort_key(item.title)))

    codes = [figure.code for figure in synthesis.indicators]
    indicator_channels: dict[str, set[str]] = defaultdict(set)
    for code, channel in Indicator.prefill_channels.through.objects.filter(
            indicator__code__in=codes).values_list("indicator__code", "channel__code"):
        indicator_channels[code].add(channel)
    return Context(tasks=tasks, reminders=reminder_days, examples=examples, indicator_channels=indicator_channels)


# --- The measures (one figure each) ----------------------------------------------------------------------------------

def measures(synthesis: Synthesis) -> list[Measure]:
    """Every figure the report states, once: reporting, then each indicator's total over the received reports."""
    numbers = synthesis.numbers
    returned = [unit for unit in synthesis.units if unit.status == "returned"]
    approved = [unit for unit in synthesis.units if unit.status == "approved"]
    out = [
        Measure("expected", "Số đơn vị được giao báo cáo", numbers.expected, n(numbers.expected)),
        Measure("submitted", "Số đơn vị đã gửi báo cáo", numbers.submitted, n(numbers.submitted)),
        Measure("approved", "Số báo cáo đã được rà soát, thống nhất", len(approved), n(len(approved))),
        Measure("returned", "Số báo cáo trả lại để bổ sung", len(returned), n(len(returned))),
        Measure("on_time", "Số đơn vị gửi đúng hạn", numbers.on_time, n(numbers.on_time)),
        Measure("late", "Số đơn vị gửi muộn", numbers.late, n(numbers.late)),
        Measure("missing", "Số đơn vị chưa gửi báo cáo", numbers.expected - numbers.submitted,
                n(numbers.expected - numbers.submitted)),
    ]
    for figure in synthesis.indicators:
        value = figure.total
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        out.append(Measure(f"indicator:{figure.code}", vn.clean(figure.name), value,
                           figure_text(figure) or "chưa có số liệu"))
    return out


# --- The composition -------------------------------------------------------------------------------------------------

def _before_deadline(synthesis: Synthesis) -> bool:
    deadline = synthesis.request_deadline or synthesis.period.deadline
    return deadline is None or synthesis.today <= deadline


def _basis(synthesis: Synthesis) -> str:
    numbers = synthesis.numbers
    return f"{n(numbers.submitted)}/{n(numbers.expected)} đơn vị"


def _part_one(synthesis: Synthesis, context: Context, body: str) -> list[Block]:
    blocks = [Block("I", "heading", "I. CÔNG TÁC TRIỂN KHAI THỰC HIỆN", editable=False)]
    directive = synthesis.directive
    deadline = synthesis.request_deadline or synthesis.period.deadline
    numbers = synthesis.numbers
    assigned_units = {unit_id for task in context.tasks for unit_id in task.unit_ids}
    if directive is not None:
        whom = len(assigned_units) or numbers.expected
        blocks.append(Block("I.forward", "para", (
            f"Sau khi {short_doc(directive)} được ban hành, {body} đã theo dõi, đôn đốc {n(whom)} cơ quan, đơn vị, "
            f"địa phương được giao nhiệm vụ triển khai thực hiện; đồng thời hướng dẫn các cơ quan, đơn vị báo cáo "
            f"kết quả theo đề cương thống nhất, kèm số liệu và minh chứng (đường dẫn tin, bài, hình ảnh), gửi về "
            f"{body} trước ngày {vn.date_short(deadline)} để tổng hợp, báo cáo UBND tỉnh.")))
    else:
        name = re.sub(r"^báo cáo\s+", "", vn.clean(synthesis.form.name), flags=re.IGNORECASE)
        when_words = period_words(synthesis.form, synthesis.period)
        if vn.fold(name).endswith(" nam") and when_words.startswith("năm "):
            name = f"{name} {when_words[4:]}"  # "… năm" + "năm 2020" → "… năm 2020"
        else:
            name = f"{name} ({when_words})"
        blocks.append(Block("I.forward", "para", (
            f"Thực hiện chế độ báo cáo {lower_first(name)}, "
            f"{body} đã hướng dẫn {n(numbers.expected)} cơ quan, đơn vị gửi báo cáo trước ngày "
            f"{vn.date_short(synthesis.period.deadline)}.")))
    if context.reminders:
        parts = []
        for day, task_units, report_units in context.reminders:
            about = []
            if task_units:
                about.append(f"{n(task_units)} đơn vị về tiến độ thực hiện nhiệm vụ")
            if report_units:
                about.append(f"{n(report_units)} đơn vị về thời hạn gửi báo cáo")
            parts.append(f"ngày {vn.date_short(day)} nhắc {' và '.join(about)}")
        blocks.append(Block("I.remind", "para", sentence(
            f"Trong quá trình thực hiện, {body} đã đôn đốc các cơ quan, đơn vị: " + "; ".join(parts))))
    received = numbers.submitted
    approved = sum(1 for unit in synthesis.units if unit.status == "approved")
    when = f"Đến ngày {vn.date_short(synthesis.today)}" if _before_deadline(synthesis) else "Đến nay"
    if received:
        text = (f"{when}, {body} đã nhận được báo cáo của {_basis(synthesis)} được giao, trong đó "
                f"{n(approved)} báo cáo đã được rà soát, thống nhất số liệu"
                + (f", {n(received - approved)} báo cáo đang được rà soát" if received > approved else "") + ".")
        blocks.append(Block("I.received", "para", text))
    return blocks


def _item_measures(synthesis: Synthesis, context: Context) -> dict[int, list[IndicatorFigure]]:
    """Each reported indicator under the first item that names its channel (else under the first item)."""
    out: dict[int, list[IndicatorFigure]] = defaultdict(list)
    channels_of_item = [item_channels(task.text) for task in context.tasks] or [[]]
    for figure in synthesis.indicators:
        if figure.total is None:
            continue
        wanted = context.indicator_channels.get(figure.code, set())
        index = next((i for i, channels in enumerate(channels_of_item) if wanted & set(channels)), 0)
        out[index].append(figure)
    return out


NOUN_STARTS = ("hoi nghi", "cuoc thi", "tap huan", "toa dam", "hoi thi", "le ", "buoi ")
VERB_STARTS = ("dang", "phat", "to chuc", "in ", "trinh chieu", "mo ", "xay dung", "trien khai", "tuyen truyen",
               "thuc hien", "cap nhat", "phoi hop", "lap ", "gui", "treo", "long ghep", "huong dan", "ho tro",
               "van dong", "cung cap", "niem yet", "cong khai", "thong tin", "bien soan", "san xuat", "duy tri",
               "tiep nhan", "nhan rong", "ap dung", "sua doi", "ban hanh", "chi dao", "quan triet", "doi thoai",
               "giai dap", "livestream", "truyen", "chia se", "dua ", "tham gia", "ra mat", "khai truong")


def _did(title: str) -> str:
    """ "Phát video clip…" → "đã phát video clip…"; "Hội nghị quán triệt…" → "đã tổ chức hội nghị quán triệt…"."""
    folded = vn.fold(title)
    if folded.startswith("da "):
        return lower_first(title)
    if folded.startswith(NOUN_STARTS):
        return f"đã tổ chức {lower_first(title)}"
    if folded.startswith(VERB_STARTS):
        return f"đã {lower_first(title)}"
    return f"đã thực hiện “{title}”"  # a title that is not an action: quoted, not made into a verb


def _example_sentence(examples: list[Example]) -> str:
    parts = [f"{names(example.units)} {_did(example.title)}" for example in examples]
    return sentence("Tiêu biểu, " + "; ".join(parts))


def _part_two(synthesis: Synthesis, context: Context, body: str) -> list[Block]:
    blocks = [Block("II", "heading", "II. KẾT QUẢ THỰC HIỆN", editable=False)]
    numbers = synthesis.numbers
    as_of = f" (đến ngày {vn.date_short(synthesis.today)})" if _before_deadline(synthesis) else ""
    if not numbers.submitted:
        blocks.append(Block("II.basis", "para", (
            f"Đến ngày {vn.date_short(synthesis.today)}, {body} chưa nhận được báo cáo của cơ quan, đơn vị nào; "
            "kết quả sẽ được tổng hợp khi các cơ quan, đơn vị gửi báo cáo.")))
    else:
        blocks.append(Block("II.basis", "para", (
            f"Theo báo cáo của {_basis(synthesis)}{as_of}, kết quả thực hiện các nội dung "
            f"{'của ' + short_doc(synthesis.directive) if synthesis.directive else 'được giao'} như sau:")))
    by_item = _item_measures(synthesis, context)
    if not numbers.submitted and not context.tasks:
        return blocks
    tasks = context.tasks or [TaskProgress(label="", text="", assigned=[], done=[], in_progress=[], unit_ids=set())]
    used: set[tuple[str, str]] = set()
    for index, task in enumerate(tasks):
        label = task.label or str(index + 1)
        key = f"II.{index + 1}"
        if context.tasks:  # an item of the directive: its own heading
            blocks.append(Block(key, "heading", f"{label}. {item_title(task.text, label)}"))
        if task.assigned:
            text = (f"Nội dung này giao {n(len(task.assigned))} cơ quan, đơn vị, địa phương thực hiện; đến ngày "
                    f"{vn.date_short(synthesis.today)}, {n(len(task.done))} đơn vị đã báo cáo hoàn thành")
            if task.in_progress:
                text += f", {n(len(task.in_progress))} đơn vị đang triển khai"
            blocks.append(Block(f"{key}.progress", "para", sentence(text)))
        figures = by_item.get(index, [])
        if figures and numbers.submitted:
            lines = [f"- {upper_first(vn.clean(figure.name))}: {figure_text(figure)} "
                     f"({n(figure.reported)} đơn vị có số liệu)" for figure in figures]
            lines = [line + (";" if index < len(lines) - 1 else ".") for index, line in enumerate(lines)]
            blocks.append(Block(f"{key}.figures", "para",
                                "\n".join((["Kết quả cụ thể:"] if context.tasks else []) + lines)))
        channels = set(item_channels(task.text)) if task.text else set()
        candidates = [example for example in context.examples
                      if (example.channel, example.title) not in used
                      and (not channels or example.channel in channels)
                      and (not task.unit_ids or example.unit_ids & task.unit_ids)]
        if not candidates and channels and task.unit_ids:  # the item's units did it their own way
            candidates = [example for example in context.examples if (example.channel, example.title) not in used
                          and example.unit_ids & task.unit_ids]
        chosen = candidates[:MAX_EXAMPLES]
        for example in chosen:
            used.add((example.channel, example.title))
        if task.unit_ids:
            chosen = [example.among(task.unit_ids) for example in chosen]
        if chosen:
            blocks.append(Block(f"{key}.examples", "para", _example_sentence(chosen)))
        if context.tasks and not task.assigned and not figures and not chosen:
            blocks.append(Block(f"{key}.none", "para",
                                "Các báo cáo đã nhận chưa phản ánh kết quả thực hiện nội dung này."))
    return blocks


def _part_three(synthesis: Synthesis, context: Context, body: str) -> list[Block]:
    blocks = [Block("III", "heading", "III. ĐÁNH GIÁ CHUNG", editable=False),
              Block("III.1", "heading", "1. Ưu điểm", editable=False)]
    numbers = synthesis.numbers
    channel_units: dict[str, set[int]] = defaultdict(set)
    for item in synthesis.channels:
        channel_units[item.name] = {source["submission"] for source in item.sources if source.get("submission")}
    used = sorted(((len(ids), name) for name, ids in channel_units.items() if ids), reverse=True)
    if numbers.submitted:
        forms = ", ".join(lower_first(name) for _count, name in used[:4])
        text = ("Các cơ quan, đơn vị, địa phương đã quan tâm triển khai thông tin, tuyên truyền cải cách hành chính "
                "với nhiều hình thức phù hợp" + (f", nhất là {forms}" if forms else "")
                + "; nhiều đơn vị gửi báo cáo kèm minh chứng cụ thể.")
        if not _before_deadline(synthesis) and numbers.expected and numbers.on_time * 2 >= numbers.expected:
            text += f" Có {n(numbers.on_time)}/{n(numbers.expected)} đơn vị gửi báo cáo đúng thời hạn."
        blocks.append(Block("III.1.text", "para", text))
    else:
        blocks.append(Block("III.1.text", "para",
                            "Chưa đủ cơ sở đánh giá do các cơ quan, đơn vị chưa gửi báo cáo."))
    blocks.append(Block("III.2", "heading", "2. Hạn chế", editable=False))
    missing = [unit for unit in synthesis.units if not unit.received and unit.status != "returned"]
    returned = [unit for unit in synthesis.units if unit.status == "returned"]
    late = synthesis.late_units
    deadline = synthesis.request_deadline or synthesis.period.deadline
    limits = []
    if _before_deadline(synthesis):
        waiting = len(missing) + len(returned)
        if waiting:
            text = (f"Đến ngày {vn.date_short(synthesis.today)}, còn {n(waiting)} cơ quan, đơn vị chưa gửi báo cáo "
                    f"(thời hạn gửi báo cáo là ngày {vn.date_short(deadline)})")
            if returned:
                text += (f", trong đó {n(len(returned))} báo cáo đã được trả lại để đơn vị bổ sung, hoàn thiện "
                         "và gửi lại")
            limits.append(Block("III.2.reporting", "para", sentence(text)))
    else:
        if missing:
            limits.append(Block("III.2.missing", "para", sentence(
                f"Đã hết thời hạn gửi báo cáo (ngày {vn.date_short(deadline)}) nhưng còn {n(len(missing))} cơ quan, "
                f"đơn vị chưa gửi báo cáo, gồm: {all_names([unit.label for unit in missing])}")))
        if returned:
            limits.append(Block("III.2.returned", "para", sentence(
                f"Có {n(len(returned))} báo cáo đã được trả lại để bổ sung, hoàn thiện nhưng đơn vị chưa gửi lại, "
                f"gồm: {all_names([unit.label for unit in returned])}")))
        if late:
            limits.append(Block("III.2.late", "para", sentence(
                f"Có {n(len(late))} cơ quan, đơn vị gửi báo cáo chậm so với thời hạn, gồm: "
                f"{all_names([unit.label for unit in late])}")))
    silent_figures = [figure for figure in synthesis.indicators  # a figure the form asks of every unit
                      if figure.required and figure.reported and figure.not_reported]
    if silent_figures and numbers.submitted:
        worst = sorted(silent_figures, key=lambda figure: -figure.not_reported)[:3]
        limits.append(Block("III.2.figures", "para", sentence(
            "Một số báo cáo chưa có đầy đủ số liệu theo yêu cầu (" + "; ".join(
                f"{lower_first(vn.clean(figure.name))}: {n(figure.not_reported)} báo cáo không có số liệu"
                for figure in worst) + ")")))
    if not limits:
        limits.append(Block("III.2.none", "para", "Các cơ quan, đơn vị đã gửi báo cáo đầy đủ, đúng thời hạn."))
    blocks.extend(limits)
    return blocks


def _part_four(synthesis: Synthesis, context: Context, body: str) -> list[Block]:
    blocks = [Block("IV", "heading", "IV. ĐỀ XUẤT, KIẾN NGHỊ", editable=False)]
    missing = [unit for unit in synthesis.units if not unit.received]
    deadline = synthesis.request_deadline or synthesis.period.deadline
    proposals = []
    if missing:
        if _before_deadline(synthesis):
            proposals.append(
                f"Đề nghị UBND tỉnh chỉ đạo các cơ quan, đơn vị chưa gửi báo cáo khẩn trương hoàn thành, gửi báo cáo "
                f"về {body} trước ngày {vn.date_short(deadline)} để tổng hợp đầy đủ kết quả thực hiện.")
        else:
            proposals.append(
                f"Đề nghị UBND tỉnh nhắc nhở các cơ quan, đơn vị chưa gửi báo cáo (nêu tại mục III) và chỉ đạo các "
                f"đơn vị này khẩn trương gửi báo cáo về {body} để tổng hợp.")
    weak = [item.name for item in synthesis.channels  # used by few of the units that reported
            if synthesis.numbers.submitted
            and len({source["submission"] for source in item.sources if source.get("submission")}) * 3
            < synthesis.numbers.submitted]
    if weak:
        proposals.append("Đề nghị UBND tỉnh chỉ đạo các cơ quan, đơn vị tiếp tục đẩy mạnh thông tin, tuyên truyền "
                         "cải cách hành chính, nhất là qua các hình thức còn ít đơn vị triển khai ("
                         + ", ".join(lower_first(name) for name in weak[:4]) + ").")
    if any(len(example.units) > 1 for example in context.examples):
        proposals.append("Tiếp tục chỉ đạo nhân rộng các mô hình, cách làm hay nêu tại mục II; biểu dương các cơ "
                         "quan, đơn vị thực hiện tốt.")
    if synthesis.directive is not None:
        proposals.append(f"{body} tiếp tục theo dõi, đôn đốc việc thực hiện của các cơ quan, đơn vị, địa phương và "
                         "tổng hợp kết quả trong báo cáo cải cách hành chính định kỳ theo quy định.")
    for index, text in enumerate(proposals, start=1):
        blocks.append(Block(f"IV.{index}", "para", f"{index}. {text}" if len(proposals) > 1 else text))
    return blocks


def compose(synthesis: Synthesis, *, issuing_body: str = "SỞ NỘI VỤ", edits: dict[str, Any] | None = None,
            context: Context | None = None) -> Composition:
    """The report's blocks, the clerk's ``edits`` applied (an empty text removes the paragraph)."""
    body = issuing_body.strip().capitalize() if issuing_body.isupper() else issuing_body.strip()
    body = body.replace("nội vụ", "Nội vụ")
    context = context or gather(synthesis)
    directive = synthesis.directive
    blocks: list[Block] = []
    if directive is not None:
        as_of = (f" đến ngày {vn.date_short(synthesis.today)}" if _before_deadline(synthesis) else "")
        intro = (f"Thực hiện {directive_citation(directive)}{directive_about(directive)}, {body} báo cáo kết quả "
                 f"thực hiện{as_of} như sau:")
    else:
        intro = f"{body} báo cáo {lower_first(synthesis.subject)} như sau:"
    blocks.append(Block("intro", "para", intro))
    blocks += _part_one(synthesis, context, body)
    blocks += _part_two(synthesis, context, body)
    blocks += _part_three(synthesis, context, body)
    blocks += _part_four(synthesis, context, body)
    blocks.append(Block("closing", "para", f"Trên đây là báo cáo {lower_first(synthesis.subject)}, {body} kính báo "
                                          "cáo UBND tỉnh xem xét, chỉ đạo./."))
    for block in blocks:
        block.generated = block.text
        edit = (edits or {}).get(block.key)
        if block.editable and isinstance(edit, dict) and "text" in edit:
            block.text = vn.clean(str(edit.get("text") or ""))
            block.base = str(edit.get("base") or "")
            block.edited = True
    return Composition(blocks=blocks, measures=measures(synthesis))


def changed_measures(before: list[dict[str, Any]] | None, now: list[Measure]) -> list[dict[str, Any]]:
    """The measures whose value differs from ``before`` (a generated version's stored measures)."""
    if not before:
        return []
    old = {item.get("key"): item for item in before if isinstance(item, dict)}
    out = []
    for measure in now:
        previous = old.get(measure.key)
        if previous is not None and previous.get("value") != measure.value:
            out.append({"label": measure.label, "before": previous.get("text", ""), "now": measure.text})
    return out
