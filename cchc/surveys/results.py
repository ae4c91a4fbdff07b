"""Results of surveys: the satisfaction index, per-question counts, SVG charts and the XLSX export.

The satisfaction index (Chỉ số hài lòng), as SIPAS computes it: over the rating questions that count for the index
(scale 1–5: rất không hài lòng, không hài lòng, bình thường, hài lòng, rất hài lòng), the share of the given ratings
that are "hài lòng" (4) or "rất hài lòng" (5), in percent. A question left unanswered (or skipped) is not counted.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.html import escape

from cchc.core import clock

from .models import RATING_LABELS, SATISFIED_FROM, QuestionKind, Response, ResponseAnswer, Survey

INDEX_DEFINITION = (
    "Chỉ số hài lòng = số câu trả lời “Hài lòng” hoặc “Rất hài lòng” chia cho tổng số câu trả lời của các câu "
    "hỏi đánh giá mức độ hài lòng (thang 1–5) được tính vào chỉ số, nhân 100%. Câu hỏi bỏ trống hoặc không hiện ra "
    "(do điều kiện) không được tính."
)


def index_of(satisfied: int, answered: int) -> Decimal | None:
    if not answered:
        return None
    return (Decimal(satisfied) * 100 / Decimal(answered)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _index_answers(responses: QuerySet) -> QuerySet:
    return ResponseAnswer.objects.filter(response__in=responses, question__kind=QuestionKind.RATING,
                                         question__counts_for_index=True, rating__isnull=False)


def satisfaction(responses: QuerySet) -> dict[str, Any]:
    figures = _index_answers(responses).aggregate(
        answered=Count("id"), satisfied=Count("id", filter=Q(rating__gte=SATISFIED_FROM)))
    return {**figures, "index": index_of(figures["satisfied"], figures["answered"])}


def by_unit(responses: QuerySet) -> list[dict[str, Any]]:
    """The index per unit (responses through the unit's links)."""
    counts = dict(responses.values_list("unit_id").annotate(n=Count("id")))
    rows = (_index_answers(responses).values("response__unit_id", "response__unit__name",
                                             "response__unit__short_name")
            .annotate(answered=Count("id"), satisfied=Count("id", filter=Q(rating__gte=SATISFIED_FROM))))
    result = []
    for row in rows:
        unit_id = row["response__unit_id"]
        result.append({"unit_id": unit_id,
                       "unit": row["response__unit__short_name"] or row["response__unit__name"] or "Liên kết chung",
                       "responses": counts.get(unit_id, 0), "answered": row["answered"],
                       "satisfied": row["satisfied"], "index": index_of(row["satisfied"], row["answered"])})
    result.sort(key=lambda r: (-(r["index"] or 0), r["unit"]))
    return result


def question_stats(survey: Survey, responses: QuerySet) -> list[dict[str, Any]]:
    """Per question: counts per choice and "other" texts, the rating distribution and index, text answers."""
    answers = ResponseAnswer.objects.filter(response__in=responses)
    choice_counts = Counter(dict(answers.filter(choice__isnull=False).values_list("choice_id")
                                 .annotate(n=Count("id"))))
    rating_counts: dict[int, Counter] = defaultdict(Counter)
    for qid, rating, n in answers.filter(rating__isnull=False).values_list("question_id", "rating").annotate(
            n=Count("id")):
        rating_counts[qid][rating] = n
    others: dict[int, list[str]] = defaultdict(list)
    texts: dict[int, list[str]] = defaultdict(list)
    for qid, text, is_other in answers.exclude(text="").values_list("question_id", "text", "is_other")[:5000]:
        (others if is_other else texts)[qid].append(text)
    stats = []
    for question in survey.questions.select_related("section").prefetch_related("choices"):
        row: dict[str, Any] = {"question": question}
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            items = [(c.text, choice_counts.get(c.id, 0)) for c in question.choices.all()]
            if question.allow_other:
                items.append(("Khác", len(others[question.id])))
            row["items"] = items
            row["others"] = others[question.id][:50]
        elif question.kind == QuestionKind.RATING:
            counts = rating_counts[question.id]
            answered = sum(counts.values())
            row["items"] = [(f"{i} — {RATING_LABELS[i - 1]}", counts.get(i, 0)) for i in range(1, 6)]
            row["answered"] = answered
            row["index"] = index_of(sum(n for r, n in counts.items() if r >= SATISFIED_FROM), answered)
            row["mean"] = (Decimal(sum(r * n for r, n in counts.items())) / answered).quantize(Decimal("0.01")) \
                if answered else None
        else:
            row["texts"] = texts[question.id][:50]
            row["text_count"] = len(texts[question.id])
        stats.append(row)
    return stats


def svg_bars(items: list[tuple[str, float | int | Decimal | None]], *, max_value: float | None = None,
             suffix: str = "", width: int = 560, title: str = "") -> str:
    """A horizontal bar chart as inline SVG (server-side, no script). Labels and values are escaped."""
    bar, gap, label_w = 22, 8, 220
    height = max(1, len(items)) * (bar + gap) + 10
    values = [float(v or 0) for _, v in items]
    top = max_value or max(values + [1.0])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" style="max-width:100%;height:auto" role="img" aria-label="{escape(title)}" '
             f'class="chart-bars">']
    for i, ((label, value), number) in enumerate(zip(items, values, strict=True)):
        y = 5 + i * (bar + gap)
        w = 0 if top <= 0 else (width - label_w - 70) * number / top
        short = label if len(label) <= 30 else label[:29] + "…"
        shown = "—" if value is None else (f"{number:.1f}".replace(".", ",") if suffix == "%" else f"{int(number)}")
        parts.append(f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" font-size="12">{escape(short)}'
                     f'<title>{escape(label)}</title></text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar}" fill="#1f5fa8" rx="2"/>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 16}" font-size="12">{escape(shown)}{suffix}</text>')
    parts.append("</svg>")
    return "".join(parts)


