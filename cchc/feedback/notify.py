"""Telling people: the sender by e-mail at each step (when an address was given), staff in the notification centre.

The sender's e-mail is built from the item at sending time (a task after commit), so a rolled back step sends
nothing. The "was it resolved?" links carry a signed token (``sender_token``): only the sender's mail (or the page
shown right after sending) holds it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from cchc.core.choices import Role
from cchc.core.models import notify

from .models import Feedback

TOKEN_SALT = "cchc.feedback.sender"  # noqa: S105 - a salt, not a secret
NOTIFICATION_CATEGORY = "feedback"

# What each step says to the sender (subject; the body template is shared).
SENDER_MESSAGES = {
    "received": "Đã nhận phản ánh, kiến nghị của Ông/Bà",
    "accepted": "Phản ánh, kiến nghị của Ông/Bà đã được tiếp nhận xử lý",
    "routed": "Phản ánh, kiến nghị của Ông/Bà đã được chuyển đến đơn vị có thẩm quyền",
    "transferred": "Phản ánh, kiến nghị của Ông/Bà đã được chuyển đến đơn vị khác",
    "rejected": "Phản ánh, kiến nghị của Ông/Bà không được tiếp nhận",
    "merged": "Phản ánh, kiến nghị của Ông/Bà được xử lý chung với một phản ánh trùng nội dung",
    "published": "Đã có trả lời phản ánh, kiến nghị của Ông/Bà",
    "reopened": "Phản ánh, kiến nghị của Ông/Bà đã được mở lại để xử lý tiếp",
    "original_answered": "Đã có trả lời cho phản ánh trùng nội dung với phản ánh của Ông/Bà",
}


def sender_token(item: Feedback) -> str:
    return signing.Signer(salt=TOKEN_SALT).sign(item.tracking_code).split(":", 1)[1]


def check_sender_token(item: Feedback, token: str | None) -> bool:
    if not token:
        return False
    try:
        return signing.Signer(salt=TOKEN_SALT).unsign(f"{item.tracking_code}:{token}") == item.tracking_code
    except signing.BadSignature:
        return False


def absolute(path: str) -> str:
    base = (getattr(settings, "CCHC_SITE_URL", "") or "").rstrip("/")
    return f"{base}{path}"


def sender_status_url(item: Feedback) -> str:
    """The status page with the sender's token (the resolved/not resolved buttons appear once answered)."""
    return f"{reverse('feedback:status', args=[item.tracking_code])}?k={sender_token(item)}"


def send_sender_email_now(item_id: int, step: str) -> bool:
    """Send the sender the message of ``step`` (False when there is no address or the item is gone)."""
    item = Feedback.objects.select_related("category", "unit", "duplicate_of").filter(pk=item_id).first()
    if item is None or not item.sender_email or step not in SENDER_MESSAGES:
        return False
    status_url = absolute(sender_status_url(item))
    context = {
        "item": item, "step": step, "subject": SENDER_MESSAGES[step], "status_url": status_url,
        "yes_url": absolute(f"{reverse('feedback:rate', args=[item.tracking_code])}?k={sender_token(item)}"
                            "&resolved=yes"),
        "no_url": absolute(f"{reverse('feedback:rate', args=[item.tracking_code])}?k={sender_token(item)}"
                           "&resolved=no"),
        "site_name": getattr(settings, "CCHC_SITE_NAME", "CCHC Hub"),
        "province_name": getattr(settings, "CCHC_PROVINCE_NAME", "Gia Lai"),
    }
    text = render_to_string("feedback/emails/sender.txt", context)
    html = render_to_string("feedback/emails/sender.html", context)
    message = EmailMultiAlternatives(f"[{item.tracking_code}] {SENDER_MESSAGES[step]}", text,
                                     settings.DEFAULT_FROM_EMAIL, [item.sender_email])
    message.attach_alternative(html, "text/html")
    message.send()
    from .models import FeedbackEvent

    FeedbackEvent.objects.create(feedback=item, kind="notified",
                                 text=f"Đã gửi thư cho người gửi: {SENDER_MESSAGES[step]}.")
    return True


def email_sender(item: Feedback, step: str) -> None:
    """Queue the sender's message for ``step`` once the transaction commits (nothing without an address)."""
    if not item.sender_email:
        return
    from .tasks import send_sender_email

    item_id = item.pk
    transaction.on_commit(lambda: send_sender_email.enqueue(item_id, step))


def _coordinators() -> list[Any]:
    from cchc.accounts.models import User

    return list(User.objects.filter(is_active=True, role__in=(Role.COORDINATOR, Role.ADMIN)))


def notify_unit(item: Feedback, title: str) -> None:
    """The officers of the item's unit, in their notification centre."""
    if item.unit is None:
        return
    users = list(item.unit.members.filter(is_active=True, role=Role.OFFICER))
    if users:
        notify(users, title, url=item.get_absolute_url(), category=NOTIFICATION_CATEGORY)


def notify_coordinators(item: Feedback, title: str) -> None:
    users = [user for user in _coordinators() if user.role == Role.COORDINATOR] or _coordinators()
    if users:
        notify(users, title, url=item.get_absolute_url(), category=NOTIFICATION_CATEGORY)
