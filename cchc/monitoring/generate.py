"""A generated province at scale (``cchc gen-demo``): units of every kind, forms, periods, reports, activities.

Everything it creates carries codes starting with ``gd-`` (units, forms), so it lives beside ``cchc demo`` and can be
deleted again (:func:`reset`). Writes are bulk (``bulk_create`` in batches), one transaction per form period or
per month of activities, with the audit log off; memory stays bounded by one chunk. The random generator is seeded:
the same arguments on the same clock give the same province.

Realism: most units report, more and more on time over the years; a few reports are returned or stay drafts;
some never come. Units differ in diligence. A few communes are merged mid-history into a neighbour (closed with a
successor). The latest period is still open on the clock's today, so it has not-yet-submitted units.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q

from cchc.core import clock
from cchc.lib import vn
from cchc.reports.catalogue import load_catalogue
from cchc.reports.choices import PeriodType, SubmissionEventKind, SubmissionStatus
from cchc.reports.models import (
    Activity,
    Channel,
    FormIndicator,
    Indicator,
    IndicatorValue,
    Period,
    ReportForm,
    Submission,
    SubmissionEvent,
    Topic,
)
from cchc.reports.periods import ensure_periods
from cchc.units import choices as kinds
from cchc.units.models import OrgUnit, UnitKind

PREFIX = "gd-"
MIN_UNITS = 20

DEPARTMENTS = [
    "Nội vụ", "Thông tin và Truyền thông", "Tư pháp", "Tài chính", "Kế hoạch và Đầu tư", "Xây dựng",
    "Giao thông vận tải", "Nông nghiệp và Phát triển nông thôn", "Tài nguyên và Môi trường", "Công Thương",
    "Giáo dục và Đào tạo", "Y tế", "Lao động - Thương binh và Xã hội", "Văn hóa, Thể thao và Du lịch",
    "Khoa học và Công nghệ", "Ngoại vụ", "Thanh tra tỉnh", "Văn phòng UBND tỉnh", "Ban Dân tộc",
    "Ban Quản lý các khu công nghiệp", "Dân tộc và Tôn giáo", "Ban Quản lý khu kinh tế",
]
MASS_ORGS = [
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Tỉnh đoàn", "Hội Liên hiệp Phụ nữ tỉnh", "Hội Nông dân tỉnh",
    "Hội Cựu chiến binh tỉnh", "Liên đoàn Lao động tỉnh", "Liên minh Hợp tác xã tỉnh", "Hội Chữ thập đỏ tỉnh",
]
SYLLABLES = [
    "An", "Bình", "Chư", "Đak", "Đức", "Gia", "Hòa", "Ia", "Kbang", "Kông", "La", "Long", "Mang", "Nhơn", "Phú",
    "Quang", "Sơn", "Tân", "Thạnh", "Trà", "Vĩnh", "Yên", "Pơ", "Krông", "Đông", "Tây", "Nam", "Bắc", "Hưng",
    "Lộc", "Thuận", "Phước", "Mỹ", "Hiệp", "Lạc", "Thành", "Xuân", "Thọ", "Khánh", "Minh",
]
ACTIVITY_VERBS = ["Tuyên truyền về", "Đăng tin về", "Phổ biến", "Tổ chức hội nghị về", "Phát sóng chuyên mục",
                  "Phát hành tài liệu về", "Giới thiệu"]

# (code, name, period type, deadline working days, expected kind codes, number of indicators)
FORMS = [
    ("gd-thang", "Báo cáo tháng công tác thông tin, tuyên truyền CCHC (dữ liệu sinh)", PeriodType.MONTH, 2,
     (kinds.DEPARTMENT, kinds.DISTRICT, kinds.COMMUNE), 4),
    ("gd-quy", "Báo cáo quý công tác thông tin, tuyên truyền CCHC (dữ liệu sinh)", PeriodType.QUARTER, 3,
     (kinds.DEPARTMENT, kinds.DISTRICT, kinds.COMMUNE, kinds.MASS_ORG, kinds.PRESS, kinds.BROADCASTER, kinds.PORTAL,
      kinds.SERVICE_CENTRE, kinds.POST), 6),
    ("gd-nam", "Báo cáo năm công tác thông tin, tuyên truyền CCHC (dữ liệu sinh)", PeriodType.YEAR, 5,
     (kinds.DEPARTMENT, kinds.DISTRICT, kinds.COMMUNE, kinds.MASS_ORG, kinds.PRESS, kinds.BROADCASTER, kinds.PORTAL,
      kinds.SERVICE_CENTRE, kinds.POST), 8),
]


class AlreadyGenerated(Exception):
    """gen-demo data exists already (use ``reset``)."""


@dataclass
class Counts:
    units: int = 0
    merges: int = 0
    forms: int = 0
    periods: int = 0
    submissions: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    missing: int = 0
    values: int = 0
    events: int = 0
    activities: int = 0
    activity_topics: int = 0
    elapsed: float = 0.0

    def lines(self) -> list[str]:
        statuses = ", ".join(f"{status} {count}" for status, count in sorted(self.by_status.items()))
        return [
            f"Đơn vị: {self.units} (trong đó {self.merges} xã đã sáp nhập)",
            f"Biểu mẫu: {self.forms}, kỳ báo cáo: {self.periods}",
            f"Báo cáo: {self.submissions} ({statuses}); không nộp: {self.missing}",
            f"Giá trị chỉ tiêu: {self.values}, sự kiện báo cáo: {self.events}",
            f"Hoạt động: {self.activities} (chủ đề gắn: {self.activity_topics})",
            f"Thời gian: {self.elapsed:.1f} s",
        ]


@dataclass
class GenUnit:
    pk: int
    kind: str
    valid_to: date | None
    diligence: float  # added to the unit's rates
    size: float  # scales its figures


@contextmanager
def _no_audit() -> Iterator[None]:
    try:
        from auditlog.context import disable_auditlog
    except ImportError:  # older auditlog: nothing to disable cheaply
        yield
        return
    with disable_auditlog():
        yield


def exists() -> bool:
    return (OrgUnit.objects.filter(code__startswith=PREFIX).exists()
            or ReportForm.objects.filter(code__startswith=PREFIX).exists())


def _raw_delete(qs: Any) -> int:
    return qs._raw_delete(qs.db)  # noqa: SLF001 - a bulk DELETE without loading rows


def reset() -> None:
    """Delete everything gen-demo created (rows of gd- forms and gd- units), with bulk DELETEs.

    Rows other parts of the application attached to gd- units or forms since (tasks, generated reports …) are not
    looked for: the database's foreign keys then refuse the reset."""
    from cchc.accounts.models import User
    from cchc.units.models import UnitAlias

    with transaction.atomic(), _no_audit():
        form_ids = list(ReportForm.objects.filter(code__startswith=PREFIX).values_list("id", flat=True))
        unit_ids = list(OrgUnit.objects.filter(code__startswith=PREFIX).values_list("id", flat=True))
        submissions = Submission.objects.filter(Q(form_id__in=form_ids) | Q(unit_id__in=unit_ids)).values("id")
        _raw_delete(IndicatorValue.objects.filter(submission_id__in=submissions))
        _raw_delete(SubmissionEvent.objects.filter(submission_id__in=submissions))
        _raw_delete(Submission.activities.through.objects.filter(submission_id__in=submissions))
        _raw_delete(Submission.objects.filter(Q(form_id__in=form_ids) | Q(unit_id__in=unit_ids)))
        activities = Activity.objects.filter(unit_id__in=unit_ids).values("id")
        _raw_delete(Activity.topics.through.objects.filter(activity_id__in=activities))
        _raw_delete(Submission.activities.through.objects.filter(activity_id__in=activities))
        _raw_delete(Activity.objects.filter(unit_id__in=unit_ids))
        _raw_delete(Period.objects.filter(form_id__in=form_ids))
        _raw_delete(FormIndicator.objects.filter(form_id__in=form_ids))
        _raw_delete(ReportForm.expected_kinds.through.objects.filter(reportform_id__in=form_ids))
        _raw_delete(ReportForm.expected_units.through.objects.filter(
            Q(reportform_id__in=form_ids) | Q(orgunit_id__in=unit_ids)))
        _raw_delete(ReportForm.objects.filter(id__in=form_ids))
        _raw_delete(OrgUnit.successors.through.objects.filter(
            Q(from_orgunit_id__in=unit_ids) | Q(to_orgunit_id__in=unit_ids)))
        _raw_delete(User.units.through.objects.filter(orgunit_id__in=unit_ids))
        _raw_delete(UnitAlias.objects.filter(unit_id__in=unit_ids))
        OrgUnit.objects.filter(id__in=unit_ids).update(parent=None)
        _raw_delete(OrgUnit.objects.filter(id__in=unit_ids))