def export_xlsx(survey: Survey, responses: QuerySet) -> bytes:
    """One row per response, one column per question. Multiple choice: the picked choices joined with "; ", the
    "other" text in its own column ("Khác (ghi rõ)"). Every user text is written as a text cell."""
    import xlsxwriter

    questions = list(survey.questions.prefetch_related("choices").order_by("order", "id"))
    choice_text = {c.id: c.text for q in questions for c in q.choices.all()}
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#e8eef7", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet = book.add_worksheet("Phiếu trả lời")
    headers = ["Số phiếu", "Ngày gửi", "Đơn vị", "Dịch vụ"]
    columns: list[tuple[int, str]] = []
    for q in questions:
        headers.append(q.text)
        columns.append((q.id, "main"))
        if q.allow_other:
            headers.append(f"{q.text} — Khác (ghi rõ)")
            columns.append((q.id, "other"))
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header, bold)
        sheet.set_column(col, col, [9, 16, 28, 26][col] if col < 4 else 28)
    sheet.freeze_panes(1, 1)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.repeat_rows(0)
    values: dict[int, dict[tuple[int, str], list[str]]] = defaultdict(lambda: defaultdict(list))
    for rid, qid, cid, rating, text, is_other in ResponseAnswer.objects.filter(response__in=responses).values_list(
            "response_id", "question_id", "choice_id", "rating", "text", "is_other").order_by("id"):
        if cid:
            values[rid][(qid, "main")].append(choice_text.get(cid, ""))
        elif is_other:
            values[rid][(qid, "other")].append(text)
        elif rating:
            values[rid][(qid, "main")].append(f"{rating} — {RATING_LABELS[rating - 1]}")
        else:
            values[rid][(qid, "main")].append(text)
    row = 1
    for response in responses.select_related("unit").order_by("submitted_at", "id").iterator():
        sheet.write_number(row, 0, response.id)
        sheet.write_string(row, 1, response.submitted_at.astimezone(clock.VIETNAM).strftime("%d/%m/%Y %H:%M"))
        sheet.write_string(row, 2, (response.unit.short_name or response.unit.name) if response.unit_id else "")
        sheet.write_string(row, 3, response.service)
        cells = values.get(response.id, {})
        for col, key in enumerate(columns, start=4):
            sheet.write_string(row, col, "; ".join(cells.get(key, [])), wrap)
        row += 1
    summary = book.add_worksheet("Chỉ số hài lòng")
    summary.write_string(0, 0, "Đơn vị", bold)
    summary.write_string(0, 1, "Số phiếu", bold)
    summary.write_string(0, 2, "Số câu trả lời đánh giá", bold)
    summary.write_string(0, 3, "Hài lòng, rất hài lòng", bold)
    summary.write_string(0, 4, "Chỉ số hài lòng (%)", bold)
    summary.set_column(0, 0, 40)
    summary.set_landscape()
    summary.fit_to_pages(1, 0)
    summary.set_column(1, 4, 16)
    for i, r in enumerate(by_unit(responses), start=1):
        summary.write_string(i, 0, r["unit"])
        summary.write_number(i, 1, r["responses"])
        summary.write_number(i, 2, r["answered"])
        summary.write_number(i, 3, r["satisfied"])
        if r["index"] is not None:
            summary.write_number(i, 4, float(r["index"]))
    summary.write_string(len(by_unit(responses)) + 2, 0, INDEX_DEFINITION)
    book.close()
    return buffer.getvalue()


def satisfaction_for_unit(unit_id: int, start: date, end: date) -> Decimal | None:
    """The reporting source ``surveys.satisfaction``: the index of the unit's responses over [start, end]."""
    responses = Response.objects.filter(unit_id=unit_id, submitted_at__gte=clock.start_of(start),
                                        submitted_at__lt=clock.start_of(end + timedelta(days=1)))
    return satisfaction(responses)["index"]
