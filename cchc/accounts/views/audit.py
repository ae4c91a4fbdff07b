"""The audit log: every change recorded by django-auditlog, and every log in and log out. Administrators only."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch

from cchc.core.audit import describe
from cchc.core.choices import Role
from cchc.core.permissions import role_of

from ..forms import AuditFilterForm

PAGE_SIZE = 50


def _link_objects(entries: list[Any]) -> None:
    """Set ``entry.object_url`` for the entries whose object still exists (one query per object type)."""
    wanted: dict[Any, set[str]] = defaultdict(set)
    for entry in entries:
        entry.object_url = ""
        if entry.content_type_id and entry.object_pk:
            wanted[entry.content_type].add(entry.object_pk)
    found: dict[tuple[int, str], Any] = {}
    for content_type, pks in wanted.items():
        model = content_type.model_class()
        if model is None or not hasattr(model, "get_absolute_url"):
            continue
        try:
            objects = model._default_manager.filter(pk__in=list(pks))
            found.update({(content_type.pk, str(obj.pk)): obj for obj in objects})
        except (ValueError, TypeError):  # a primary key of another type
            continue
    for entry in entries:
        obj = found.get((entry.content_type_id, entry.object_pk))
        if obj is not None:
            try:
                entry.object_url = obj.get_absolute_url()
            except NoReverseMatch:
                entry.object_url = ""


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if role_of(request.user) != Role.ADMIN:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    entries = form.filter(LogEntry.objects.select_related("actor", "content_type")).order_by("-timestamp", "-id")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [describe(entry) for entry in page.object_list]
    _link_objects(rows)
    for entry in rows:
        model = entry.content_type.model_class() if entry.content_type_id else None
        entry.type_label = str(model._meta.verbose_name).capitalize() if model else ""
    return render(request, "accounts/audit.html", {"form": form, "page_obj": page, "entries": rows})
