"""The signed webhooks with other channels (the Zalo OA relay, the hotline system).

Inbound — ``POST /api/v1/feedback/webhook/<channel code>/``, JSON body, headers:

    X-CCHC-Timestamp: 1605859200            (Unix seconds; refused when more than 5 minutes away from now)
    X-CCHC-Nonce: 5b0e…                     (optional; any nonce is accepted once)
    X-CCHC-Signature: sha256=<hex>          HMAC-SHA256(secret, "<timestamp>.<nonce>.<raw body>")

The body's ``reference`` (the channel's own id of the message) is accepted once per channel: a replay, even signed
again, is refused with 409 and stores nothing.

Outbound — when an answer is published for an item that came through a channel with an ``answer_url``, an
``OutboundDelivery`` is queued: POSTed with the same headers (signed with the channel's secret), retried with
exponential backoff (1, 2, 4 … minutes, at most 6 hours apart, 12 attempts) by a task and by the periodic
``cchc feedback-deadlines`` until the channel answers 2xx.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.error
import urllib.request
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from .choices import DeliveryStatus, EventKind
from .models import FeedbackEvent, InboundChannel, OutboundDelivery, WebhookNonce

logger = logging.getLogger(__name__)

TIMESTAMP_WINDOW = 300  # seconds
MAX_ATTEMPTS = 12
BACKOFF_BASE = 60  # seconds
BACKOFF_MAX = 6 * 3600
TIMEOUT = 10
NONCE_KEEP = timedelta(days=2)


class WebhookError(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def signature(secret: str, timestamp: str, nonce: str, body: bytes) -> str:
    message = f"{timestamp}.{nonce}.".encode() + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def signed_headers(secret: str, body: bytes, *, timestamp: int | None = None,
                   nonce: str | None = None) -> dict[str, str]:
    stamp = str(int(timestamp if timestamp is not None else time.time()))
    nonce = nonce if nonce is not None else secrets.token_hex(12)
    return {"X-CCHC-Timestamp": stamp, "X-CCHC-Nonce": nonce,
            "X-CCHC-Signature": signature(secret, stamp, nonce, body), "Content-Type": "application/json"}


def verify(channel: InboundChannel, headers: Any, body: bytes, *, now: float | None = None) -> str:
    """Check the signature and the timestamp window; return the nonce. ``WebhookError`` (Vietnamese) otherwise."""
    stamp = headers.get("X-CCHC-Timestamp", "") or ""
    nonce = headers.get("X-CCHC-Nonce", "") or ""
    given = headers.get("X-CCHC-Signature", "") or ""
    if not stamp.isdigit() or not given:
        raise WebhookError("Thiếu chữ ký hoặc dấu thời gian (X-CCHC-Signature, X-CCHC-Timestamp).", 401)
    if abs((now if now is not None else time.time()) - int(stamp)) > TIMESTAMP_WINDOW:
        raise WebhookError("Dấu thời gian nằm ngoài khoảng cho phép (5 phút): yêu cầu bị từ chối.", 401)
    if not hmac.compare_digest(signature(channel.secret, stamp, nonce, body), given):
        raise WebhookError("Chữ ký không hợp lệ.", 401)
    return nonce


def remember_nonce(channel: InboundChannel, nonce: str) -> None:
    """Record a nonce once; a second use is a replay (409)."""
    if not nonce:
        return
    WebhookNonce.objects.filter(seen_at__lt=timezone.now() - NONCE_KEEP).delete()
    try:
        with transaction.atomic():
            WebhookNonce.objects.create(inbound=channel, nonce=nonce[:120])
    except IntegrityError as exc:
        raise WebhookError("Yêu cầu này đã được gửi trước đây (nonce trùng): bị từ chối.", 409) from exc


# --- Outbound -------------------------------------------------------------------------------------------------------

def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_MAX))


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - http(s) only
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
        return int(response.status)


def attempt(delivery: OutboundDelivery) -> bool:
    """POST one delivery now; record the result (delivered, or the next attempt, or given up)."""
    if not delivery.url.startswith(("http://", "https://")):
        raise ValueError("only http(s) URLs")
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    headers = signed_headers(delivery.inbound.secret, body)
    error = ""
    try:
        status = _post(delivery.url, body, headers)
        ok = 200 <= status < 300
        if not ok:
            error = f"HTTP {status}"
    except urllib.error.HTTPError as exc:
        ok, error = False, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        ok, error = False, str(getattr(exc, "reason", exc))[:500]
    now = timezone.now()
    delivery.attempts += 1
    if ok:
        delivery.status, delivery.delivered_at, delivery.last_error = DeliveryStatus.DELIVERED, now, ""
        FeedbackEvent.objects.create(feedback_id=delivery.feedback_id, kind=EventKind.DELIVERY,
                                     text=f"Đã gửi trả lời về kênh {delivery.inbound.name} "
                                          f"(lần thử thứ {delivery.attempts}).")
    else:
        delivery.last_error = error
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
            FeedbackEvent.objects.create(feedback_id=delivery.feedback_id, kind=EventKind.DELIVERY,
                                         text=f"Không gửi được trả lời về kênh {delivery.inbound.name} sau "
                                              f"{delivery.attempts} lần thử: {error}")
        else:
            delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.save(update_fields=["attempts", "status", "delivered_at", "last_error", "next_attempt_at"])
    return ok


def claim(delivery_id: int, *, lease: timedelta = timedelta(minutes=2)) -> OutboundDelivery | None:
    """Take a due delivery for this process (an atomic conditional update: two workers never post it twice)."""
    now = timezone.now()
    taken = OutboundDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING,
                                            next_attempt_at__lte=now).update(next_attempt_at=now + lease)
    if not taken:
        return None
    return OutboundDelivery.objects.select_related("inbound").get(pk=delivery_id)


def deliver(delivery_id: int) -> bool | None:
    """Attempt one delivery if it is due; None when it was not (already delivered, not due, taken)."""
    delivery = claim(delivery_id)
    if delivery is None:
        return None
    return attempt(delivery)


def deliver_due(limit: int = 200) -> dict[str, int]:
    """Every pending delivery whose next attempt is due: attempted once each."""
    due = list(OutboundDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now())
               .order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    counts = {"delivered": 0, "failed": 0}
    for pk in due:
        result = deliver(pk)
        if result is True:
            counts["delivered"] += 1
        elif result is False:
            counts["failed"] += 1
    return counts
