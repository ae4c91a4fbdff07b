"""Every change to printed material: atomic, permission-checked, audited.

Coordinators set the QR addresses and the shared messages; a unit's officer composes its own publications and
records its print runs (each print run becomes an activity of the unit: channel "leaflets" or "receipt backs",
the copies as quantity)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cchc.core.audit import acting_as
from cchc.core.choices import Action
from cchc.core.permissions import MANAGERS, can, role_of
from cchc.lib.text import clean_text
from cchc.units.models import OrgUnit

from .models import CHANNEL_OF_KIND, Message, PrintRun, Publication, PublicationKind, QrAddresses

PUBLICATION_FIELDS = ("kind", "title", "subtitle", "unit", "hotline", "contact", "qr_portal", "qr_feedback",
                      "qr_column")


def is_manager(user: Any) -> bool:
    return user is None or role_of(user) in MANAGERS


def _check_unit(acting_user: Any, action: str, model: type, unit: OrgUnit | None) -> None:
    if acting_user is None:
        return
    if not can(acting_user, action, model):
        raise PermissionDenied("Anh/chị không có quyền thực hiện thao tác này.")
    if unit is not None and not OrgUnit.objects.restrict(acting_user, Action.VIEW).filter(pk=unit.pk).exists():
        raise PermissionDenied("Anh/chị chỉ quản lý được ấn phẩm của đơn vị mình.")


@transaction.atomic
def do_set_addresses(*, acting_user: Any, portal_url: str = "", feedback_url: str = "",
                     column_url: str = "") -> QrAddresses:
    if not is_manager(acting_user):
        raise PermissionDenied("Chỉ Sở Nội vụ đặt địa chỉ của các mã QR.")
    row = QrAddresses.objects.select_for_update().first() or QrAddresses()
    row.portal_url, row.feedback_url, row.column_url = (clean_text(v or "").strip()
                                                        for v in (portal_url, feedback_url, column_url))
    row.full_clean()
    with acting_as(acting_user):
        row.save()
    return row


@transaction.atomic
def do_save_message(message: Message | None, *, acting_user: Any, title: str, body: str, order: int = 100,
                    is_active: bool = True) -> Message:
    if not is_manager(acting_user):
        raise PermissionDenied("Chỉ Sở Nội vụ soạn các thông điệp dùng chung.")
    message = message or Message()
    message.title, message.body = clean_text(title or "").strip(), clean_text(body or "").strip()
    message.order, message.is_active = order, is_active
    message.full_clean()
    with acting_as(acting_user):
        message.save()
    return message


@transaction.atomic
def do_save_publication(publication: Publication | None, *, acting_user: Any,
                        messages: Iterable[Message] | None = None, items: Iterable[Any] | None = None,
                        **fields: Any) -> Publication:
    fields = {k: clean_text(v) for k, v in fields.items()}
    creating = publication is None
    publication = publication or Publication(created_by=acting_user if getattr(acting_user, "pk", None) else None)
    if creating:
        _check_unit(acting_user, Action.ADD, Publication, fields.get("unit"))
    else:
        _check_unit(acting_user, Action.CHANGE, Publication, publication.unit)
        if fields.get("unit") is not None:
            _check_unit(acting_user, Action.CHANGE, Publication, fields["unit"])
    for key, value in fields.items():
        if key in PUBLICATION_FIELDS:
            setattr(publication, key, value)
    publication.full_clean()
    with acting_as(acting_user):
        publication.save()
        if messages is not None:
            publication.messages.set(list(messages))
        if items is not None:
            publication.items.set(list(items))
    return publication


@transaction.atomic
def do_record_print_run(publication: Publication, *, acting_user: Any, date: Any, copies: int,
                        distribution: str, unit: OrgUnit | None = None, link: str = "") -> PrintRun:
    """Record copies printed and where they went, and the unit's activity for it (one activity per run)."""
    from cchc.reports.activities import do_create_activity
    from cchc.reports.models import Channel, Topic

    unit = unit or publication.unit
    _check_unit(acting_user, Action.ADD, PrintRun, unit)
    distribution = clean_text(distribution or "").strip()
    if not distribution:
        raise ValidationError({"distribution": "Ghi nơi phát hành (ví dụ: bộ phận một cửa cấp xã, bưu cục)."})
    if not copies or int(copies) < 1:
        raise ValidationError({"copies": "Số bản phải lớn hơn 0."})
    run = PrintRun(publication=publication, unit=unit, date=date, copies=int(copies), distribution=distribution,
                   created_by=acting_user if getattr(acting_user, "pk", None) else None)
    run.full_clean()
    channel = Channel.objects.filter(code=CHANNEL_OF_KIND[PublicationKind(publication.kind)]).first()
    if channel is None:
        raise ValidationError("Thiếu kênh tuyên truyền cho ấn phẩm trong danh mục (tờ gấp / mặt sau giấy tiếp nhận).")
    kind_label = "Tờ gấp" if publication.is_leaflet else "In mặt sau giấy tiếp nhận hồ sơ"
    topics = list(Topic.objects.filter(items__in=publication.items.all()).distinct()) if publication.items.exists() \
        else []
    with acting_as(acting_user):
        run.save()
        activity = do_create_activity(
            acting_user=acting_user, unit=unit, date=date, channel=channel, topics=topics,
            title=f"{kind_label} “{publication.title}”: {run.copies} bản"[:300],
            description=f"Phát hành tại: {distribution}", quantity=run.copies, quantity_unit="tờ",
            reach=run.copies, links=link, source="printing", external_id=f"print-run:{run.pk}")
        run.activity = activity
        run.save(update_fields=["activity"])
    return run
