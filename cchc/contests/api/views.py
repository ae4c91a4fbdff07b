"""The contests API.

Public (no account): ``GET /api/v1/contests/`` and ``/api/v1/contests/{slug}/`` (with its ``rounds``);
taking part: ``POST /api/v1/contests/rounds/{id}/attempts/`` (start: name, phone, unit, commune, age_group →
the attempt's token, questions and deadline), ``GET /api/v1/contests/attempts/{token}/``,
``POST …/attempts/{token}/answers/`` ({question, choices}: one answer, 204), ``POST …/guess/`` and ``POST …/submit/``.
Staff (administrators, coordinators, leaders): ``GET /api/v1/contests/rounds/{id}/ranking/``, ``…/export/``
(XLSX), ``GET /api/v1/contests/{slug}/results/`` (writing contests).
"""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from cchc.core import clock

from .. import access, actions, exports
from ..models import Answer, Attempt, Choice, Contest, Round
from .serializers import (
    ContestDetailSerializer,
    ContestSerializer,
    GuessSerializer,
    StartSerializer,
)


def _refused(exc: actions.ContestError) -> Response:
    code = status.HTTP_409_CONFLICT if exc.code in {"finished", "time_up", "in_progress", "no_attempts_left",
                                                    "closed"} else status.HTTP_400_BAD_REQUEST
    if exc.code == "not_found":
        code = status.HTTP_404_NOT_FOUND
    return Response({"detail": exc.message, "code": exc.code}, status=code)


