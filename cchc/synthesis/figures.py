"""The figures of a synthesis report, collected once from the data and traced back to their sources.

``collect(form, period)`` gathers everything the report (DOCX), its annex (XLSX) and the synthesis page show:
the directive and what it asked, the monitoring numbers, per-indicator totals over the received reports (by the
indicator's aggregation; a figure not reported is left out, never counted as zero), the activities of the period by
channel and topic, the breakdown by unit kind, quotes from the units' narratives, the late and silent units.

Every figure carries ``sources``: ``[{"submission": id, "unit": name, "activities": [ids]}]``.

A bounded number of queries whatever the number of units: the monitoring snapshot (units, submissions), the form's
indicators, the values, the attached activities, the period's activities and their topics, channel and topic names.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from cchc.core import clock
from cchc.lib import vn
from cchc.monitoring import numbers as monitoring
from cchc.reports.choices import Aggregation, PeriodType, ValueType
from cchc.reports.models import Activity, Channel, FormIndicator, IndicatorValue, Period, ReportForm, Submission, Topic

LIMITATION_WORDS = ("kho khan", "han che", "vuong mac", "ton tai")
PROPOSAL_WORDS = ("de xuat", "kien nghi")
INITIATIVE_WORDS = ("mo hinh", "sang kien", "cach lam hay", "noi bat")
NOT_QUOTED_WORDS = ("phuong huong", "nhiem vu nam", "nhiem vu thoi gian")


def _source(submission_id: int | None, unit: str, activities: list[int] | None = None) -> dict[str, Any]:
    return {"submission": submission_id, "unit": unit, "activities": sorted(activities or [])}


@dataclass
class UnitStatus:
    """One expected unit and how it reported."""

    unit_id: int
    name: str
    kind_code: str
    kind_name: str
    status: str
    status_label: str
    submission_id: int | None  # the received report (submitted/approved), else None
    submitted_at: datetime | None
    on_time: bool | None  # None: not received
    activity_ids: list[int] = field(default_factory=list)  # activities attached to its received report
    short: str = ""  # the name as the province writes it in a report ("Sở Tài chính", "UBND huyện Chư Păh")

    @property
    def label(self) -> str:
        return self.short or self.name

    @property
    def received(self) -> bool:
        return self.submission_id is not None


@dataclass
class UnitValue:
    unit_id: int
    unit: str
    kind_code: str
    value: Any  # Decimal, str or bool
    submission_id: int


@dataclass
class IndicatorFigure:
    id: int
    code: str
    name: str
    group: str
    unit_of_measure: str
    value_type: str
    aggregation: str
    total: Any  # Decimal (sum/average/last), int (yes count for yes/no), None (text, or nobody reported)
    reported: int  # units that reported it
    not_reported: int  # received reports without this figure
    values: list[UnitValue] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    required: bool = False  # the form asks every unit for it

    @property
    def is_numeric(self) -> bool:
        return self.value_type in (ValueType.INTEGER, ValueType.DECIMAL, ValueType.PERCENT)


@dataclass
class Breakdown:
    """Activities of one channel or topic."""

    id: int
    name: str
    count: int = 0
    quantity: int = 0
    reach: int = 0
    units: int = 0
    activity_ids: list[int] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class KindFigure:
    code: str
    name: str
    numbers: monitoring.Numbers
    indicator_totals: dict[str, Any] = field(default_factory=dict)  # indicator code → total over that kind
    sources: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Quote:
    unit: str
    section: str
    text: str
    submission_id: int
    sources: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Synthesis:
    form: ReportForm
    period: Period
    today: date
    directive: Any  # Directive or None
    directives: list[Any]
    request_text: str
    request_deadline: date | None
    subject: str  # trích yếu of the report
    numbers: monitoring.Numbers
    units: list[UnitStatus]
    indicators: list[IndicatorFigure]
    by_kind: list[KindFigure]
    channels: list[Breakdown]
    topics: list[Breakdown]
    activity_total: Breakdown
    initiatives: list[Quote]
    limitations: list[Quote]
    proposals: list[Quote]

    @property
    def late_units(self) -> list[UnitStatus]:
        return [unit for unit in self.units if unit.received and not unit.on_time]

    @property
    def missing_units(self) -> list[UnitStatus]:
        return [unit for unit in self.units if not unit.received]

    @property
    def indicator_groups(self) -> list[tuple[str, list[IndicatorFigure]]]:
        groups: dict[str, list[IndicatorFigure]] = {}
        for figure in self.indicators:
            groups.setdefault(figure.group or "Chỉ tiêu", []).append(figure)
        return list(groups.items())

    def as_dict(self) -> dict[str, Any]:
        """A JSON-serialisable summary (stored with a generated version)."""
        directive = self.directive
        return _jsonable({
            "form": {"id": self.form.pk, "name": self.form.name, "code": self.form.code},
            "period": {"id": self.period.pk, "label": self.period.label, "start": self.period.start,
                       "end": self.period.end, "deadline": self.period.deadline},
            "today": self.today,
            "directive": ({"id": directive.pk, "number": directive.number, "date": directive.date,
                           "subject": directive.subject} if directive else None),
            "request": {"text": self.request_text, "deadline": self.request_deadline},
            "subject": self.subject,
            "numbers": {**self.numbers.as_dict(), "missing": self.numbers.expected - self.numbers.submitted,
                        "approved": sum(1 for unit in self.units if unit.status == monitoring.APPROVED),
                        "sources": [_source(u.submission_id, u.name, u.activity_ids)
                                    for u in self.units if u.received]},
            "units": [asdict(unit) for unit in self.units],
            "late_units": [unit.name for unit in self.late_units],
            "missing_units": [unit.name for unit in self.missing_units],
            "indicators": [asdict(figure) for figure in self.indicators],
            "by_kind": [{"code": k.code, "name": k.name, **k.numbers.as_dict(), "indicator_totals": k.indicator_totals,
                         "sources": k.sources} for k in self.by_kind],
            "channels": [asdict(item) for item in self.channels],
            "topics": [asdict(item) for item in self.topics],
            "activities": asdict(self.activity_total),
            "initiatives": [asdict(quote) for quote in self.initiatives],
            "limitations": [asdict(quote) for quote in self.limitations],
            "proposals": [asdict(quote) for quote in self.proposals],
        })


_SCALARS = (int, str, float, bool, type(None))


def _jsonable(value: Any) -> Any:
    """Dataclasses, Decimals and dates → plain JSON values, in one pass (no deep copies: fast on 1,000 units)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list or kind is tuple:
        if value and type(value[0]) is int:  # activity ids
            return list(value)
        return [_jsonable(item) for item in value]
    if kind is dict:
        return {str(key): _jsonable(item) for key, item in value.items()}
    if kind is Decimal:
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return {item.name: _jsonable(getattr(value, item.name)) for item in fields(value)}
    return value