def _names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    names = []
    while len(names) < count:
        name = f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
        if len(taken) > len(SYLLABLES) ** 2 // 2:  # many names: number them
            name = f"{name} {len(taken) + 1}"
        if name not in taken and name.split()[0] != name.split()[1]:
            taken.add(name)
            names.append(name)
    return names


def plan_units(n: int) -> dict[str, int]:
    """How many units of each kind ``n`` units make."""
    plan = {kinds.PROVINCE: 1, kinds.DEPARTMENT: min(20, max(2, n // 25)), kinds.DISTRICT: max(5, n // 60),
            kinds.MASS_ORG: min(6, max(1, n // 100)), kinds.PRESS: 2 if n >= 200 else 1, kinds.BROADCASTER: 1,
            kinds.PORTAL: 1, kinds.SERVICE_CENTRE: 1, kinds.POST: 1}
    plan[kinds.COMMUNE] = n - sum(plan.values())
    return plan


class Generator:
    def __init__(self, *, units: int, years: int, seed: int = 2026, batch_size: int = 2000,
                 progress: bool = True, log: Callable[[str], None] = lambda line: None) -> None:
        if units < MIN_UNITS:
            raise ValueError(f"Cần ít nhất {MIN_UNITS} đơn vị.")
        if years < 1:
            raise ValueError("Cần ít nhất 1 năm.")
        self.n, self.years, self.batch, self.progress, self.log = units, years, batch_size, progress, log
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
        self.today = clock.today()
        self.now = clock.now()
        start = self.today.replace(day=1)  # Y years of periods ending today: from the same month Y years ago
        self.first_day = start.replace(year=start.year - years)
        self.counts = Counts()
        self.units: list[GenUnit] = []

    # -- units ---------------------------------------------------------------------------------------------------
    def make_units(self) -> None:
        rng = self.rng
        kind_ids = dict(UnitKind.objects.values_list("code", "id"))
        plan = plan_units(self.n)
        rows: list[tuple[str, str, str, str | None]] = []  # code, kind, name, parent code
        province = "gd-tinh"
        rows.append((province, kinds.PROVINCE, "Ủy ban nhân dân tỉnh Mẫu", None))
        for i in range(plan[kinds.DEPARTMENT]):
            base = DEPARTMENTS[i % len(DEPARTMENTS)]
            name = base if base.startswith(("Ban", "Văn phòng", "Thanh tra")) else f"Sở {base}"
            rows.append((f"gd-so-{i + 1}", kinds.DEPARTMENT, name + (f" {i + 1}" if i >= len(DEPARTMENTS) else ""),
                         province))
        taken: set[str] = set()
        district_codes = []
        for i, name in enumerate(_names(rng, plan[kinds.DISTRICT], taken)):
            code = f"gd-huyen-{i + 1}"
            district_codes.append(code)
            prefix = "thành phố" if i == 0 else ("thị xã" if i % 7 == 3 else "huyện")
            rows.append((code, kinds.DISTRICT, f"Ủy ban nhân dân {prefix} {name}", province))
        for i, name in enumerate(_names(rng, plan[kinds.COMMUNE], taken)):
            prefix = rng.choices(["xã", "phường", "thị trấn"], [8, 2, 1])[0]
            rows.append((f"gd-xa-{i + 1}", kinds.COMMUNE, f"Ủy ban nhân dân {prefix} {name}",
                         district_codes[i % len(district_codes)]))
        for i in range(plan[kinds.MASS_ORG]):
            base = MASS_ORGS[i % len(MASS_ORGS)]
            rows.append((f"gd-doanthe-{i + 1}", kinds.MASS_ORG, base + (f" {i + 1}" if i >= len(MASS_ORGS) else ""),
                         province))
        for i in range(plan[kinds.PRESS]):
            rows.append((f"gd-bao-{i + 1}", kinds.PRESS, ["Báo Mẫu", "Tạp chí Văn nghệ Mẫu"][i % 2]
                         + (f" {i + 1}" if i >= 2 else ""), province))
        rows.append(("gd-dai", kinds.BROADCASTER, "Đài Phát thanh - Truyền hình tỉnh Mẫu", province))
        rows.append(("gd-cong", kinds.PORTAL, "Cổng Thông tin điện tử tỉnh Mẫu", province))
        rows.append(("gd-tthcc", kinds.SERVICE_CENTRE, "Trung tâm Phục vụ hành chính công tỉnh Mẫu", province))
        rows.append(("gd-buudien", kinds.POST, "Bưu điện tỉnh Mẫu", province))

        # A few communes merged into a neighbour of the same district, on a day inside the history.
        communes = [row for row in rows if row[1] == kinds.COMMUNE]
        merge_count = min(max(2, len(communes) // 50), len(communes) // 3)
        merged = rng.sample(communes, merge_count)
        merged_codes = {row[0] for row in merged}
        span = (self.today - self.first_day).days
        closing: dict[str, date] = {}
        successor: dict[str, str] = {}
        for code, _kind, _name, parent in merged:
            closing[code] = self.first_day + timedelta(days=rng.randint(span // 4, span * 3 // 4))
            neighbours = [row[0] for row in communes if row[3] == parent and row[0] not in merged_codes]
            successor[code] = rng.choice(neighbours or [row[0] for row in communes if row[0] not in merged_codes])

        ids: dict[str, int] = {}
        with transaction.atomic():
            for level in (0, 1, 2):  # province, then its children, then communes (parents need ids)
                objs = []
                for code, kind, name, parent in rows:
                    if (parent is None) != (level == 0) or (level == 1 and kind == kinds.COMMUNE) or (
                            level == 2 and kind != kinds.COMMUNE):
                        continue
                    short = name.replace("Ủy ban nhân dân", "UBND")
                    objs.append(OrgUnit(
                        code=code, name=name, short_name=short, kind_id=kind_ids[kind],
                        parent_id=ids.get(parent) if parent else None, valid_to=closing.get(code),
                        emails=f"{code}@tinhmau.example", sort_name=vn.sort_key(name),
                        search_text=" ".join(vn.fold(part) for part in (code, name, short)),
                    ))
                for obj in OrgUnit.objects.bulk_create(objs, batch_size=self.batch):
                    ids[obj.code] = obj.pk
            Through = OrgUnit.successors.through  # noqa: N806 - a model class
            Through.objects.bulk_create([Through(from_orgunit_id=ids[source], to_orgunit_id=ids[target])
                                         for source, target in successor.items()])
        for code, kind, _name, _parent in rows:
            size = {kinds.COMMUNE: 1.0, kinds.DISTRICT: 4.0, kinds.DEPARTMENT: 2.5, kinds.PROVINCE: 6.0}.get(kind, 2.0)
            self.units.append(GenUnit(pk=ids[code], kind=kind, valid_to=closing.get(code),
                                      diligence=max(-0.25, min(0.08, rng.gauss(0, 0.07))),
                                      size=size * rng.uniform(0.5, 1.6)))
        self.counts.units = len(rows)
        self.counts.merges = len(merged)

    # -- forms and periods ---------------------------------------------------------------------------------------
    def make_forms(self) -> list[tuple[ReportForm, list[Period], list[Indicator]]]:
        load_catalogue()
        numeric = list(Indicator.objects.filter(is_active=True, value_type__in=["integer", "percent"])
                       .order_by("order", "code"))
        kind_ids = dict(UnitKind.objects.values_list("code", "id"))
        result = []
        for code, name, period_type, deadline_days, expected, n_indicators in FORMS:
            with transaction.atomic():
                form = ReportForm.objects.create(
                    code=code, name=name, period_type=period_type, deadline_days=deadline_days,
                    start_date=self.first_day, sections=["Kết quả nổi bật", "Tồn tại, hạn chế", "Kiến nghị"])
                indicators = numeric[:n_indicators]
                FormIndicator.objects.bulk_create([FormIndicator(form=form, indicator=indicator, order=i,
                                                                 required=i < 2)
                                                   for i, indicator in enumerate(indicators)])
                form.expected_kinds.set([kind_ids[kind] for kind in expected])
                periods = ensure_periods(form, until=self.today)
            result.append((form, periods, indicators))
            self.counts.forms += 1
            self.counts.periods += len(periods)
        return result

    # -- submissions ---------------------------------------------------------------------------------------------
    def _progress_share(self, day: date) -> float:
        span = max(1, (self.today - self.first_day).days)
        return min(1.0, max(0.0, (day - self.first_day).days / span))

    def _moment(self, day: date) -> datetime:
        """A moment of office hours on ``day`` in Vietnam."""
        return clock.start_of(day) + timedelta(minutes=self.rng.randint(7 * 60 + 30, 17 * 60 + 30))

    def make_period(self, form: ReportForm, period: Period, indicators: list[Indicator],
                    expected_kinds: frozenset[str]) -> None:
        rng, now = self.rng, self.now
        t = self._progress_share(period.end)
        months = {PeriodType.MONTH: 1, PeriodType.QUARTER: 3, PeriodType.YEAR: 12}.get(form.period_type, 1)
        subs: list[Submission] = []
        for unit in self.units:
            if unit.kind not in expected_kinds or (unit.valid_to is not None and unit.valid_to < period.start):
                continue
            receive = min(0.995, max(0.3, 0.74 + 0.22 * t + unit.diligence))
            on_time_share = min(0.99, max(0.2, 0.55 + 0.38 * t + unit.diligence * 2))
            r = rng.random()
            status = None
            first = submitted = approved = None
            reason = ""
            if r < receive + 0.03:
                if rng.random() < on_time_share:
                    day = period.end + timedelta(days=rng.randint(0, max(0, (period.deadline - period.end).days)))
                else:
                    day = period.deadline + timedelta(days=min(40, int(rng.expovariate(1 / 7)) + 1))
                submitted = self._moment(day)
                if submitted > now:  # not yet: a draft in progress, or nothing yet
                    status = SubmissionStatus.DRAFT if rng.random() < 0.4 else None
                    submitted = None
                elif r >= receive:  # returned, not yet resubmitted
                    status, first, reason = SubmissionStatus.RETURNED, submitted, "Số liệu chưa khớp, đề nghị rà soát."
                else:
                    first = submitted
                    if rng.random() < 0.05:  # returned once then resubmitted
                        resubmitted = submitted + timedelta(days=rng.randint(2, 10))
                        if resubmitted <= now:
                            submitted = resubmitted
                    status = SubmissionStatus.SUBMITTED
                    if (now - submitted).days > 10 and rng.random() < 0.9:
                        status, approved = SubmissionStatus.APPROVED, submitted + timedelta(days=rng.randint(1, 9))
            elif r < receive + 0.06:
                status = SubmissionStatus.DRAFT
            if status is None:
                self.counts.missing += 1
                continue
            subs.append(Submission(form_id=form.pk, period_id=period.pk, unit_id=unit.pk, status=status,
                                   first_submitted_at=first, submitted_at=submitted, approved_at=approved,
                                   returned_reason=reason,
                                   narrative={"Kết quả nổi bật": "Đã triển khai đầy đủ kế hoạch tuyên truyền."}
                                   if first else {}))
            subs[-1]._gen = unit  # type: ignore[attr-defined]
        with transaction.atomic():
            Submission.objects.bulk_create(subs, batch_size=self.batch)
            values: list[IndicatorValue] = []
            events: list[SubmissionEvent] = []
            for sub in subs:
                self.counts.by_status[sub.status] = self.counts.by_status.get(sub.status, 0) + 1
                if sub.first_submitted_at is None:
                    continue
                unit = sub._gen  # type: ignore[attr-defined]
                events.append(SubmissionEvent(submission_id=sub.pk, kind=SubmissionEventKind.SUBMIT,
                                              at=sub.first_submitted_at))
                if sub.status == SubmissionStatus.RETURNED or sub.submitted_at != sub.first_submitted_at:
                    events.append(SubmissionEvent(submission_id=sub.pk, kind=SubmissionEventKind.RETURN,
                                                  at=sub.first_submitted_at + timedelta(days=1),
                                                  reason="Số liệu chưa khớp, đề nghị rà soát."))
                if sub.submitted_at != sub.first_submitted_at:
                    events.append(SubmissionEvent(submission_id=sub.pk, kind=SubmissionEventKind.RESUBMIT,
                                                  at=sub.submitted_at))
                if sub.approved_at:
                    events.append(SubmissionEvent(submission_id=sub.pk, kind=SubmissionEventKind.APPROVE,
                                                  at=sub.approved_at))
                for indicator in indicators:
                    if indicator.value_type == "percent":
                        number = Decimal(min(100, max(0, round(35 + 55 * t + rng.gauss(0, 8)))))
                    else:
                        number = Decimal(max(0, round(unit.size * months * (1 + t) * rng.uniform(1, 8))))
                    values.append(IndicatorValue(submission_id=sub.pk, indicator_id=indicator.pk, number=number))
            IndicatorValue.objects.bulk_create(values, batch_size=self.batch)
            SubmissionEvent.objects.bulk_create(events, batch_size=self.batch)
        self.counts.submissions += len(subs)
        self.counts.values += len(values)
        self.counts.events += len(events)

    # -- activities ----------------------------------------------------------------------------------------------
    def months(self) -> list[tuple[date, date]]:
        result = []
        day = self.first_day
        while day <= self.today:
            nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
            result.append((day, min(self.today, nxt - timedelta(days=1))))
            day = nxt
        return result

    def make_month(self, start: date, end: date, channels: list[Channel], topics: list[Topic]) -> None:
        rng = self.rng
        t = self._progress_share(start)
        preferred = {kinds.PRESS: "press", kinds.BROADCASTER: "tv", kinds.PORTAL: "portal",
                     kinds.COMMUNE: "loudspeaker", kinds.SERVICE_CENTRE: "receipt", kinds.POST: "receipt"}
        by_code = {channel.code: channel for channel in channels}
        activities: list[Activity] = []
        chosen_topics: list[list[int]] = []
        days = (end - start).days
        for unit in self.units:
            if unit.valid_to is not None and unit.valid_to < start:
                continue
            count = min(8, int(rng.expovariate(1 / (1.6 + 1.6 * t + unit.diligence * 4)) + 0.5))
            for _ in range(count):
                channel = (by_code.get(preferred.get(unit.kind, ""))
                           if rng.random() < 0.5 and unit.kind in preferred else None) or rng.choice(channels)
                picked = rng.sample(topics, rng.choice((1, 1, 2)))
                title = f"{rng.choice(ACTIVITY_VERBS)} {picked[0].name.lower()} tháng {start.month}/{start.year}"
                activities.append(Activity(
                    unit_id=unit.pk, date=start + timedelta(days=rng.randint(0, days)), channel_id=channel.pk,
                    title=title, search_text=vn.fold(title), quantity=rng.randint(1, 20),
                    quantity_unit="tin, bài", reach=rng.randint(50, 5000) if rng.random() < 0.6 else None))
                chosen_topics.append([topic.pk for topic in picked])
        Through = Activity.topics.through  # noqa: N806 - a model class
        with transaction.atomic():
            Activity.objects.bulk_create(activities, batch_size=self.batch)
            links = [Through(activity_id=activity.pk, topic_id=topic_id)
                     for activity, topic_ids in zip(activities, chosen_topics, strict=True) for topic_id in topic_ids]
            Through.objects.bulk_create(links, batch_size=self.batch)
        self.counts.activities += len(activities)
        self.counts.activity_topics += len(links)

    # -- all -----------------------------------------------------------------------------------------------------
    def run(self) -> Counts:
        from tqdm import tqdm

        started = time.monotonic()
        with _no_audit():
            self.make_units()
            forms = self.make_forms()
            months = self.months()
            channels = list(Channel.objects.filter(is_active=True))
            topics = list(Topic.objects.filter(is_active=True))
            total = sum(len(periods) for _form, periods, _indicators in forms) + len(months)
            with tqdm(total=total, desc="gen-demo", unit="kỳ", disable=not self.progress, leave=False) as bar:
                for form, periods, indicators in forms:
                    expected = frozenset(next(spec[4] for spec in FORMS if spec[0] == form.code))
                    for period in periods:
                        self.make_period(form, period, indicators, expected)
                        bar.update()
                for start, end in months:
                    self.make_month(start, end, channels, topics)
                    bar.update()
        self.counts.elapsed = time.monotonic() - started
        return self.counts


def generate(*, units: int, years: int, reset_first: bool = False, seed: int = 2026, batch_size: int = 2000,
             progress: bool = True) -> Counts:
    """Generate the province; refuse (:class:`AlreadyGenerated`) when gd- data exists unless ``reset_first``."""
    if exists():
        if not reset_first:
            raise AlreadyGenerated
        reset()
    return Generator(units=units, years=years, seed=seed, batch_size=batch_size, progress=progress).run()
