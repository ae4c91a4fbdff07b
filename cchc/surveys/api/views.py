"""The surveys API.

Public: ``GET /api/v1/surveys/`` (open surveys), ``GET /api/v1/surveys/{slug}/`` (sections, questions, choices,
skip logic), ``POST /api/v1/surveys/{slug}/responses/`` ({"link": code?, "answers": [{"question", "choices",
"other", "rating", "text"}]}; rate-limited per address). Staff: ``GET /api/v1/surveys/{slug}/results/`` (the
satisfaction index overall and per unit; officers see their own units only).
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from cchc.core.permissions import role_of
from cchc.core.ratelimit import client_ip, hit

from .. import actions, results
from ..models import Choice, Question, Survey, SurveyLink
from ..models import Response as SurveyResponse
from ..views import SUBMIT_LIMIT


class ChoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Choice
        fields = ["id", "text"]


class QuestionSerializer(serializers.ModelSerializer):
    choices = ChoiceSerializer(many=True, read_only=True)
    section = serializers.CharField(source="section.title", default="", read_only=True)

    class Meta:
        model = Question
        fields = ["id", "section", "text", "kind", "required", "allow_other", "show_if", "choices"]


class SurveySerializer(serializers.ModelSerializer):
    class Meta:
        model = Survey
        fields = ["id", "slug", "title", "description", "is_open", "is_anonymous"]


class SurveyDetailSerializer(SurveySerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta(SurveySerializer.Meta):
        fields = [*SurveySerializer.Meta.fields, "questions"]


class AnswerInSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    choices = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    other = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    rating = serializers.IntegerField(required=False, allow_null=True, default=None)
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ResponseInSerializer(serializers.Serializer):
    link = serializers.CharField(required=False, allow_blank=True, default="")
    answers = AnswerInSerializer(many=True)


class SurveyViewSet(viewsets.ReadOnlyModelViewSet):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    lookup_field = "slug"

    def get_queryset(self) -> Any:
        return Survey.objects.filter(is_open=True).prefetch_related("questions__choices", "questions__section")

    def get_serializer_class(self) -> Any:
        return SurveyDetailSerializer if self.action == "retrieve" else SurveySerializer


@extend_schema(request=ResponseInSerializer, responses={201: dict})
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
def submit_response(request: Request, slug: str) -> Response:
    survey = get_object_or_404(Survey, slug=slug)
    serializer = ResponseInSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    link = None
    if data.get("link"):
        link = SurveyLink.objects.filter(survey=survey, code=data["link"]).select_related("unit").first()
        if link is None:
            return Response({"detail": "Liên kết khảo sát không đúng."}, status=status.HTTP_400_BAD_REQUEST)
    if not hit(f"surveys:{client_ip(request)}", limit=SUBMIT_LIMIT, window=3600):
        return Response({"detail": "Bạn đã gửi quá nhiều phiếu trong một giờ. Xin thử lại sau."},
                        status=status.HTTP_429_TOO_MANY_REQUESTS)
    answers = {a["question"]: a for a in data["answers"]}
    try:
        response = actions.do_submit_response(survey, answers, link=link)
    except actions.SurveyError as exc:
        return Response({"detail": "Phiếu chưa hợp lệ.", "errors": {str(k): v for k, v in exc.errors.items()}},
                        status=status.HTTP_400_BAD_REQUEST)
    return Response({"id": response.id}, status=status.HTTP_201_CREATED)


@extend_schema(responses={200: dict})
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def survey_results(request: Request, slug: str) -> Response:
    if not role_of(request.user):
        return Response(status=status.HTTP_403_FORBIDDEN)
    survey = get_object_or_404(Survey, slug=slug)
    responses = SurveyResponse.objects.restrict(request.user).filter(survey=survey)
    overall = results.satisfaction(responses)
    return Response({"survey": survey.slug, "responses": responses.count(), "index": overall["index"],
                     "satisfied": overall["satisfied"], "answered": overall["answered"],
                     "definition": results.INDEX_DEFINITION,
                     "units": [{k: r[k] for k in ("unit_id", "unit", "responses", "answered", "satisfied", "index")}
                               for r in results.by_unit(responses)]})
