"""The inbound webhook (signature, timestamp window, replays) and the outbound answer retried until accepted."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.utils import timezone

from cchc.feedback import actions
from cchc.feedback.choices import Channel, DeliveryStatus, EventKind
from cchc.feedback.models import Feedback, InboundChannel, OutboundDelivery, WebhookNonce
from cchc.feedback.webhooks import deliver_due, signature, signed_headers

SECRET = "zalo-relay-secret-for-tests-0123456789"  # noqa: S105
URL = "/api/v1/feedback/webhook/zalo-oa/"


@pytest.fixture
def zalo(db: Any) -> InboundChannel:
    return InboundChannel.objects.create(code="zalo-oa", name="Zalo OA", kind=Channel.ZALO, secret=SECRET)


def _payload(reference: str = "msg-001", **extra: Any) -> bytes:
    return json.dumps({"reference": reference, "user": "zalo-user-42", "category": "dat-dai",
                       "content": "Hồ sơ đất đai của tôi quá hạn.", **extra}, ensure_ascii=False).encode()


def _post(client: Any, body: bytes, headers: dict[str, str]) -> Any:
    return client.post(URL, data=body, content_type="application/json",
                       headers={k: v for k, v in headers.items() if k != "Content-Type"})


@pytest.mark.django_db
def test_a_signed_message_becomes_an_item(client: Any, zalo: Any, categories: Any) -> None:
    body = _payload()
    response = _post(client, body, signed_headers(SECRET, body))
    assert response.status_code == 201, response.content
    item = Feedback.objects.get(tracking_code=response.json()["tracking_code"])
    assert item.channel == Channel.ZALO and item.inbound == zalo and item.external_ref == "msg-001"
    assert item.sender_ref == "zalo-user-42" and item.title == "Hồ sơ đất đai của tôi quá hạn."


@pytest.mark.django_db
def test_bad_signatures_stale_timestamps_and_replays_are_refused(client: Any, zalo: Any, categories: Any) -> None:
    body = _payload()
    bad = signed_headers("another-secret-xxxxxxxxxxxxxxxxxxx", body)
    assert _post(client, body, bad).status_code == 401
    tampered = signed_headers(SECRET, body)
    assert _post(client, _payload(content="Nội dung đã bị sửa"), tampered).status_code == 401
    stale = signed_headers(SECRET, body, timestamp=int(time.time()) - 3600)
    assert _post(client, body, stale).status_code == 401
    assert _post(client, body, {}).status_code == 401
    assert Feedback.objects.count() == 0 and WebhookNonce.objects.count() == 0

    headers = signed_headers(SECRET, body)
    assert _post(client, body, headers).status_code == 201
    assert _post(client, body, headers).status_code == 409  # the very same request again
    again = signed_headers(SECRET, body)  # signed anew, same reference
    assert _post(client, body, again).status_code == 409
    assert Feedback.objects.count() == 1
    other = _payload("msg-002")
    reused_nonce = signed_headers(SECRET, other, nonce=headers["X-CCHC-Nonce"])
    assert _post(client, other, reused_nonce).status_code == 409
    assert Feedback.objects.count() == 1


def test_the_signature_covers_timestamp_nonce_and_body() -> None:
    assert signature("k", "1", "n", b"{}") != signature("k", "2", "n", b"{}")
    assert signature("k", "1", "n", b"{}") != signature("k", "1", "m", b"{}")


class FlakyReceiver(BaseHTTPRequestHandler):
    """Fails twice (503), then accepts (200); records what it received."""

    calls: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)
        FlakyReceiver.calls.append({"body": json.loads(body), "signature": self.headers.get("X-CCHC-Signature"),
                                    "timestamp": self.headers.get("X-CCHC-Timestamp"),
                                    "nonce": self.headers.get("X-CCHC-Nonce"), "raw": body})
        self.send_response(503 if len(FlakyReceiver.calls) <= 2 else 200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.mark.django_db
def test_the_answer_goes_back_and_is_retried_until_accepted(client: Any, zalo: Any, categories: Any,
                                                           province: Any, coordinator: Any) -> None:
    server = HTTPServer(("127.0.0.1", 0), FlakyReceiver)
    FlakyReceiver.calls = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        zalo.answer_url = f"http://127.0.0.1:{server.server_port}/cchc-answer"
        zalo.save()
        body = _payload("msg-777")
        item = Feedback.objects.get(tracking_code=_post(client, body, signed_headers(SECRET, body)).json()[
            "tracking_code"])
        actions.do_route_feedback(item, province.pleiku, acting_user=coordinator)
        actions.do_publish_answer(item, acting_user=coordinator, text="Hồ sơ đã được giải quyết.")
        delivery = OutboundDelivery.objects.get(feedback=item)
        assert len(FlakyReceiver.calls) == 1  # the first attempt right after publishing (task on commit)
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1 and "503" in delivery.last_error
        first_wait = delivery.next_attempt_at - timezone.now()
        assert timedelta(seconds=50) < first_wait <= timedelta(seconds=60)
        assert deliver_due() == {"delivered": 0, "failed": 0}  # not due yet: nothing sent
        for expected_attempts in (2, 3):
            OutboundDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
            deliver_due()
            delivery.refresh_from_db()
            assert delivery.attempts == expected_attempts
        assert delivery.status == DeliveryStatus.DELIVERED and len(FlakyReceiver.calls) == 3
        sent = FlakyReceiver.calls[-1]
        assert sent["body"]["reference"] == "msg-777" and sent["body"]["answer"] == "Hồ sơ đã được giải quyết."
        assert sent["body"]["user"] == "zalo-user-42"
        assert sent["signature"] == signature(SECRET, sent["timestamp"], sent["nonce"], sent["raw"])
        assert item.events.filter(kind=EventKind.DELIVERY).count() == 1
        OutboundDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        deliver_due()
        assert len(FlakyReceiver.calls) == 3  # delivered once, never again
    finally:
        server.shutdown()


@pytest.mark.django_db
def test_the_webhook_is_in_the_openapi_schema(client: Any) -> None:
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/feedback/webhook/{channel}/"]["post"]
    assert {"X-CCHC-Signature", "X-CCHC-Timestamp"} <= {p["name"] for p in operation["parameters"]}
    assert "/api/v1/feedback/categories/" in schema["paths"]
