"""The province's own DOCX templates (docxtpl): checked on upload against demo data, rendered with real figures.

A template sees the same names the default report uses: ``province``, ``form``, ``period``, ``today_words``,
``numbers`` (expected, submitted, on_time, late, overdue, completeness, timeliness), ``indicators`` (each with
name, total, unit), ``late_units``, ``missing_units`` (names), ``initiatives`` and ``proposals`` (each with unit,
section, text). An unknown name is an error (StrictUndefined),
so a typo is caught on upload and not discovered in a signed report.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from cchc.core import clock
from cchc.lib import archives, vn
from cchc.reports.uploads import archive_message

CONTEXT_KEYS = ("province", "form", "period", "today_words", "numbers", "indicators", "late_units", "missing_units",
                "initiatives", "proposals")
NUMBER_KEYS = ("expected", "submitted", "on_time", "late", "overdue", "completeness", "timeliness")
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024


def demo_context() -> dict[str, Any]:
    """Plausible data for checking a template: every name a template may use, with a value."""
    return {
        "province": getattr(settings, "CCHC_PROVINCE_NAME", "Gia Lai"),
        "form": "Báo cáo kết quả công tác tuyên truyền cải cách hành chính",
        "period": "Quý I năm 2020",
        "today_words": vn.date_in_words(clock.today()),
        "numbers": {"expected": 20, "submitted": 18, "on_time": 15, "late": 3, "overdue": 2, "completeness": 0.9,
                    "timeliness": 0.83},
        "indicators": [
            {"name": "Số tin bài tuyên truyền", "total": 125, "unit": "tin bài", "unit_of_measure": "tin bài"},
            {"name": "Số lượt tiếp cận", "total": 10250, "unit": "lượt", "unit_of_measure": "lượt"},
        ],
        "late_units": ["Ủy ban nhân dân huyện Chư Păh"],
        "missing_units": ["Sở Tư pháp tỉnh Gia Lai", "Bưu điện tỉnh Gia Lai"],
        "initiatives": [{"unit": "Sở Thông tin và Truyền thông tỉnh Gia Lai", "section": "Sáng kiến",
                         "text": "Chuyên mục CCHC trên cổng thông tin điện tử của tỉnh"}],
        "proposals": [{"unit": "Ủy ban nhân dân thành phố Pleiku", "section": "Kiến nghị",
                       "text": "Bố trí kinh phí cho công tác tuyên truyền năm 2021"}],
    }


def context_from_figures(figures: dict[str, Any], *, form: Any = None, period: Any = None) -> dict[str, Any]:
    """The template's names filled from a generation's figures (missing ones empty, never invented)."""
    figures = figures or {}
    context: dict[str, Any] = {
        "province": getattr(settings, "CCHC_PROVINCE_NAME", ""),
        "form": str(form) if form is not None else "",
        "period": str(period) if period is not None else "",
        "today_words": vn.date_in_words(clock.today()),
        "numbers": dict.fromkeys(NUMBER_KEYS, 0),
        "indicators": [], "late_units": [], "missing_units": [], "initiatives": [], "proposals": [],
    }
    for key in CONTEXT_KEYS:
        value = figures.get(key)
        if value in (None, ""):
            continue
        if key in ("form", "period") and isinstance(value, dict):
            value = value.get("label") or value.get("name") or context[key]
        if key == "numbers" and isinstance(value, dict):
            value = {**context["numbers"], **value}
        context[key] = value
    indicators = []
    for item in context["indicators"] or []:
        if isinstance(item, dict):
            item = {"name": "", "total": "", "unit": item.get("unit_of_measure", ""), **item}
        indicators.append(item)
    context["indicators"] = indicators
    return context


MAX_RANGE = 10_000  # loops a template may run (``range``)
MAX_SEQUENCE = 100_000  # characters or items a ``*`` may produce
MAX_EXPONENT = 64


class ReportSandbox(SandboxedEnvironment):
    """Jinja2's sandbox (no underscore attributes, no function internals, no unsafe methods) without the default
    globals (``cycler``, ``joiner``, ``namespace``, ``lipsum``, ``dict``), with a bounded ``range`` and bounded
    ``*`` and ``**``: a template can format the report's figures and nothing else."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.clear()
        self.globals["range"] = self._range

    @staticmethod
    def _range(*args: Any) -> range:
        values = range(*args)
        if len(values) > MAX_RANGE:
            raise SecurityError(_("range() is limited to %(max)s items in a template.") % {"max": MAX_RANGE})
        return values

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if callable(value) and not isinstance(obj, (str, list, dict, tuple, int, float)):
            return False  # only the methods of plain values (e.g. "upper", "items")
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
                raise SecurityError(_("The exponent is too large for a template."))
            return left**right
        for value, count in ((left, right), (right, left)):
            if isinstance(value, (str, list, tuple)) and isinstance(count, int) and len(value) * count > MAX_SEQUENCE:
                raise SecurityError(_("The template tries to build a text that is too long."))
        return left * right


def _jinja_env() -> Any:
    return ReportSandbox(undefined=StrictUndefined, autoescape=True)


