"""Monitoring pages (coordinators, administrators and leaders; officers get 403): the overview of a form and period
(numbers, numbers per unit kind, units with their status, charts, "Đôn đốc", XLSX), the drill-down to the units
behind a figure, one unit's page, and what the role home pages show.

Views are thin: numbers come from ``numbers.snapshot`` (a fixed number of queries whatever the number of units),
trends and activity breakdowns from ``trends``; the charts are inline SVG drawn here (no JavaScript, no CDN).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from cchc.core import clock
from cchc.core.choices import Role
from cchc.core.permissions import role_of
from cchc.lib import vn
from cchc.reports.models import Activity, IndicatorValue, Period, ReportForm
from cchc.reports.submissions import soonest_form
from cchc.units.models import OrgUnit

from . import exports
from .numbers import (
    APPROVED,
    LATE,
    NOT_SUBMITTED,
    ON_TIME,
    OVERDUE,
    RECEIVED,
    RETURNED,
    STATUS_LABELS,
    Numbers,
    Snapshot,
    UnitRow,
    latest_period,
    snapshot,
    submitted_on_time,
)
from .trends import activity_breakdown, trend

VIEWERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEADER})
REMINDERS = frozenset({Role.ADMIN, Role.COORDINATOR})
STATUS_CSS = {
    NOT_SUBMITTED: "text-bg-light border",
    ON_TIME: "text-bg-success",
    LATE: "text-bg-warning",
    OVERDUE: "text-bg-danger",
    RETURNED: "text-bg-secondary",
    APPROVED: "text-bg-primary",
}
STATUS_ORDER = [NOT_SUBMITTED, ON_TIME, LATE, OVERDUE, RETURNED, APPROVED]
OWING = frozenset({NOT_SUBMITTED, OVERDUE, RETURNED})  # what "Đôn đốc" reminds
# The figures a drill-down can ask for, beside the unit statuses themselves.
FIGURES = {
    "expected": gettext_lazy("Expected"),
    "submitted": gettext_lazy("Submitted"),
    "on_time": gettext_lazy("On time"),
    "late": gettext_lazy("Late"),
    "overdue": gettext_lazy("Overdue"),
}
TREND_LIMIT = 120
WAITING_DAYS = 14  # the home page lists the units that have not sent a report due within this many days
RECENT_DAYS = 30  # a period whose deadline passed less than this long ago is still "in progress" on the home page


def _require_viewer(user: Any) -> None:
    if role_of(user) not in VIEWERS:
        raise PermissionDenied


def can_remind(user: Any) -> bool:
    return role_of(user) in REMINDERS


# --- Selection of a form and a period ---------------------------------------------------------------------------

@dataclass
class Selection:
    forms: list[ReportForm]
    form: ReportForm | None
    periods: list[Period]
    period: Period | None

    def query(self, **extra: Any) -> str:
        params = {"form": self.form.pk if self.form else "", "period": self.period.pk if self.period else ""}
        params.update(extra)
        return urlencode({key: value for key, value in params.items() if value not in (None, "")})


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def select(params: Any, today: date, *, strict: bool = True) -> Selection:
    """The form and period asked for (``form``, ``period``), by default the latest started period of the first
    active form. An unknown form is a 404, and so is a period of another form unless not ``strict`` (the overview's
    selector, where changing the form keeps the old period: the new form's default period is taken)."""
    forms = list(ReportForm.objects.order_by("-is_active", "name"))
    form_id = _int(params.get("form"))
    if params.get("form") and form_id is None:
        raise Http404
    if form_id is not None:
        form = next((candidate for candidate in forms if candidate.pk == form_id), None)
        if form is None:
            raise Http404
    else:
        form = soonest_form(forms, today)
    if form is None:
        return Selection(forms, None, [], None)
    periods = list(form.periods.order_by("start"))
    period_id = _int(params.get("period"))
    period: Period | None = None
    if params.get("period") and period_id is None:
        raise Http404
    if period_id is not None:
        period = next((candidate for candidate in periods if candidate.pk == period_id), None)
        if period is None and strict:
            raise Http404
    if period_id is None or period is None:
        started = [candidate for candidate in periods if candidate.start <= today]
        still_open = [candidate for candidate in started if candidate.deadline >= today]
        if still_open:  # the campaign at hand: the open period due soonest
            period = min(still_open, key=lambda candidate: candidate.deadline)
        else:
            period = started[-1] if started else (periods[0] if periods else None)
    return Selection(forms, form, periods, period)


def matches(row: UnitRow, key: str, period: Period) -> bool:
    """Whether a unit row is behind a figure (expected, submitted, on_time, late, overdue) or has a status."""
    received = row.submission is not None and row.submission.status in RECEIVED
    if key in ("", "expected"):
        return True
    if key == "submitted":
        return received
    if key == ON_TIME:
        return received and submitted_on_time(row.submission, period)  # type: ignore[arg-type]
    if key == LATE:
        return received and not submitted_on_time(row.submission, period)  # type: ignore[arg-type]
    return row.status == key


def _filtered_rows(snap: Snapshot, *, kind: str, status: str, exact: bool) -> list[UnitRow]:
    for row in snap.rows:
        row.css = STATUS_CSS[row.status]  # type: ignore[attr-defined]
    rows = [row for row in snap.rows if not kind or row.unit.kind.code == kind]
    if status:
        if exact:
            rows = [row for row in rows if row.status == status]
        else:
            rows = [row for row in rows if matches(row, status, snap.period)]
    return rows


def _filters_text(snap: Snapshot, kind: str, status: str) -> str:
    parts = []
    if kind and kind in snap.kind_names:
        parts.append(f"{_('Unit kind')}: {snap.kind_names[kind]}")
    if status:
        parts.append(f"{_('Status')}: {STATUS_LABELS.get(status) or FIGURES.get(status, status)}")
    return "; ".join(parts)


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _file_name(snap: Snapshot, what: str) -> str:
    return f"theo-doi-{what}-{snap.form.code}-{snap.period.key}".replace("/", "-")


# --- Charts (inline SVG) ------------------------------------------------------------------------------------------

COLOURS = {"completeness": "#0d6efd", "timeliness": "#198754", "count": "#6f42c1"}


def _svg(width: int, height: int, label: str, body: list[str], testid: str) -> SafeString:
    """An SVG chart drawn at its own size (never enlarged; narrower screens scroll it inside its box, so that
    its labels stay readable)."""
    return mark_safe(  # noqa: S308 - every text below went through escape()
        f'<div class="chart-box"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width: {width}px; min-width: {min(width, 520)}px" role="img" '
        f'aria-label="{escape(label)}" data-testid="{testid}" class="monitoring-chart">'
        f"<title>{escape(label)}</title>{''.join(body)}</svg></div>")


def _legend(x: int, y: int) -> list[str]:
    parts = []
    for offset, (key, text) in enumerate((("completeness", _("Completeness")), ("timeliness", _("Timeliness")))):
        left = x + offset * 150
        parts.append(f'<rect x="{left}" y="{y - 10}" width="12" height="12" fill="{COLOURS[key]}"/>'
                     f'<text x="{left + 18}" y="{y}" font-size="12">{escape(text)}</text>')
    return parts


def _y_axis(left: int, top: int, plot_height: int, right: int) -> list[str]:
    parts = []
    for step in range(0, 101, 25):
        y = top + plot_height - plot_height * step / 100
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#dee2e6"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{step}%</text>')
    return parts


def bar_chart(items: list[tuple[str, Numbers]], label: str) -> SafeString:
    """Completeness and timeliness (two horizontal bars with their value) for each item (a unit kind): the names
    on the left in full size, whatever the number of kinds."""
    left, top, bar_width, row_height = 215, 30, 320, 40
    width = left + bar_width + 70
    height = top + row_height * max(len(items), 1) + 10
    body = _legend(left, 16)
    for index, (name, numbers) in enumerate(items):
        y = top + index * row_height
        short = name if len(name) <= 24 else name[:23] + "…"
        body.append(f'<text x="{left - 8}" y="{y + 20}" font-size="13" text-anchor="end">'
                    f"<title>{escape(name)}</title>{escape(short)}</text>")
        for offset, key in enumerate(("completeness", "timeliness")):
            share = getattr(numbers, key)
            bar = bar_width * (share or 0)
            value = vn.format_percent(share) or "—"
            text = _("%(name)s — %(what)s: %(value)s") % {
                "name": name, "what": _("Completeness") if key == "completeness" else _("Timeliness"),
                "value": value}
            top_of_bar = y + 4 + offset * 16
            body.append(f'<rect x="{left}" y="{top_of_bar}" width="{bar:.1f}" height="14" '
                        f'fill="{COLOURS[key]}"><title>{escape(text)}</title></rect>'
                        f'<text x="{left + bar + 6:.1f}" y="{top_of_bar + 12}" font-size="12">{escape(value)}</text>')
    return _svg(width, height, label, body, "chart-kinds")


def line_chart(points: list[tuple[Period, Numbers]], label: str) -> SafeString:
    """Completeness and timeliness per period, oldest → latest."""
    left, top, plot_height = 48, 30, 180
    step = 56 if len(points) <= 24 else max(8, 1344 // max(len(points), 1))
    width = max(360, left + step * max(len(points) - 1, 1) + 40)
    height = top + plot_height + 50
    body = _legend(left, 16) + _y_axis(left, top, plot_height, width - 10)
    label_every = max(1, len(points) // 12)
    for key in ("completeness", "timeliness"):
        coordinates = []
        for index, (period, numbers) in enumerate(points):
            share = getattr(numbers, key)
            if share is None:
                continue
            x = left + 20 + index * step
            y = top + plot_height - plot_height * share
            coordinates.append(f"{x:.1f},{y:.1f}")
            text = _("%(period)s — %(what)s: %(value)s") % {
                "period": period.label, "what": _("Completeness") if key == "completeness" else _("Timeliness"),
                "value": vn.format_percent(share)}
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{COLOURS[key]}">'
                        f"<title>{escape(text)}</title></circle>")
        if len(coordinates) > 1:
            body.insert(0, f'<polyline points="{" ".join(coordinates)}" fill="none" stroke="{COLOURS[key]}" '
                           f'stroke-width="2"/>')
    for index, (period, _numbers) in enumerate(points):
        if index % label_every == 0 or index == len(points) - 1:
            short = period.label if len(period.label) <= 14 else period.label[:13] + "…"
            body.append(f'<text x="{left + 20 + index * step}" y="{top + plot_height + 16}" font-size="11" '
                        f'text-anchor="middle"><title>{escape(period.label)}</title>{escape(short)}</text>')
    return _svg(width, height, label, body, "chart-trend")


def hbar_chart(rows: list[Any], label: str, testid: str) -> SafeString:
    """Horizontal bars: the number of activities per channel or topic (quantity in the tooltip)."""
    left, bar_height, gap = 170, 18, 8
    width = 560
    height = max(40, 10 + len(rows) * (bar_height + gap))
    largest = max((row.count for row in rows), default=0) or 1
    body = []
    for index, row in enumerate(rows):
        y = 6 + index * (bar_height + gap)
        length = (width - left - 60) * row.count / largest
        text = _("%(name)s: %(count)s activities, quantity %(quantity)s") % {
            "name": row.name, "count": vn.format_number(row.count), "quantity": vn.format_number(row.quantity)}
        short = row.name if len(row.name) <= 26 else row.name[:25] + "…"
        body.append(f'<text x="{left - 6}" y="{y + 13}" font-size="11" text-anchor="end">{escape(short)}</text>'
                    f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar_height}" fill="{COLOURS["count"]}">'
                    f"<title>{escape(text)}</title></rect>"
                    f'<text x="{left + length + 6:.1f}" y="{y + 13}" font-size="11">'
                    f"{escape(vn.format_number(row.count))}</text>")
    return _svg(width, height, label, body, testid)


# --- Pages --------------------------------------------------------------------------------------------------------

def _kind_rows(snap: Snapshot) -> list[tuple[str, str, Numbers]]:
    return [(code, snap.kind_names[code], numbers) for code, numbers in snap.by_kind.items()]


@login_required
def trend_chart(request: HttpRequest) -> HttpResponse:
    """The trend across periods, as an SVG fragment the overview loads after the page (it reads every period)."""
    _require_viewer(request.user)
    today = clock.today()
    selection = select(request.GET, today, strict=True)
    if selection.form is None or selection.period is None:
        return HttpResponse("—")
    points = trend(selection.form, until=max(today, selection.period.start), limit=TREND_LIMIT, today=today)
    if not points:
        return HttpResponse("—")
    return HttpResponse(line_chart(points, _("Completeness and timeliness across periods")))


UNITS_PER_PAGE = 100  # a province of a thousand units must not render a thousand rows at once


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    _require_viewer(request.user)
    today = clock.today()
    selection = select(request.GET, today, strict=False)
    context: dict[str, Any] = {"selection": selection, "today": today, "can_remind": can_remind(request.user)}
    if selection.form is None or selection.period is None:
        return render(request, "monitoring/overview.html", context)
    snap = snapshot(selection.form, selection.period, today)
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    if status not in STATUS_LABELS:
        status = ""
    rows = _filtered_rows(snap, kind=kind, status=status, exact=True)
    export = request.GET.get("export")
    if export == "units":
        return _xlsx(exports.write_units_xlsx(snap, rows, filters=_filters_text(snap, kind, status)),
                     _file_name(snap, "don-vi"))
    if export == "kinds":
        return _xlsx(exports.write_kinds_xlsx(snap), _file_name(snap, "loai-don-vi"))
    breakdown = activity_breakdown([row.unit.pk for row in snap.rows], selection.period.start, selection.period.end)
    kind_rows = _kind_rows(snap)
    page_obj = Paginator(rows, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    context.update({
        "snap": snap, "rows": page_obj.object_list, "page_obj": page_obj, "rows_count": len(rows), "kind": kind,
        "status": status, "kind_rows": kind_rows,
        "statuses": [(key, STATUS_LABELS[key]) for key in STATUS_ORDER], "status_css": STATUS_CSS,
        "owing_count": sum(1 for row in snap.rows if row.status in OWING),
        "figures": _figures(snap.total),
        "kinds_chart": bar_chart([(name, numbers) for _code, name, numbers in kind_rows],
                                 _("Completeness and timeliness by unit kind")),
        "breakdown": breakdown,
        "channels_chart": hbar_chart(breakdown.channels, _("Activities by channel"), "chart-channels"),
        "topics_chart": hbar_chart(breakdown.topics, _("Activities by topic"), "chart-topics"),
    })
    return render(request, "monitoring/overview.html", context)


def _figures(numbers: Numbers) -> list[tuple[str, str, int]]:
    return [(key, str(label), getattr(numbers, key)) for key, label in FIGURES.items()]


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    """The units behind a figure: ``?form=&period=&status=&kind=``."""
    _require_viewer(request.user)
    today = clock.today()
    selection = select(request.GET, today)
    if selection.form is None or selection.period is None:
        raise Http404
    snap = snapshot(selection.form, selection.period, today)
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    if status not in STATUS_LABELS and status not in FIGURES:
        status = ""
    rows = _filtered_rows(snap, kind=kind, status=status, exact=False)
    if request.GET.get("export") == "units":
        return _xlsx(exports.write_units_xlsx(snap, rows, filters=_filters_text(snap, kind, status)),
                     _file_name(snap, "don-vi"))
    period = selection.period
    activities_query = urlencode({"date_from": period.start.isoformat(), "date_to": period.end.isoformat()})
    return render(request, "monitoring/unit_list.html", {
        "selection": selection, "snap": snap, "rows": rows, "kind": kind, "status": status,
        "status_label": STATUS_LABELS.get(status) or FIGURES.get(status, ""),
        "kind_name": snap.kind_names.get(kind, ""), "status_css": STATUS_CSS, "today": today,
        "activities_query": activities_query, "can_remind": can_remind(request.user),
        "owing_count": sum(1 for row in rows if row.status in OWING),
    })


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One unit in a form's period: its status, its report and values, its activities of the period."""
    _require_viewer(request.user)
    unit = get_object_or_404(OrgUnit.objects.select_related("kind"), pk=pk)
    today = clock.today()
    selection = select(request.GET, today)
    if selection.form is None or selection.period is None:
        raise Http404
    period = selection.period
    snap = snapshot(selection.form, period, today)
    row = next((candidate for candidate in snap.rows if candidate.unit.pk == unit.pk), None)
    if row is not None:
        row.css = STATUS_CSS[row.status]  # type: ignore[attr-defined]
    values = []
    if row is not None and row.submission is not None:
        values = list(IndicatorValue.objects.filter(submission=row.submission).select_related("indicator")
                      .order_by("indicator__order", "indicator__code"))
    activities = list(Activity.objects.filter(unit=unit).in_period(period.start, period.end)
                      .select_related("channel").prefetch_related("topics").order_by("date", "id"))
    activities_query = urlencode({"unit": unit.pk, "date_from": period.start.isoformat(),
                                  "date_to": period.end.isoformat()})
    return render(request, "monitoring/unit_detail.html", {
        "selection": selection, "unit": unit, "row": row, "period": period, "values": values,
        "activities": activities, "activities_query": activities_query, "status_css": STATUS_CSS,
        "can_remind": can_remind(request.user) and row is not None and row.status in OWING, "today": today,
        "days_overdue": (today - period.deadline).days if row is not None and row.status == OVERDUE else 0,
    })


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def remind_obligations(form: ReportForm, period: Period, rows: list[UnitRow]) -> list[Any]:
    """The obligations of these units for the period, as the reminder machinery knows them."""
    from cchc.reports.obligations import SubmissionSource, obligation_pk

    source = SubmissionSource()
    obligations = []
    for row in rows:
        obligation = source.get(obligation_pk(period, row.unit))
        if obligation is not None:
            obligations.append(obligation)
    return obligations


@login_required
@require_POST
def remind(request: HttpRequest) -> HttpResponse:
    """"Đôn đốc": remind now the selected units (``units``), or every unit that still owes its report."""
    from cchc.reminders.actions import do_remind_now

    if not can_remind(request.user):
        raise PermissionDenied
    today = clock.today()
    selection = select(request.POST, today)
    if selection.form is None or selection.period is None:
        raise Http404
    fallback = f"{reverse('monitoring:overview')}?{selection.query()}"
    snap = snapshot(selection.form, selection.period, today)
    chosen = {_int(value) for value in request.POST.getlist("units")} - {None}
    rows = [row for row in snap.rows if row.status in OWING and (not chosen or row.unit.pk in chosen)]
    obligations = remind_obligations(selection.form, selection.period, rows)
    sent = do_remind_now(obligations, acting_user=request.user, message=request.POST.get("message", "")) \
        if obligations else []
    count = len({record.unit_id for record in sent})
    if count:
        messages.success(request, ngettext("Reminders sent to %(count)s unit.", "Reminders sent to %(count)s units.",
                                           count) % {"count": count})
    else:
        messages.info(request, _("No unit owes this report: no reminder was sent."))
    return redirect(_safe_next(request, fallback))


# --- Home pages ---------------------------------------------------------------------------------------------------

@dataclass
class Campaign:
    snap: Snapshot
    url: str

    @property
    def form(self) -> ReportForm:
        return self.snap.form

    @property
    def period(self) -> Period:
        return self.snap.period


@dataclass
class LateUnit:
    campaign: Campaign
    row: UnitRow
    days: int


def home_context(user: Any, today: date) -> dict[str, Any]:
    """What the role home page shows: campaigns in progress and who is late (coordinators, administrators,
    leaders), or what the officer's units owe."""
    role = role_of(user)
    if role == Role.OFFICER:
        from cchc.directives.views.assignments import obligation_rows

        rows = [row for row in obligation_rows(user, today) if not row.done]
        return {"owed_rows": rows[:15], "owed_count": len(rows)}
    if role not in VIEWERS:
        return {}
    campaigns = []
    for form in ReportForm.objects.filter(is_active=True).order_by("name"):
        period = latest_period(form, today)
        if period is None or period.start > today or (today - period.deadline).days > RECENT_DAYS:
            continue
        snap = snapshot(form, period, today)
        url = f"{reverse('monitoring:overview')}?{urlencode({'form': form.pk, 'period': period.pk})}"
        campaigns.append(Campaign(snap, url))
    late = [LateUnit(campaign, row, (today - campaign.period.deadline).days)
            for campaign in campaigns for row in campaign.snap.rows if row.status == OVERDUE]
    late.sort(key=lambda item: (-item.days, item.row.unit.sort_name))
    # Units that have not started (or only drafted) a report still open: not late yet, but not to be forgotten.
    waiting = [LateUnit(campaign, row, (campaign.period.deadline - today).days)
               for campaign in campaigns if 0 <= (campaign.period.deadline - today).days <= WAITING_DAYS
               for row in campaign.snap.rows if row.status in (NOT_SUBMITTED, RETURNED)]
    waiting.sort(key=lambda item: (item.days, item.row.unit.sort_name))
    return {"campaigns": sorted(campaigns, key=lambda c: (c.period.deadline < today, c.period.deadline)),
            "late_units": late[:10], "late_count": len(late),
            "waiting_units": waiting[:10], "waiting_count": len(waiting),
            "can_remind": can_remind(user), "status_css": STATUS_CSS}
