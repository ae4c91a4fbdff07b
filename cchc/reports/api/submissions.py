"""The reports API: /api/v1/forms/ (read-only, with their periods) and /api/v1/submissions/ (officers create and
fill their units' reports; Sở Nội vụ returns, approves and reopens them). Every write calls an action of
cchc.reports.submissions; a refused step answers 400 or 403 with the reason ({"detail": "…"}) and changes nothing.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cchc.core.choices import Action
from cchc.core.permissions import can
from cchc.units.models import OrgUnit

from .. import submissions as actions
from ..choices import SubmissionStatus
from ..models import FormIndicator, Period, ReportForm, Submission
from .serializers_submissions import (
    FormSerializer,
    ReasonSerializer,
    SubmissionCreateSerializer,
    SubmissionSerializer,
    SubmissionUpdateSerializer,
)


class FormViewSet(viewsets.ReadOnlyModelViewSet):
    """Report forms with their periods, oldest first (every signed-in user may read them)."""

    serializer_class = FormSerializer
    queryset = ReportForm.objects.none()  # for the schema; requests use get_queryset
    ordering = ["name", "id"]
    ordering_fields = ["name", "id"]
    filterset_fields = ["is_active", "period_type", "directive"]

    def get_queryset(self) -> QuerySet:
        return ReportForm.objects.prefetch_related(Prefetch("periods", queryset=Period.objects.order_by("start")))


class SubmissionFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=SubmissionStatus.choices)

    class Meta:
        model = Submission
        fields = ["form", "period", "unit", "status"]


class CanChangeSubmissions(permissions.BasePermission):
    """Everyone may read what ``restrict`` lets them; leaders may not write (403)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS or can(request.user, Action.CHANGE, Submission)


def _refused(exc: Exception) -> Response:
    if isinstance(exc, PermissionDenied):
        return Response({"detail": str(exc) or _("You are not allowed to do this.")},
                        status=status.HTTP_403_FORBIDDEN)
    assert isinstance(exc, ValidationError)
    body: dict[str, Any] = {"detail": " ".join(str(message) for message in exc.messages)}
    if hasattr(exc, "error_dict"):
        body["errors"] = {key: [str(message) for message in messages] for key, messages in exc.message_dict.items()}
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


class SubmissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Reports the caller may see. Filters: form, period, unit, status.

    POST {form, period, unit} starts a unit's report (pre-filled from its activities); PATCH {values: [{indicator,
    value}], narrative: {section: text}, activities: [ids]} fills it while a draft or returned; then
    POST …/submit/, and for Sở Nội vụ …/return/ {reason}, …/approve/, …/reopen/ {reason}.
    """

    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilterSet
    permission_classes = [permissions.IsAuthenticated, CanChangeSubmissions]
    http_method_names = ["get", "post", "patch", "head", "options"]
    ordering_fields = ["id", "submitted_at", "status"]
    ordering = ["id"]
    lookup_value_regex = r"\d+"
    queryset = Submission.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self) -> QuerySet:
        return (Submission.objects.restrict(self.request.user, Action.VIEW)
                .select_related("form", "period", "unit")
                .prefetch_related("values__indicator",
                                  Prefetch("form__form_indicators",
                                           queryset=FormIndicator.objects.select_related("indicator")
                                           .order_by("order", "id"))))

    def _answer(self, submission: Submission, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=submission.pk)
        return Response(SubmissionSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = SubmissionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        unit = get_object_or_404(OrgUnit, pk=data["unit"])
        try:
            submission = actions.do_start_submission(form=data["form"], period=data["period"], unit=unit,
                                                     acting_user=request.user)
        except (PermissionDenied, ValidationError) as exc:
            return _refused(exc)
        return self._answer(submission, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        submission = self.get_object()
        serializer = SubmissionUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        values = {row["indicator"]: row["value"] for row in data.get("values", [])}
        try:
            actions.do_save_submission(submission, acting_user=request.user, values=values,
                                       narrative=data.get("narrative"), activity_ids=data.get("activities"))
        except (PermissionDenied, ValidationError) as exc:
            return _refused(exc)
        return self._answer(submission)

    def _step(self, request: Request, step: str) -> Response:
        submission = self.get_object()
        reason = ""
        if step in ("return", "reopen"):
            serializer = ReasonSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            reason = serializer.validated_data.get("reason", "")
        try:
            if step == "submit":
                actions.do_submit(submission, acting_user=request.user)
            elif step == "approve":
                actions.do_approve(submission, acting_user=request.user)
            elif step == "return":
                actions.do_return(submission, acting_user=request.user, reason=reason)
            else:
                actions.do_reopen(submission, acting_user=request.user, reason=reason)
        except (PermissionDenied, ValidationError) as exc:
            return _refused(exc)
        return self._answer(submission)

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, "submit")

    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, "return")

    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, "approve")

    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, "reopen")
