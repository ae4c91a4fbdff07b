"""Every change to a feedback item: atomic, permission-checked, written to the item's history, audited.

The public form, the API, the webhook, the staff pages, the periodic command and the demo all call these.
Roles: the coordinator (Sở Nội vụ) and administrators triage, route, approve and publish; the officers of the unit
an item is routed to add notes, draft the answer and may hand the item to another unit with a reason; leaders read.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cchc.core import clock
from cchc.core.audit import acting_as
from cchc.core.choices import Role
from cchc.core.permissions import MANAGERS, role_of, unit_ids_of
from cchc.lib.text import clean_text
from cchc.reports.uploads import check_upload
from cchc.units.models import OrgUnit

from . import notify
from .choices import AT_UNIT_STATUSES, OPEN_STATUSES, Channel, DeliveryStatus, EventKind, Status
from .models import Attachment, Category, Feedback, FeedbackEvent, InboundChannel, OutboundDelivery
from .routing import due_date_for

ATTACHMENT_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "gif", "webp", "pdf"})
MAX_ATTACHMENTS = 5
TITLE_MAX = 200
CONTENT_MAX = 10_000
CONSENT_TEXT = (
    "Tôi đồng ý để cơ quan nhà nước tỉnh Gia Lai thu thập và xử lý dữ liệu cá nhân tôi cung cấp (họ tên, số điện "
    "thoại, thư điện tử, tệp đính kèm) chỉ nhằm mục đích tiếp nhận, xử lý, trả lời phản ánh, kiến nghị này và "
    "thông báo kết quả cho tôi, theo Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ về bảo vệ dữ liệu cá "
    "nhân. Dữ liệu cá nhân không được công khai; tôi có quyền đề nghị không công khai nội dung phản ánh."
)


# --- Permissions ----------------------------------------------------------------------------------------------------

def is_manager(user: Any) -> bool:
    return role_of(user) in MANAGERS


def can_handle(user: Any, item: Feedback) -> bool:
    """Managers, or an officer of the unit the item is routed to."""
    if is_manager(user):
        return True
    return role_of(user) == Role.OFFICER and item.unit_id is not None and item.unit_id in unit_ids_of(user)


def _require_manager(user: Any) -> None:
    if user is not None and not is_manager(user):
        raise PermissionDenied("Chỉ Sở Nội vụ (điều phối) mới được thực hiện thao tác này.")


def _require_handler(user: Any, item: Feedback) -> None:
    if user is not None and not can_handle(user, item):
        raise PermissionDenied("Chỉ đơn vị được giao xử lý hoặc Sở Nội vụ mới được thực hiện thao tác này.")


def _require_status(item: Feedback, allowed: Iterable[str], message: str) -> None:
    """Re-read the item under a row lock (two people acting at once: the second sees the first's change), then
    check its status."""
    if item.pk:
        item.refresh_from_db(from_queryset=Feedback.objects.select_for_update())
    if item.status not in tuple(allowed):
        raise ValidationError(message)


def _event(item: Feedback, kind: str, actor: Any = None, *, text: str = "", unit: OrgUnit | None = None,
           from_unit: OrgUnit | None = None, at: datetime | None = None) -> FeedbackEvent:
    return FeedbackEvent.objects.create(feedback=item, kind=kind, actor=actor if getattr(actor, "pk", None) else None,
                                        unit=unit, from_unit=from_unit, text=text, created_at=at or clock.now())


def _required_text(value: Any, message: str) -> str:
    text = (clean_text(value or "") or "").strip()
    if not text:
        raise ValidationError(message)
    return text


def _save(item: Feedback, *fields: str) -> None:
    item.save(update_fields=list(fields))


# --- Submitting -------------------------------------------------------------------------------------------------------

def check_attachments(files: Iterable[Any]) -> list[tuple[Any, str]]:
    """(file, content type) for each acceptable file; ``ValidationError`` in Vietnamese for the first bad one."""
    files = [f for f in files if f]
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(f"Chỉ được đính kèm tối đa {MAX_ATTACHMENTS} tệp.")
    checked = []
    for uploaded in files:
        content_type, _extension = check_upload(uploaded, allowed=ATTACHMENT_EXTENSIONS)
        checked.append((uploaded, content_type))
    return checked


@transaction.atomic
def do_submit_feedback(*, category: Category, title: str, content: str, unit_concerned: OrgUnit | None = None,
                       name: str = "", phone: str = "", email: str = "", consent: bool = False,
                       keep_private: bool = False, files: Iterable[Any] = (), channel: str = Channel.WEB,
                       inbound: InboundChannel | None = None, external_ref: str = "", sender_ref: str = "",
                       received_at: datetime | None = None, acting_user: Any = None) -> Feedback:
    """A new item: validated whole (nothing stored when anything is wrong), its due date, a tracking code, the
    sender told (when an address was given) and the coordinators notified."""
    title = _required_text(title, "Vui lòng nhập tiêu đề.")[:TITLE_MAX]
    content = _required_text(content, "Vui lòng nhập nội dung phản ánh, kiến nghị.")
    if len(content) > CONTENT_MAX:
        raise ValidationError(f"Nội dung dài quá {CONTENT_MAX} ký tự.")
    if not category.is_active:
        raise ValidationError("Lĩnh vực này không còn tiếp nhận phản ánh.")
    name, phone, email = (clean_text(v or "").strip() for v in (name, phone, email))
    if (name or phone or email) and not consent:
        raise ValidationError("Vui lòng đồng ý với việc xử lý dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP) "
                              "hoặc gửi ẩn danh, không kèm thông tin cá nhân.")
    if channel == Channel.WEB and not consent:
        raise ValidationError("Vui lòng đánh dấu đồng ý với việc xử lý dữ liệu cá nhân để gửi phản ánh.")
    checked = check_attachments(files)
    received_at = received_at or clock.now()
    with acting_as(acting_user):
        item = Feedback(
            category=category, unit_concerned=unit_concerned, title=title, content=content, sender_name=name[:120],
            sender_phone=phone[:30], sender_email=email[:254], sender_ref=(sender_ref or "")[:120],
            consent_at=received_at if consent else None, keep_private=keep_private, channel=channel,
            inbound=inbound, external_ref=(external_ref or "")[:120], received_at=received_at,
            due_date=due_date_for(category, received_at.astimezone(clock.VIETNAM).date()),
        )
        item.save()
        for uploaded, content_type in checked:
            Attachment.objects.create(feedback=item, file=uploaded, name=str(uploaded.name)[-255:],
                                      content_type=content_type, size=uploaded.size or 0)
        via = Channel(channel).label
        _event(item, EventKind.RECEIVED, text=f"Tiếp nhận qua {via}.", at=received_at)
    notify.email_sender(item, "received")
    transaction.on_commit(lambda: notify.notify_coordinators(
        item, f"Phản ánh mới {item.tracking_code}: {item.title}"))
    return item


# --- Triage -----------------------------------------------------------------------------------------------------------

@transaction.atomic
def do_accept_feedback(item: Feedback, *, acting_user: Any) -> Feedback:
    _require_manager(acting_user)
    _require_status(item, (Status.NEW,), "Chỉ phản ánh mới tiếp nhận mới được chấp nhận.")
    with acting_as(acting_user):
        item.status, item.accepted_at = Status.ACCEPTED, clock.now()
        _save(item, "status", "accepted_at")
        _event(item, EventKind.ACCEPTED, acting_user)
    notify.email_sender(item, "accepted")
    return item


@transaction.atomic
def do_route_feedback(item: Feedback, unit: OrgUnit, *, acting_user: Any, note: str = "") -> Feedback:
    """Accept (if not yet) and hand the item to the unit responsible."""
    _require_manager(acting_user)
    _require_status(item, (Status.NEW, Status.ACCEPTED), "Phản ánh này đã được chuyển xử lý hoặc đã kết thúc.")
    if unit is None:
        raise ValidationError("Vui lòng chọn đơn vị xử lý.")
    now = clock.now()
    with acting_as(acting_user):
        item.accepted_at = item.accepted_at or now
        item.status, item.unit, item.routed_at = Status.ROUTED, unit, now
        _save(item, "status", "unit", "routed_at", "accepted_at")
        _event(item, EventKind.ROUTED, acting_user, unit=unit, text=clean_text(note or "").strip())
    notify.email_sender(item, "routed")
    transaction.on_commit(lambda: notify.notify_unit(
        item, f"Phản ánh {item.tracking_code} được giao đơn vị xử lý (hạn {item.due_date:%d/%m/%Y})"))
    return item


@transaction.atomic
def do_transfer_feedback(item: Feedback, unit: OrgUnit, reason: str, *, acting_user: Any) -> Feedback:
    """Hand an item in progress to another unit, with the reason; the draft (if any) is dropped."""
    _require_handler(acting_user, item)
    _require_status(item, AT_UNIT_STATUSES, "Chỉ chuyển được phản ánh đang được đơn vị xử lý.")
    reason = _required_text(reason, "Vui lòng nêu lý do chuyển đơn vị.")
    if unit is None or unit.pk == item.unit_id:
        raise ValidationError("Vui lòng chọn một đơn vị khác đơn vị đang xử lý.")
    previous = item.unit
    with acting_as(acting_user):
        item.unit, item.status, item.draft_answer, item.drafted_by = unit, Status.ROUTED, "", None
        item.routed_at = clock.now()
        _save(item, "unit", "status", "draft_answer", "drafted_by", "routed_at")
        _event(item, EventKind.TRANSFERRED, acting_user, unit=unit, from_unit=previous, text=reason)
    notify.email_sender(item, "transferred")
    transaction.on_commit(lambda: notify.notify_unit(item, f"Phản ánh {item.tracking_code} được chuyển đến đơn vị"))
    transaction.on_commit(lambda: notify.notify_coordinators(
        item, f"Phản ánh {item.tracking_code} được chuyển sang {unit}: {reason[:80]}"))
    return item


@transaction.atomic
def do_merge_feedback(item: Feedback, into: Feedback, *, acting_user: Any) -> Feedback:
    """Close ``item`` as a duplicate of ``into``: it follows the other item's answer."""
    _require_manager(acting_user)
    _require_status(item, OPEN_STATUSES, "Chỉ gộp được phản ánh chưa kết thúc.")
    if into.pk == item.pk or into.status in (Status.MERGED, Status.REJECTED):
        raise ValidationError("Không gộp được vào phản ánh này.")
    with acting_as(acting_user):
        item.status, item.duplicate_of, item.closed_at = Status.MERGED, into, clock.now()
        _save(item, "status", "duplicate_of", "closed_at")
        _event(item, EventKind.MERGED, acting_user, text=f"Trùng nội dung với {into.tracking_code}.")
        _event(into, EventKind.NOTE, acting_user, text=f"Đã gộp phản ánh trùng {item.tracking_code} vào đây.")
    notify.email_sender(item, "merged")
    return item


@transaction.atomic
def do_reject_feedback(item: Feedback, reason: str, *, acting_user: Any) -> Feedback:
    _require_manager(acting_user)
    _require_status(item, (Status.NEW, Status.ACCEPTED), "Chỉ từ chối được phản ánh chưa chuyển xử lý.")
    reason = _required_text(reason, "Vui lòng nêu lý do không tiếp nhận.")
    with acting_as(acting_user):
        item.status, item.reject_reason, item.closed_at = Status.REJECTED, reason, clock.now()
        _save(item, "status", "reject_reason", "closed_at")
        _event(item, EventKind.REJECTED, acting_user, text=reason)
    notify.email_sender(item, "rejected")
    return item


# --- Handling ---------------------------------------------------------------------------------------------------------

@transaction.atomic
def do_add_note(item: Feedback, text: str, *, acting_user: Any) -> FeedbackEvent:
    """An internal note (never public)."""
    _require_handler(acting_user, item)
    text = _required_text(text, "Vui lòng nhập nội dung ghi chú.")
    return _event(item, EventKind.NOTE, acting_user, text=text, unit=item.unit)


@transaction.atomic
def do_draft_answer(item: Feedback, text: str, *, acting_user: Any) -> Feedback:
    """The unit's proposed answer, sent to the coordinator for approval."""
    _require_handler(acting_user, item)
    _require_status(item, AT_UNIT_STATUSES, "Chỉ soạn trả lời cho phản ánh đang được đơn vị xử lý.")
    text = _required_text(text, "Vui lòng nhập nội dung dự thảo trả lời.")
    with acting_as(acting_user):
        item.draft_answer, item.drafted_by, item.status = text, acting_user, Status.DRAFTED
        _save(item, "draft_answer", "drafted_by", "status")
        _event(item, EventKind.DRAFTED, acting_user, unit=item.unit, text=text)
    transaction.on_commit(lambda: notify.notify_coordinators(
        item, f"Dự thảo trả lời phản ánh {item.tracking_code} chờ duyệt"))
    return item


@transaction.atomic
def do_return_draft(item: Feedback, reason: str, *, acting_user: Any) -> Feedback:
    _require_manager(acting_user)
    _require_status(item, (Status.DRAFTED,), "Không có dự thảo chờ duyệt.")
    reason = _required_text(reason, "Vui lòng nêu lý do trả lại dự thảo.")
    with acting_as(acting_user):
        item.status = Status.ROUTED
        _save(item, "status")
        _event(item, EventKind.DRAFT_RETURNED, acting_user, unit=item.unit, text=reason)
    transaction.on_commit(lambda: notify.notify_unit(item, f"Dự thảo trả lời {item.tracking_code} bị trả lại"))
    return item


@transaction.atomic
def do_publish_answer(item: Feedback, *, acting_user: Any, text: str | None = None) -> Feedback:
    """Approve the draft (or the coordinator's own text) and publish it as the official answer."""
    _require_manager(acting_user)
    _require_status(item, AT_UNIT_STATUSES, "Chỉ công bố trả lời cho phản ánh đang được xử lý.")
    answer = _required_text(text if text is not None else item.draft_answer, "Chưa có nội dung trả lời.")
    now = clock.now()
    with acting_as(acting_user):
        item.answer, item.draft_answer, item.status = answer, answer, Status.ANSWERED
        item.answered_at, item.answer_unit = now, item.unit
        item.answered_on_time = item.due_date is None or now.astimezone(clock.VIETNAM).date() <= item.due_date
        _save(item, "answer", "draft_answer", "status", "answered_at", "answer_unit", "answered_on_time")
        _event(item, EventKind.PUBLISHED, acting_user, unit=item.unit, text=answer, at=now)
        if item.inbound_id and item.inbound and item.inbound.answer_url and item.inbound.is_active:
            delivery = OutboundDelivery.objects.create(
                feedback=item, inbound=item.inbound, url=item.inbound.answer_url, payload=answer_payload(item))
            from .tasks import deliver_answer

            transaction.on_commit(lambda: deliver_answer.enqueue(delivery.pk))
    notify.email_sender(item, "published")
    for duplicate in item.duplicates.filter(status=Status.MERGED).exclude(sender_email=""):
        notify.email_sender(duplicate, "original_answered")  # FixMyStreet: duplicates follow the original
    return item


def answer_payload(item: Feedback) -> dict[str, Any]:
    """What a channel receives: its own reference and the public answer (no personal data beyond its user ref)."""
    return {
        "reference": item.external_ref, "user": item.sender_ref, "tracking_code": item.tracking_code,
        "status": item.status, "answer": item.answer,
        "unit": item.answer_unit.name if item.answer_unit else "",
        "answered_at": item.answered_at.isoformat() if item.answered_at else None,
        "status_url": notify.absolute(item.get_public_url()),
    }


# --- The sender's verdict ---------------------------------------------------------------------------------------------

@transaction.atomic
def do_record_resolution(item: Feedback, resolved: bool) -> Feedback:
    """The sender says whether the answer resolved it: yes closes it, no reopens it at the unit with a new limit."""
    _require_status(item, (Status.ANSWERED,), "Phản ánh này không ở trạng thái chờ đánh giá.")
    now = clock.now()
    item.resolved, item.resolved_at = resolved, now
    if resolved:
        item.status, item.closed_at = Status.CLOSED, now
        _save(item, "resolved", "resolved_at", "status", "closed_at")
        _event(item, EventKind.RESOLVED)
        return item
    item.status, item.reopen_count = Status.ROUTED, item.reopen_count + 1
    item.due_date = due_date_for(item.category, clock.today())
    item.overdue_flagged_at = None
    _save(item, "resolved", "resolved_at", "status", "reopen_count", "due_date", "overdue_flagged_at")
    _event(item, EventKind.REOPENED, unit=item.unit)
    notify.email_sender(item, "reopened")
    transaction.on_commit(lambda: notify.notify_unit(item, f"Phản ánh {item.tracking_code} được mở lại: người gửi "
                                                          f"báo chưa được giải quyết"))
    transaction.on_commit(lambda: notify.notify_coordinators(item, f"Phản ánh {item.tracking_code} được mở lại"))
    return item


@transaction.atomic
def do_set_privacy(item: Feedback, keep_private: bool) -> Feedback:
    """The sender asks that the item stay unpublished (or allows publishing again)."""
    if item.keep_private != keep_private:
        item.keep_private = keep_private
        _save(item, "keep_private")
        _event(item, EventKind.PRIVACY, text="Người gửi đề nghị không công khai." if keep_private
               else "Người gửi đồng ý công khai.")
    return item


# --- Time limits ------------------------------------------------------------------------------------------------------

def do_flag_overdue(today: date | None = None) -> int:
    """Flag the open items past their due date (once each): history, the unit and the coordinators notified."""
    today = today or clock.today()
    flagged = 0
    items = list(Feedback.objects.overdue_on(today).filter(overdue_flagged_at__isnull=True)
                 .select_related("unit"))
    for item in items:
        with transaction.atomic():
            taken = Feedback.objects.filter(pk=item.pk, overdue_flagged_at__isnull=True).update(
                overdue_flagged_at=clock.now())
            if not taken:
                continue
            _event(item, EventKind.OVERDUE, unit=item.unit,
                   text=f"Quá hạn xử lý (hạn {item.due_date:%d/%m/%Y}).")
            title = f"Phản ánh {item.tracking_code} đã quá hạn xử lý (hạn {item.due_date:%d/%m/%Y})"
            transaction.on_commit(lambda item=item, title=title: (notify.notify_unit(item, title),
                                                                 notify.notify_coordinators(item, title)))
            flagged += 1
    return flagged


RETENTION_DAYS = 730


def do_erase_personal_data(today: date | None = None) -> int:
    """Decree 13/2023: the sender's personal data is kept only as long as the handling needs it. Items closed
    (resolved, rejected, merged, or answered with no verdict) more than ``CCHC_FEEDBACK_RETENTION_DAYS`` days ago
    (default two years) lose the name, phone, e-mail, channel user id and attachments; the history records it."""
    from datetime import timedelta

    from django.conf import settings

    today = today or clock.today()
    days = int(getattr(settings, "CCHC_FEEDBACK_RETENTION_DAYS", RETENTION_DAYS) or RETENTION_DAYS)
    limit = clock.start_of(today - timedelta(days=days))
    done = _closed_with_personal_data_before(limit)
    erased = 0
    for item in done:
        with transaction.atomic():
            for attachment in item.attachments.all():
                attachment.file.delete(save=False)
                attachment.delete()
            Feedback.objects.filter(pk=item.pk).update(sender_name="", sender_phone="", sender_email="",
                                                       sender_ref="")
            _event(item, EventKind.PRIVACY, text=f"Đã xóa dữ liệu cá nhân của người gửi (hết thời hạn lưu trữ "
                                                 f"{days} ngày).")
            erased += 1
    return erased


def _closed_with_personal_data_before(limit: datetime) -> list[Feedback]:
    from django.db.models import Q

    has_data = ~Q(sender_name="") | ~Q(sender_phone="") | ~Q(sender_email="") | ~Q(sender_ref="") | Q(
        attachments__isnull=False)
    closed = (Q(status__in=(Status.CLOSED, Status.REJECTED, Status.MERGED), closed_at__lt=limit)
              | Q(status=Status.ANSWERED, answered_at__lt=limit))
    return list(Feedback.objects.filter(closed).filter(has_data).distinct())


def pending_deliveries() -> int:
    return OutboundDelivery.objects.filter(status=DeliveryStatus.PENDING).count()
