"""Audit helpers. django-auditlog records every change (who, when, what) of the registered models."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from auditlog.context import set_actor


@contextlib.contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Attribute the changes made inside to ``user``; with ``None``, to the request's user if any, else the system."""
    if user is None:
        yield
        return
    with set_actor(user):
        yield

ACTION_LABELS = {0: "Tạo mới", 1: "Sửa", 2: "Xóa", 3: "Truy cập"}
EVENT_LABELS = {"login": "Đăng nhập", "logout": "Đăng xuất"}


def describe(entry: Any, model: Any = None) -> Any:
    """Decorate a LogEntry for display: ``action_label`` and ``change_rows`` [(field label, old, new)]."""
    changes = entry.changes or {}
    if isinstance(changes, str):  # older auditlog versions store text
        import json

        changes = json.loads(changes or "{}")
    model = model or (entry.content_type.model_class() if entry.content_type_id else None)
    rows = []
    if "event" in changes:
        entry.action_label = EVENT_LABELS.get(changes["event"][1], changes["event"][1])
    else:
        entry.action_label = ACTION_LABELS.get(entry.action, str(entry.action))
        for field_name, values in changes.items():
            label = field_name
            if model is not None:
                try:
                    label = str(model._meta.get_field(field_name).verbose_name)
                except Exception:  # noqa: BLE001 - a field removed since
                    label = field_name
            if isinstance(values, dict):  # many-to-many: {"type": "m2m", "operation": "add", "objects": [...]}
                operation = {"add": "thêm", "delete": "bỏ", "clear": "bỏ hết"}.get(values.get("operation"), "")
                rows.append((label, "", f"{operation} {', '.join(map(str, values.get('objects', [])))}".strip()))
            else:
                old, new = (list(values) + [None, None])[:2]
                rows.append((label, _display(model, field_name, old), _display(model, field_name, new)))
    entry.change_rows = rows
    return entry


def _display(model: Any, field_name: str, value: Any) -> str:
    """A stored value as a person reads it: choice labels, có/không, names instead of ids, dates dd/mm/yyyy and
    times in Vietnam's time to the minute, nothing for empty (auditlog stores text such as "None", "14",
    "2020-11-20 03:12:55.123456+00:00" or "reports.Evidence.None")."""
    if value in (None, "None", "", "[]"):
        return ""
    if isinstance(value, str) and value.endswith(".None"):  # an empty related manager
        return ""
    if value in ("True", True):
        return "có"
    if value in ("False", False):
        return "không"
    if model is None:
        return str(value)
    try:
        field = model._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 - a field removed since
        return str(value)
    choices = dict(getattr(field, "flatchoices", None) or ())
    if value in choices:
        return str(choices[value])
    from django.db import models

    if isinstance(field, models.ForeignKey):
        related = field.related_model.objects.filter(pk=value).first() if str(value).isdigit() else None
        return str(related) if related is not None else f"#{value}"
    if isinstance(field, models.DateTimeField):
        return _datetime_text(value)
    if isinstance(field, models.DateField):
        from datetime import date

        try:
            return date.fromisoformat(str(value)[:10]).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    return str(value)


def _datetime_text(value: Any) -> str:
    from datetime import UTC, datetime

    from django.utils import timezone

    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def history_for(obj: Any, limit: int = 200) -> list[Any]:
    """The recorded changes of ``obj``, newest first."""
    from auditlog.models import LogEntry

    entries = LogEntry.objects.get_for_object(obj).select_related("actor", "content_type").order_by("-timestamp")
    return [describe(entry, type(obj)) for entry in entries[:limit]]
