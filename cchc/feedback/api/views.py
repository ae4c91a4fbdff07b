"""The feedback API.

Public (no account): ``GET feedback/categories/``, ``POST feedback/`` (rate-limited per address like the form),
``GET feedback/<tracking_code>/`` (the public status: no personal data), and ``POST feedback/webhook/<channel>/``
(HMAC-signed, see ``cchc.feedback.webhooks``). Staff: ``feedback/items/`` with the role rules of the rest (officers
only the items routed to their units) and one POST per action.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cchc.core.choices import Action
from cchc.core.permissions import can

from .. import actions
from ..choices import Channel
from ..forms import HONEYPOT, FeedbackFilterSet
from ..models import Category, Feedback, InboundChannel
from ..notify import absolute, sender_status_url
from ..public import public_dict
from ..views_public import within_limits
from ..webhooks import WebhookError, remember_nonce, verify
from .serializers import (
    ActionSerializer,
    CategorySerializer,
    FeedbackSerializer,
    PublicStatusSerializer,
    SubmitSerializer,
    SubmittedSerializer,
    WebhookAcceptedSerializer,
    WebhookSerializer,
)


def _drf(exc: Exception) -> exceptions.APIException:
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError({"detail": exc.messages})
    raise exc


class CategoryList(generics.ListAPIView):
    """The categories a citizen may choose (public)."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    serializer_class = CategorySerializer
    pagination_class = None
    queryset = Category.objects.filter(is_active=True)


class SubmitView(APIView):
    """Send feedback (public, no account): answers the new item's ``tracking_code``. Rate-limited per address
    (429, nothing stored)."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(request=SubmitSerializer, responses={201: SubmittedSerializer, 400: OpenApiTypes.OBJECT,
                                                        429: OpenApiTypes.OBJECT})
    def post(self, request: Request) -> Response:
        if request.data.get(HONEYPOT):
            return Response({"detail": "Yêu cầu có dấu hiệu tự động: không được lưu."}, status=400)
        serializer = SubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        refused = within_limits(request._request, data.get("email", ""))
        if refused:
            return Response({"detail": refused}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        try:
            item = actions.do_submit_feedback(
                category=data["category"], unit_concerned=data.get("unit"), title=data["title"],
                content=data["content"], name=data.get("name", ""), phone=data.get("phone", ""),
                email=data.get("email", ""), consent=data["consent"], keep_private=data.get("keep_private", False),
                files=request.FILES.getlist("files"), channel=Channel.API)
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise _drf(exc) from exc
        return Response({"tracking_code": item.tracking_code, "status_url": absolute(sender_status_url(item))},
                        status=status.HTTP_201_CREATED)


class PublicStatus(APIView):
    """The public status of an item by its tracking code: status, dates, the published answer; never personal
    data."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: PublicStatusSerializer, 404: OpenApiTypes.OBJECT})
    def get(self, request: Request, code: str) -> Response:
        item = get_object_or_404(Feedback.objects.select_related("category", "unit", "answer_unit", "duplicate_of")
                                 .prefetch_related("events__unit"), tracking_code=code.upper())
        return Response(PublicStatusSerializer(public_dict(item)).data)


SIGNATURE_HEADERS = [
    OpenApiParameter("X-CCHC-Timestamp", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
                     description="Unix time in seconds; refused when more than 300 s away from the server's clock."),
    OpenApiParameter("X-CCHC-Nonce", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
                     description="A random value, accepted once (replays refused)."),
    OpenApiParameter("X-CCHC-Signature", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
                     description="`sha256=` + hex HMAC-SHA256 of `<timestamp>.<nonce>.<raw body>` with the "
                                 "channel's secret."),
]


