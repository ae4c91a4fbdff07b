"""Server-side SVG charts for the indices page (no script): a line of scores across years, horizontal bars."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cchc.lib import vn

RED, BLUE, GREY = "#b0171f", "#0a3d91", "#6c757d"


def _num(value: Any, decimals: int = 2) -> str:
    return vn.format_number(Decimal(value), decimals) if value is not None else ""


def line_chart(points: list[tuple[int, Decimal, int | None]], *, title: str, width: int = 640, height: int = 240,
               unit: str = "") -> SafeString:
    """Scores (and ranks as labels) by year. ``points``: [(year, score, rank)]."""
    if not points:
        return mark_safe("")  # noqa: S308 - empty
    left, right, top, bottom = 52, 36, 24, 38
    scores = [float(score) for _year, score, _rank in points]
    low, high = min(scores), max(scores)
    span = (high - low) or max(high * 0.1, 1.0)
    low, high = low - span * 0.2, high + span * 0.2
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(points) - 1, 1)

    def x(i: int) -> float:
        return left + (i * step if len(points) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return top + plot_h - (value - low) / (high - low) * plot_h

    parts = [f'<svg class="chart-svg" viewBox="0 0 {width} {height}" role="img" aria-labelledby="t-{id(points)}" '
             f'xmlns="http://www.w3.org/2000/svg"><title id="t-{id(points)}">{escape(title)}</title>',
             f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>']
    for k in range(5):
        value = low + (high - low) * k / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                     f'stroke="#e9ecef"/><text x="{left - 6}" y="{y(value) + 4:.1f}" font-size="11" '
                     f'text-anchor="end" fill="{GREY}">{_num(value, 1)}</text>')
    path = " ".join(f"{'M' if i == 0 else 'L'}{x(i):.1f},{y(s):.1f}" for i, s in enumerate(scores))
    parts.append(f'<path d="{path}" fill="none" stroke="{RED}" stroke-width="2.5"/>')
    for i, (year, score, rank) in enumerate(points):
        parts.append(f'<circle cx="{x(i):.1f}" cy="{y(float(score)):.1f}" r="4" fill="{RED}"/>'
                     f'<text x="{x(i):.1f}" y="{y(float(score)) - 9:.1f}" font-size="12" text-anchor="middle" '
                     f'fill="#212529">{_num(score)}{escape(unit) if unit == "%" else ""}</text>'
                     f'<text x="{x(i):.1f}" y="{height - 18}" font-size="12" text-anchor="middle" '
                     f'fill="#212529">{year}</text>')
        if rank:
            parts.append(f'<text x="{x(i):.1f}" y="{height - 4}" font-size="10" text-anchor="middle" '
                         f'fill="{BLUE}">hạng {rank}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def bar_chart(rows: list[tuple[str, Decimal, Decimal | None]], *, title: str, width: int = 640) -> SafeString:
    """Horizontal bars: [(label, value, maximum)]; the bar is the share of the maximum when known."""
    if not rows:
        return mark_safe("")  # noqa: S308 - empty
    label_w, bar_h, gap, top = 250, 18, 8, 8
    height = top + len(rows) * (bar_h + gap) + 8
    biggest = max(float(maximum or value) for _label, value, maximum in rows) or 1.0
    plot_w = width - label_w - 70
    parts = [f'<svg class="chart-svg" viewBox="0 0 {width} {height}" role="img" aria-labelledby="b-{id(rows)}" '
             f'xmlns="http://www.w3.org/2000/svg"><title id="b-{id(rows)}">{escape(title)}</title>']
    for i, (label, value, maximum) in enumerate(rows):
        y = top + i * (bar_h + gap)
        scale = float(maximum) if maximum else biggest
        share = max(0.0, min(1.0, float(value) / scale if scale else 0))
        short = label if len(label) <= 40 else label[:38] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" font-size="11" text-anchor="end" fill="#212529">'
                     f'{escape(short)}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{plot_w}" height="{bar_h}" fill="#f1f3f5"/>'
                     f'<rect x="{label_w}" y="{y}" width="{plot_w * share:.1f}" height="{bar_h}" fill="{BLUE}"/>'
                     f'<text x="{label_w + plot_w + 6}" y="{y + 13}" font-size="11" fill="#212529">{_num(value)}'
                     f'{"/" + _num(maximum) if maximum else ""}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