asdict = _jsonable


# --- Aggregation ---------------------------------------------------------------------------------------------------

def aggregate(values: list[UnitValue], value_type: str, aggregation: str, order: dict[int, Any] | None = None) -> Any:
    """The total of the reported values (nothing reported → None)."""
    if not values:
        return None
    if value_type == ValueType.BOOLEAN:
        return sum(1 for item in values if item.value)
    if value_type == ValueType.TEXT:
        return None
    numbers = [Decimal(item.value) for item in values]
    if aggregation == Aggregation.AVERAGE:
        return sum(numbers, Decimal(0)) / len(numbers)
    if aggregation == Aggregation.LAST:
        order = order or {}
        latest = max(values, key=lambda item: (order.get(item.submission_id) or datetime.min.replace(
            tzinfo=clock.VIETNAM), item.submission_id))
        return Decimal(latest.value)
    return sum(numbers, Decimal(0))


def _value_of(value_type: str, number: Any, text: str, boolean: Any) -> Any:
    if value_type == ValueType.TEXT:
        return text or None
    if value_type == ValueType.BOOLEAN:
        return boolean
    return number


def province_name(unit: Any) -> str:
    """How the province's documents name a unit: its short name ("Sở Tài chính", "UBND huyện Chư Păh"), else its
    name without the province's own name ("Sở Tài chính tỉnh Gia Lai" → "Sở Tài chính")."""
    short = vn.clean(getattr(unit, "short_name", "") or "")
    if short:
        return short
    name = vn.clean(getattr(unit, "name", "") or "")
    for long, abbreviated in (("Ủy ban nhân dân", "UBND"), ("Uỷ ban nhân dân", "UBND")):
        if name.startswith(long):
            name = abbreviated + name[len(long):]
    for suffix in (" tỉnh Gia Lai",):
        if name.endswith(suffix) and not name.startswith("UBND"):
            name = name[: -len(suffix)]
    return name