def only_context(context: dict[str, Any]) -> dict[str, Any]:
    """The names a template may use, as plain data (str, numbers, lists, dicts): nothing else reaches it."""
    def plain(value: Any, depth: int = 0) -> Any:
        if depth > 6:
            return ""
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        if isinstance(value, dict):
            return {str(key): plain(item, depth + 1) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(item, depth + 1) for item in value]
        return str(value)

    return {key: plain(context.get(key)) for key in CONTEXT_KEYS if key in context}


def render_docx(source: Any, context: dict[str, Any]) -> bytes:
    """Render a docxtpl template (path, file or bytes) with ``context``; exceptions pass through."""
    from docxtpl import DocxTemplate

    if isinstance(source, bytes):
        source = io.BytesIO(source)
    document = DocxTemplate(source)
    document.render(only_context(context), jinja_env=_jinja_env())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


RENDER_SECONDS = 30  # CPU seconds a template may take (nested loops over long texts would run for hours)
RENDER_MEMORY = 1024 * 1024 * 1024  # bytes of address space for the rendering process


class TemplateTooCostly(Exception):
    """The template ran out of time or memory while rendering."""


def _render_child(connection: Any, data: bytes, context: dict[str, Any]) -> None:
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_CPU, (RENDER_SECONDS, RENDER_SECONDS + 1))
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = RENDER_MEMORY if hard == resource.RLIM_INFINITY else min(RENDER_MEMORY, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        connection.send(("ok", render_docx(data, context)))
    except MemoryError:
        connection.send(("cost", ""))
    except Exception as exc:  # noqa: BLE001 - sent back to the parent as a reason
        connection.send(("error", (type(exc).__name__, str(getattr(exc, "message", "") or exc),
                                   getattr(exc, "lineno", None))))
    finally:
        connection.close()


def render_docx_bounded(data: bytes, context: dict[str, Any]) -> bytes:
    """``render_docx`` in a forked process limited in CPU time and memory: a template that loops for hours or
    builds gigabytes fails with ``TemplateTooCostly`` instead of taking the web or worker process down."""
    import multiprocessing

    context = only_context(context)
    try:
        fork = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - no fork on this platform
        return render_docx(data, context)
    parent, child = fork.Pipe(duplex=False)
    process = fork.Process(target=_render_child, args=(child, data, context), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(RENDER_SECONDS * 2 + 5):
            raise TemplateTooCostly
        try:
            kind, payload = parent.recv()
        except EOFError as exc:  # killed by its CPU or memory limit
            raise TemplateTooCostly from exc
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        parent.close()
    if kind == "ok":
        return payload
    if kind == "cost":
        raise TemplateTooCostly
    name, message, lineno = payload
    from jinja2 import TemplateSyntaxError, UndefinedError

    if name == "SecurityError":
        raise SecurityError(message)
    if name == "UndefinedError":
        raise UndefinedError(message)
    if name == "TemplateSyntaxError":
        raise TemplateSyntaxError(message, lineno or 0)
    raise ValueError(message)


def explain(exc: Exception) -> str:
    """Why a template cannot be used, in Vietnamese."""
    from jinja2 import TemplateSyntaxError, UndefinedError

    if isinstance(exc, TemplateTooCostly):
        return _("The template takes too long or too much memory to render (a loop too large?): simplify it.")
    if isinstance(exc, SecurityError):
        return _("The template tries to do something a report template may not do (%(detail)s): only the report's "
                 "names and ordinary formatting are allowed.") % {"detail": exc}
    if isinstance(exc, UndefinedError):
        return _("The template uses a name the report does not provide: %(detail)s. Names available: "
                 "%(names)s.") % {"detail": exc.message or exc, "names": ", ".join(CONTEXT_KEYS)}
    if isinstance(exc, TemplateSyntaxError):
        return _("The template has a syntax error (line %(line)s): %(detail)s.") % {
            "line": exc.lineno, "detail": exc.message or exc}
    return _("The file cannot be read as a DOCX template: %(detail)s.") % {"detail": exc}


def check_template(data: bytes) -> str:
    """Render ``data`` against the demo data; the success message, or ValidationError with the reason."""
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationError(_("The template is larger than %(mb)s MB.") % {"mb": MAX_TEMPLATE_BYTES // 1048576})
    if not data.startswith(b"PK"):
        raise ValidationError(_("The file is not a Word document (DOCX)."))
    try:
        archives.inspect_zip(data)
    except archives.ArchiveRefused as refused:
        raise ValidationError(archive_message(refused, _("the template file"))) from refused
    try:
        render_docx_bounded(data, demo_context())
    except Exception as exc:  # noqa: BLE001 - any failure is a reason to refuse the template
        raise ValidationError(explain(exc)) from exc
    return _("Checked against demo data: the template renders correctly.")


def render_with_template(template: Any, figures: dict[str, Any], *, form: Any = None, period: Any = None) -> bytes:
    """The report in the province's own wording: ``template`` (a ReportTemplate) rendered with ``figures``."""
    with template.file.open("rb") as handle:
        data = handle.read()
    return render_docx_bounded(data, context_from_figures(figures, form=form, period=period))
