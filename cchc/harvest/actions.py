"""Changes to harvesting: registering a unit's feeds, confirming or rejecting what was found. Officers act for
their own units, coordinators for all, leaders read only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from cchc.core.audit import acting_as
from cchc.core.choices import Action
from cchc.core.permissions import can
from cchc.units.models import OrgUnit

from .choices import EntryStatus, SourceKind
from .engine import record
from .models import Entry, Source


def _check(unit: OrgUnit, model: Any, action: str, acting_user: Any) -> None:
    if acting_user is None:
        return
    if not can(acting_user, action, model):
        raise PermissionDenied("Bạn không có quyền thay đổi phần thu thập tin.")
    if not OrgUnit.objects.restrict(acting_user, Action.VIEW).filter(pk=unit.pk).exists():
        raise PermissionDenied("Bạn chỉ thao tác được với đơn vị của mình.")


@transaction.atomic
def do_add_source(*, unit: OrgUnit, url: str, kind: str = SourceKind.FEED, acting_user: Any = None) -> Source:
    _check(unit, Source, Action.ADD, acting_user)
    url = (url or "").strip()
    if not url.startswith("demo://"):
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise ValidationError("Địa chỉ phải là một địa chỉ web (http:// hoặc https://).") from exc
    if kind not in SourceKind.values:
        raise ValidationError("Loại nguồn không hợp lệ.")
    if Source.objects.filter(unit=unit, url=url).exists():
        raise ValidationError("Địa chỉ này đã được đăng ký cho đơn vị.")
    with acting_as(acting_user):
        return Source.objects.create(unit=unit, url=url[:500], kind=kind)


@transaction.atomic
def do_remove_source(source: Source, *, acting_user: Any = None) -> None:
    """Stop reading a source (what was recorded stays)."""
    _check(source.unit, Source, Action.DELETE, acting_user)
    with acting_as(acting_user):
        source.is_active = False
        source.save(update_fields=["is_active"])


@transaction.atomic
def do_confirm_entry(entry: Entry, *, acting_user: Any = None) -> Entry:
    """An article the keywords were unsure about (or a rejected one) is CCHC after all: record it once."""
    _check(entry.unit, Entry, Action.CHANGE, acting_user)
    if entry.status == EntryStatus.RECORDED:
        return entry
    with acting_as(acting_user):
        record(entry, acting_user)
    return entry


@transaction.atomic
def do_reject_entry(entry: Entry, *, acting_user: Any = None) -> Entry:
    """Not an article about CCHC: its activity (if recorded) is removed; later runs never record it again."""
    from cchc.reports.activities import do_delete_activity

    _check(entry.unit, Entry, Action.CHANGE, acting_user)
    activity = entry.activity
    if activity is not None:
        if activity.is_locked():
            raise PermissionDenied("Hoạt động này đã nằm trong báo cáo được duyệt, không loại được nữa.")
        entry.activity = None
        entry.save(update_fields=["activity"])
        do_delete_activity(activity, acting_user=None)
    entry.status = EntryStatus.REJECTED
    entry.decided_by = acting_user if getattr(acting_user, "pk", None) else None
    with acting_as(acting_user):
        entry.save(update_fields=["status", "decided_by"])
    return entry


@transaction.atomic
def do_set_keywords(values: dict[int, str], *, acting_user: Any = None) -> int:
    """Replace the keywords of topics ({TopicKeywords id: text, one keyword per line}); coordinators only."""
    from cchc.column.actions import is_manager
    from cchc.lib.text import clean_text

    from .models import TopicKeywords

    if acting_user is not None and not is_manager(acting_user):
        raise PermissionDenied("Chỉ Sở Nội vụ sửa được từ khóa.")
    changed = 0
    for row in TopicKeywords.objects.filter(pk__in=list(values)):
        lines = [line.strip() for line in clean_text(values[row.pk] or "").splitlines() if line.strip()]
        text = "\n".join(dict.fromkeys(line[:100] for line in lines[:200]))
        if text != row.keywords:
            row.keywords = text
            with acting_as(acting_user):
                row.save(update_fields=["keywords"])
            changed += 1
    return changed