# --- Subject -------------------------------------------------------------------------------------------------------

def issuer_short(issuer: str) -> str:
    """ "ỦY BAN NHÂN DÂN TỈNH GIA LAI" → "UBND tỉnh"; other bodies keep their name."""
    folded = vn.fold(issuer)
    if not folded or "uy ban nhan dan tinh" in folded or "ubnd tinh" in folded:
        return "UBND tỉnh"
    return vn.clean(issuer)


def period_words(form: ReportForm, period: Period) -> str:
    if form.period_type == PeriodType.YEAR:
        return f"năm {period.end.year}"
    label = vn.clean(period.label)
    if not label:
        return f"từ {vn.date_short(period.start)} đến {vn.date_short(period.end)}"
    return label[:1].lower() + label[1:]


def subject_for(form: ReportForm, period: Period, directive: Any) -> str:
    if directive is not None and form.period_type == PeriodType.ONCE:
        doc_type = vn.clean(directive.doc_type) or "Văn bản"
        parts = [f"Kết quả thực hiện {doc_type} số {directive.number}"]
        if directive.date:
            parts.append(f"ngày {vn.date_short(directive.date)}")
        parts.append(f"của {issuer_short(directive.issuer)}")
        subject = vn.clean(directive.subject).rstrip(".")
        if subject:
            if subject.lower().startswith("v/v"):
                subject = subject[3:].strip()
            if not subject.lower().startswith("về "):
                subject = f"về {subject}"
            parts.append(subject)
        return " ".join(parts)
    return f"Kết quả công tác thông tin, tuyên truyền cải cách hành chính {period_words(form, period)}"


# --- Narratives ----------------------------------------------------------------------------------------------------

def _section_kind(title: str) -> str:
    folded = vn.fold(title)
    if any(word in folded for word in LIMITATION_WORDS):
        return "limitation"
    if any(word in folded for word in PROPOSAL_WORDS):
        return "proposal"
    if any(word in folded for word in INITIATIVE_WORDS):
        return "initiative"
    if any(word in folded for word in NOT_QUOTED_WORDS):
        return "other"
    return "result"


def _without_own_name(text: str, names: tuple[str, ...]) -> str:
    """ "Sở Nội vụ: Đã mở chuyên mục…" → "Đã mở chuyên mục…" (the report names the unit already)."""
    head, colon, rest = text.partition(":")
    if colon and rest.strip() and len(head) <= 120:
        folded = vn.fold(head)
        if any(folded and folded in vn.fold(name) for name in names if name):
            return rest.strip()
    return text


# --- Collect -------------------------------------------------------------------------------------------------------