class WebhookView(APIView):
    """Inbound webhook for other channels (the Zalo OA relay, the hotline system).

    The body is JSON (``WebhookSerializer``); the request is signed with the channel's secret (headers below).
    A ``reference`` already received from the channel is refused (409) — replays store nothing. The answer is sent
    back later to the channel's ``answer_url`` as a signed POST of ``{reference, user, tracking_code, status,
    answer, unit, answered_at, status_url}``, retried with backoff until the channel answers 2xx."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=SIGNATURE_HEADERS, request=WebhookSerializer,
                   responses={201: WebhookAcceptedSerializer, 400: OpenApiTypes.OBJECT,
                              404: OpenApiResponse(description="No such active channel"),
                              401: OpenApiResponse(description="Bad signature or timestamp"),
                              409: OpenApiResponse(description="Replay (nonce or reference already received)")})
    def post(self, request: Request, channel: str) -> Response:
        raw = request.body
        inbound = InboundChannel.objects.filter(code=channel, is_active=True).first()
        if inbound is None:
            return Response({"detail": "Kênh không tồn tại hoặc đã ngừng."}, status=404)
        try:
            with transaction.atomic():
                nonce = verify(inbound, request.headers, raw)
                try:
                    payload = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                    raise WebhookError("Nội dung không phải JSON hợp lệ.", 400) from exc
                serializer = WebhookSerializer(data=payload)
                if not serializer.is_valid():
                    return Response(serializer.errors, status=400)
                data = serializer.validated_data
                if Feedback.objects.filter(inbound=inbound, external_ref=data["reference"]).exists():
                    raise WebhookError("Mã tham chiếu này đã được nhận trước đây: yêu cầu bị từ chối.", 409)
                remember_nonce(inbound, nonce)
                category = data.get("category") or Category.objects.filter(slug="khac").first()
                content = data["content"]
                title = (data.get("title") or "").strip() or content.strip().split("\n")[0][:80]
                item = actions.do_submit_feedback(
                    category=category, title=title, content=content, name=data.get("name", ""),  # type: ignore[arg-type]
                    phone=data.get("phone", ""), email=data.get("email", ""),
                    consent=data.get("consent", False) or not (data.get("name") or data.get("phone")
                                                                or data.get("email")),
                    channel=inbound.kind, inbound=inbound, external_ref=data["reference"],
                    sender_ref=data.get("user", ""), received_at=data.get("received_at"))
        except WebhookError as exc:
            return Response({"detail": exc.message}, status=exc.status)
        except IntegrityError:
            return Response({"detail": "Mã tham chiếu này đã được nhận trước đây: yêu cầu bị từ chối."}, status=409)
        except DjangoValidationError as exc:
            return Response({"detail": exc.messages}, status=400)
        return Response({"tracking_code": item.tracking_code, "reference": item.external_ref,
                         "status_url": absolute(item.get_public_url())}, status=201)


class FeedbackViewSet(viewsets.ReadOnlyModelViewSet):
    """Items for staff. Officers: only the items routed to their units; leaders read; the coordinator acts."""

    serializer_class = FeedbackSerializer
    filterset_class = FeedbackFilterSet
    queryset = Feedback.objects.none()
    ordering = ["-received_at", "-id"]

    def get_queryset(self) -> Any:
        if not can(self.request.user, Action.VIEW, Feedback):
            raise exceptions.PermissionDenied("Không có quyền xem phản ánh.")
        return Feedback.objects.restrict(self.request.user, Action.VIEW).select_related("category", "unit")

    def _act(self, request: Request, pk: str, run: Any) -> Response:
        item = self.get_object()
        serializer = ActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            run(item, serializer)
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise _drf(exc) from exc
        item.refresh_from_db()
        return Response(FeedbackSerializer(item).data)

    @extend_schema(request=ActionSerializer, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, lambda item, s: actions.do_accept_feedback(item, acting_user=request.user))

    @extend_schema(request=ActionSerializer, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def route(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, lambda item, s: actions.do_route_feedback(
            item, s.get("unit"), acting_user=request.user, note=s.get("text") or ""))

    @extend_schema(request=ActionSerializer, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, lambda item, s: actions.do_transfer_feedback(
            item, s.get("unit"), s.get("reason") or "", acting_user=request.user))

    @extend_schema(request=ActionSerializer, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, lambda item, s: actions.do_reject_feedback(
            item, s.get("reason") or "", acting_user=request.user))

    @extend_schema(request=ActionSerializer, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str) -> Response:
        def run(item: Feedback, s: Any) -> None:
            into = Feedback.objects.filter(tracking_code=(s.get("into") or "").upper()).first()
            if into is None:
                raise DjangoValidationError("Không tìm thấy phản ánh gốc.")
            actions.do_merge_feedback(item, into, acting_user=request.user)

        return self._act(request, pk, run)

    @extend_schema(request=ActionSerializer, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def note(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, lambda item, s: actions.do_add_note(item, s.get("text") or "",
                                                                          acting_user=request.user))

    @extend_schema(request=ActionSerializer, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def draft(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, lambda item, s: actions.do_draft_answer(item, s.get("text") or "",
                                                                              acting_user=request.user))

    @extend_schema(request=ActionSerializer, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"], url_path="return-draft")
    def return_draft(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, lambda item, s: actions.do_return_draft(item, s.get("reason") or "",
                                                                              acting_user=request.user))

    @extend_schema(request=ActionSerializer, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, lambda item, s: actions.do_publish_answer(
            item, acting_user=request.user, text=s.get("text") or None))