class ContestViewSet(viewsets.ReadOnlyModelViewSet):
    """Published contests; the detail lists its rounds."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filterset_fields = ["kind"]

    def get_queryset(self) -> Any:
        return Contest.objects.filter(is_published=True).prefetch_related(
            Prefetch("rounds", queryset=Round.objects.order_by("number")))

    def get_serializer_class(self) -> Any:
        return ContestDetailSerializer if self.action == "retrieve" else ContestSerializer


def _attempt_payload(attempt: Attempt, *, with_questions: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {"token": attempt.token, "status": attempt.status, "deadline": attempt.deadline,
                            "seconds_left": max(0, int((attempt.deadline - clock.now()).total_seconds())),
                            "tie_break_question": attempt.round.tie_break_question,
                            "tie_break_guess": attempt.tie_break_guess}
    if attempt.is_finished:
        data.update(score=attempt.score, duration_seconds=attempt.duration_seconds,
                    submitted_at=attempt.submitted_at)
    if with_questions:
        answers = list(Answer.objects.filter(attempt=attempt).select_related("question").order_by("position"))
        choices: dict[int, list[dict]] = {}
        for choice in Choice.objects.filter(question_id__in=[a.question_id for a in answers]).order_by("order", "id"):
            choices.setdefault(choice.question_id, []).append({"id": choice.id, "text": choice.text})
        data["questions"] = [{"id": a.question_id, "text": a.question.text, "kind": a.question.kind,
                              "choices": choices.get(a.question_id, []), "answer": a.choice_ids()} for a in answers]
    return data


@extend_schema(request=StartSerializer, responses={201: dict})
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
def start_attempt(request: Request, pk: int) -> Response:
    """Start an attempt at a round (or get one's attempt in progress back with its token)."""
    round_ = get_object_or_404(Round.objects.select_related("contest"), pk=pk, contest__is_published=True)
    serializer = StartSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    if not access.public_allowed(request, "start"):
        return Response({"detail": access.RATE_LIMITED, "code": "rate_limited"},
                        status=status.HTTP_429_TOO_MANY_REQUESTS)
    data = serializer.validated_data
    try:
        attempt = actions.do_start_attempt(round_, name=data["name"], phone=data["phone"], unit_id=data.get("unit"),
                                           commune=data.get("commune", ""), age_group=data.get("age_group", ""),
                                           resume_tokens={request.headers.get("X-Attempt-Token", "")})
    except actions.ContestError as exc:
        return _refused(exc)
    attempt.round = round_
    return Response(_attempt_payload(attempt), status=status.HTTP_201_CREATED)


@extend_schema(responses={200: dict})
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def attempt_detail(request: Request, token: str) -> Response:
    attempt = get_object_or_404(Attempt.objects.select_related("round"), token=token)
    return Response(_attempt_payload(attempt))


@csrf_exempt
@require_POST
def save_answer(request: HttpRequest, token: str) -> HttpResponse:
    """Save one answer: ``{"question": id, "choices": [ids]}`` → 204. The hot path of a rush, so a plain Django
    view (no DRF serializer, no session, no authentication: the attempt's secret token is the credential) around
    one conditional UPDATE. Refusals: 400/404/409 with ``{"detail", "code"}`` in Vietnamese."""
    try:
        payload = json.loads(request.body or b"{}")
        question = int(payload["question"])
        choices = actions.parse_choices(payload.get("choices") or [])
    except (ValueError, KeyError, TypeError, actions.ContestError):
        return JsonResponse({"detail": "Dữ liệu gửi lên không hợp lệ.", "code": "invalid"}, status=400)
    if len(choices) > 20:
        return JsonResponse({"detail": "Đáp án không hợp lệ.", "code": "choices"}, status=400)
    try:
        actions.save_answer(token, question, choices)
    except actions.ContestError as exc:
        refused = _refused(exc)
        return JsonResponse(refused.data, status=refused.status_code)
    return HttpResponse(status=204)


@extend_schema(request=GuessSerializer, responses={204: None})
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
def save_guess(request: Request, token: str) -> Response:
    serializer = GuessSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        actions.save_guess(token, serializer.validated_data.get("guess"))
    except actions.ContestError as exc:
        return _refused(exc)
    return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(request=GuessSerializer, responses={200: dict})
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
def submit_attempt(request: Request, token: str) -> Response:
    """Submit, exactly once: a second submission answers 409 with the recorded result."""
    serializer = GuessSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        attempt, accepted = actions.do_submit_attempt(token, guess=serializer.validated_data.get("guess"))
    except actions.ContestError as exc:
        return _refused(exc)
    payload = _attempt_payload(attempt, with_questions=False)
    payload["accepted"] = accepted
    return Response(payload, status=status.HTTP_200_OK if accepted else status.HTTP_409_CONFLICT)


@extend_schema(responses={200: dict})
@api_view(["GET"])
def round_ranking(request: Request, pk: int) -> Response:
    """The ranking of a round (staff: administrators, coordinators, leaders)."""
    access.require_reader(request.user)
    round_ = get_object_or_404(Round, pk=pk)
    rows = actions.ranking(round_)
    return Response({"round": round_.id, "participants": len(rows), "results": [
        {"rank": r["rank"], "prize": r["prize"], "attempt": r["id"], "name": r["entrant__name"],
         "phone": r["entrant__phone"], "unit": r["unit_name"], "commune": r["entrant__commune"],
         "score": r["score"], "duration_seconds": r["duration_seconds"], "tie_break_guess": r["tie_break_guess"],
         "submitted_at": r["submitted_at"]} for r in rows]})


@extend_schema(responses={200: bytes})
@api_view(["GET"])
def round_export(request: Request, pk: int) -> HttpResponse:
    access.require_reader(request.user)
    round_ = get_object_or_404(Round.objects.select_related("contest"), pk=pk)
    return exports.round_response(round_)


@extend_schema(responses={200: dict})
@api_view(["GET"])
def writing_results(request: Request, slug: str) -> Response:
    access.require_reader(request.user)
    contest = get_object_or_404(Contest, slug=slug)
    rows = actions.entry_results(contest)
    return Response({"contest": contest.slug, "results": [
        {"rank": r["rank"], "prize": r["prize"], "code": r["entry"].code, "title": r["entry"].title,
         "author": r["entry"].entrant.name, "final": r["final"], "status": r["status"],
         "judges": [{"judge": j["judge"].username, "total": j["total"], "conflict": j["conflict"],
                     "dropped": j.get("dropped", False)} for j in r["judges"]]} for r in rows]})
