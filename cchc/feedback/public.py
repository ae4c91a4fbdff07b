"""What the public may see of an item: never the sender's name, phone, e-mail, channel user or attachments; in the
texts, phone numbers, e-mail addresses and the sender's own name are masked. Every public page, the feed and the
public API go through ``public_dict``."""

from __future__ import annotations

import re
from typing import Any

from .choices import PUBLIC_EVENTS, EventKind, Status
from .models import Feedback

MASK = "[đã ẩn]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)(\+?\d[\d .-]{6,}\d)(?!\d)")


def mask(text: str, item: Feedback | None = None) -> str:
    """``text`` without e-mail addresses, phone numbers (8 digits or more) and the sender's name."""
    if not text:
        return ""
    text = _EMAIL.sub(MASK, text)
    text = _PHONE.sub(lambda m: MASK if sum(ch.isdigit() for ch in m.group(1)) >= 8 else m.group(1), text)
    if item is not None:
        for value in (item.sender_name, item.sender_phone, item.sender_email, item.sender_ref):
            value = (value or "").strip()
            if len(value) >= 3:
                text = re.sub(re.escape(value), MASK, text, flags=re.IGNORECASE)
    return text


def public_events(item: Feedback) -> list[dict[str, Any]]:
    """The steps a citizen sees: kind, date, unit name; no staff names, no internal notes or drafts."""
    rows = []
    for event in item.events.all():
        if event.kind not in PUBLIC_EVENTS:
            continue
        text = ""
        if event.kind in (EventKind.REJECTED, EventKind.MERGED):
            text = mask(event.text, item)
        rows.append({"kind": event.kind, "label": event.get_kind_display(), "at": event.created_at,
                     "unit": event.unit.name if event.unit_id and event.unit else "", "text": text})
    return rows


def show_text(item: Feedback, *, sender: bool = False) -> bool:
    """Whether the title, content and answer may be shown: always to the sender; to others unless the sender asked
    that it stay unpublished."""
    return sender or not item.keep_private


def public_dict(item: Feedback, *, sender: bool = False) -> dict[str, Any]:
    """The public status of an item (the status page and ``GET /api/v1/feedback/<code>/``)."""
    visible = show_text(item, sender=sender)
    data: dict[str, Any] = {
        "tracking_code": item.tracking_code,
        "status": item.status,
        "status_label": Status(item.status).label,
        "category": item.category.slug,
        "category_name": item.category.name,
        "received_at": item.received_at,
        "due_date": item.due_date,
        "unit": item.unit.name if item.unit_id and item.unit else "",
        "answered_at": item.answered_at,
        "answer_unit": item.answer_unit.name if item.answer_unit_id and item.answer_unit else "",
        "resolved": item.resolved,
        "duplicate_of": item.duplicate_of.tracking_code if item.duplicate_of_id and item.duplicate_of else "",
        "published": item.is_public,
        "title": mask(item.title, item) if visible else "",
        "content": mask(item.content, item) if visible else "",
        "answer": mask(item.answer, item) if visible and item.is_answered else "",
        "reject_reason": mask(item.reject_reason, item) if item.status == Status.REJECTED else "",
        "history": [{**row, "at": row["at"]} for row in public_events(item)],
    }
    return data