def collect(form: ReportForm, period: Period, *, today: date | None = None) -> Synthesis:  # noqa: C901, PLR0912, PLR0915
    """Everything the synthesis report says about ``form`` for ``period``, with the sources of every figure."""
    today = today or clock.today()
    snap = monitoring.snapshot(form, period, today)
    directive = form.directive
    request = form.report_request
    if request is None and directive is not None:
        request = directive.report_requests.order_by("deadline", "id").first()
    directives = [directive] if directive is not None else []

    # Units and received reports
    units: list[UnitStatus] = []
    received: dict[int, Submission] = {}  # submission id → submission
    unit_of_submission: dict[int, UnitStatus] = {}
    for row in snap.rows:
        submission = row.submission if row.submission is not None and row.submission.status in monitoring.RECEIVED \
            else None
        status = UnitStatus(
            unit_id=row.unit.pk, name=row.unit.name, kind_code=row.unit.kind.code, kind_name=row.unit.kind.name,
            status=row.status, status_label=row.status_label,
            submission_id=submission.pk if submission else None,
            submitted_at=submission.submitted_at.astimezone(clock.VIETNAM) if submission and submission.submitted_at
            else None,
            on_time=monitoring.submitted_on_time(submission, period) if submission else None,
            short=province_name(row.unit),
        )
        units.append(status)
        if submission is not None:
            received[submission.pk] = submission
            unit_of_submission[submission.pk] = status

    # Activities attached to the received reports (one query)
    if received:
        for submission_id, activity_id in Submission.activities.through.objects.filter(
                submission_id__in=list(received)).values_list("submission_id", "activity_id"):
            unit_of_submission[submission_id].activity_ids.append(activity_id)
    for status in units:
        status.activity_ids.sort()

    def unit_source(status: UnitStatus) -> dict[str, Any]:
        return _source(status.submission_id, status.name, status.activity_ids)

    # Indicators (one query for the form's indicators, one for the values)
    form_indicators = list(FormIndicator.objects.filter(form=form).select_related("indicator")
                           .order_by("order", "id"))
    indicators = [item.indicator for item in form_indicators]
    by_indicator: dict[int, list[UnitValue]] = defaultdict(list)
    value_type = {indicator.pk: indicator.value_type for indicator in indicators}
    if received and indicators:
        rows = IndicatorValue.objects.filter(submission_id__in=list(received), indicator_id__in=list(value_type))
        for submission_id, indicator_id, number, text, boolean in rows.values_list(
                "submission_id", "indicator_id", "number", "text", "boolean"):
            value = _value_of(value_type[indicator_id], number, text, boolean)
            if value is None:
                continue  # not reported: never zero
            status = unit_of_submission[submission_id]
            by_indicator[indicator_id].append(UnitValue(unit_id=status.unit_id, unit=status.name,
                                                        kind_code=status.kind_code, value=value,
                                                        submission_id=submission_id))
    order = {pk: submission.submitted_at for pk, submission in received.items()}
    unit_order = {status.unit_id: index for index, status in enumerate(units)}
    figures = []
    required = {item.indicator_id for item in form_indicators if item.required}
    for indicator in indicators:
        values = sorted(by_indicator.get(indicator.pk, []), key=lambda item: unit_order.get(item.unit_id, 0))
        figures.append(IndicatorFigure(
            id=indicator.pk, code=indicator.code, name=indicator.name, group=indicator.group,
            unit_of_measure=indicator.unit_of_measure, value_type=indicator.value_type,
            aggregation=indicator.aggregation,
            total=aggregate(values, indicator.value_type, indicator.aggregation, order),
            reported=len(values), not_reported=len(received) - len(values), values=values,
            sources=[unit_source(unit_of_submission[item.submission_id]) for item in values],
            required=indicator.pk in required,
        ))

    # By unit kind
    by_kind = []
    for code, kind_numbers in snap.by_kind.items():
        kind_units = [status for status in units if status.kind_code == code]
        totals = {}
        for figure in figures:
            if figure.is_numeric or figure.value_type == ValueType.BOOLEAN:
                kind_values = [item for item in figure.values if item.kind_code == code]
                totals[figure.code] = aggregate(kind_values, figure.value_type, figure.aggregation, order)
        by_kind.append(KindFigure(code=code, name=snap.kind_names[code], numbers=kind_numbers,
                                  indicator_totals=totals,
                                  sources=[unit_source(status) for status in kind_units if status.received]))

    # Activities of the period of the expected units (two queries + names)
    status_of_unit = {status.unit_id: status for status in units}
    activity_rows = list(Activity.objects.filter(unit_id__in=list(status_of_unit), date__gte=period.start,
                                                 date__lte=period.end)
                         .values_list("id", "unit_id", "channel_id", "quantity", "reach").order_by("id"))
    activity_info = {row[0]: row for row in activity_rows}
    topic_links: list[tuple[int, int]] = []
    if activity_rows:
        topic_links = list(Activity.topics.through.objects.filter(
            activity__unit_id__in=list(status_of_unit), activity__date__gte=period.start,
            activity__date__lte=period.end).values_list("activity_id", "topic_id"))
    channel_names = dict(Channel.objects.values_list("id", "name"))
    topic_names = dict(Topic.objects.values_list("id", "name"))
    channel_order = {pk: index for index, pk in enumerate(Channel.objects.values_list("id", flat=True))}
    topic_order = {pk: index for index, pk in enumerate(Topic.objects.values_list("id", flat=True))}

    def breakdown(key: int, name: str, activity_ids: list[int]) -> Breakdown:
        item = Breakdown(id=key, name=name)
        per_unit: dict[int, list[int]] = defaultdict(list)
        for activity_id in activity_ids:
            _id, unit_id, _channel, quantity, reach = activity_info[activity_id]
            item.count += 1
            item.quantity += quantity or 0
            item.reach += reach or 0
            per_unit[unit_id].append(activity_id)
        item.activity_ids = sorted(activity_ids)
        item.units = len(per_unit)
        item.sources = [_source(status_of_unit[unit_id].submission_id, status_of_unit[unit_id].name, ids)
                        for unit_id, ids in sorted(per_unit.items(), key=lambda pair: unit_order.get(pair[0], 0))]
        return item

    per_channel: dict[int, list[int]] = defaultdict(list)
    for activity_id, _unit, channel_id, _quantity, _reach in activity_rows:
        per_channel[channel_id].append(activity_id)
    per_topic: dict[int, list[int]] = defaultdict(list)
    for activity_id, topic_id in topic_links:
        if activity_id in activity_info:
            per_topic[topic_id].append(activity_id)
    channels = [breakdown(pk, channel_names.get(pk, ""), ids)
                for pk, ids in sorted(per_channel.items(), key=lambda pair: channel_order.get(pair[0], 0))]
    topics = [breakdown(pk, topic_names.get(pk, ""), ids)
              for pk, ids in sorted(per_topic.items(), key=lambda pair: topic_order.get(pair[0], 0))]
    activity_total = breakdown(0, "Tổng số", list(activity_info))

    # Narratives
    names_of = {row.unit.pk: (row.unit.name, row.unit.short_name) for row in snap.rows}
    initiatives: list[Quote] = []
    results: list[Quote] = []
    limitations: list[Quote] = []
    proposals: list[Quote] = []
    for status in units:
        if not status.received:
            continue
        submission = received[status.submission_id]
        for section, text in (submission.narrative or {}).items():
            text = _without_own_name(vn.clean(str(text or "")), names_of[status.unit_id])
            if not text:
                continue
            quote = Quote(unit=status.name, section=str(section), text=text, submission_id=submission.pk,
                          sources=[unit_source(status)])
            kind = _section_kind(str(section))
            {"limitation": limitations, "proposal": proposals, "initiative": initiatives,
             "result": results}.get(kind, []).append(quote)
    if not initiatives:  # no "Mô hình, sáng kiến" section: quote what units wrote about their results
        initiatives = results

    return Synthesis(
        form=form, period=period, today=today, directive=directive, directives=directives,
        request_text=vn.clean(request.text) if request is not None else "",
        request_deadline=(request.deadline if request is not None and request.deadline else period.deadline),
        subject=subject_for(form, period, directive), numbers=snap.total, units=units, indicators=figures,
        by_kind=by_kind, channels=channels, topics=topics, activity_total=activity_total, initiatives=initiatives,
        limitations=limitations, proposals=proposals,
    )
