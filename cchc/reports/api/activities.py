"""The communication log over the API: /api/v1/activities/ (users and unit tokens) and /api/v1/indicators/.

Authentication: a session, a personal DRF token (``Token …``) or a unit token (``Bearer cchc_…``). A unit token
lists and pushes only its own unit's activities; a user reaches what ``restrict`` allows (officers their units,
leaders read only). Writes go through ``reports.activities`` so that the pages and the API behave identically.

Idempotent push: a POST whose (unit, source, external_id) matches an existing activity updates that activity and
answers 200 with it (201 when created). For a unit token the source defaults to the token's name, so a portal can
resend the same article safely. An activity in an approved report is not changed (403).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import authentication, exceptions, parsers, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cchc.core.choices import Action
from cchc.core.permissions import can

from ..activities import do_add_evidence, do_create_activity, do_delete_activity, do_update_activity
from ..forms_activities import ActivityFilterSet
from ..models import Activity, Indicator
from .auth import IsUserOrUnitToken, UnitTokenAuthentication, UnitTokenWriterMixin, unit_token_of
from .serializers_activities import ActivitySerializer, EvidenceSerializer, IndicatorSerializer

ACTION_OF = {"list": Action.VIEW, "retrieve": Action.VIEW, "create": Action.ADD, "update": Action.CHANGE,
             "partial_update": Action.CHANGE, "destroy": Action.DELETE, "evidence": Action.CHANGE}


def _as_drf(exc: Exception) -> exceptions.APIException:
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(" ".join(str(arg) for arg in exc.args) or None)
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    raise exc


class ActivityViewSet(UnitTokenWriterMixin, viewsets.ModelViewSet):
    """Activities of the caller's units. Filters: unit (id), channel (code), topic (code), date_from, date_to, q."""

    serializer_class = ActivitySerializer
    filterset_class = ActivityFilterSet
    authentication_classes = [UnitTokenAuthentication, authentication.SessionAuthentication,
                              authentication.TokenAuthentication]
    permission_classes = [IsUserOrUnitToken]
    ordering_fields = ["date", "id", "title"]
    ordering = ["-date", "-id"]
    queryset = Activity.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self) -> Any:
        token = unit_token_of(self.request)
        if token is not None:
            queryset = Activity.objects.filter(unit_id=token.unit_id)
        else:
            wanted = ACTION_OF.get(self.action, Action.VIEW)
            if not can(self.request.user, wanted, Activity):
                raise exceptions.PermissionDenied(_("You are not allowed to change activities."))
            queryset = Activity.objects.restrict(self.request.user, wanted)
        return queryset.select_related("unit", "channel").prefetch_related("topics", "evidence")

    own_unit_only_message = gettext_lazy("This API token can only record activities of its own unit.")
    give_unit_message = gettext_lazy("Give the unit of the activity.")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        unit = self.unit_for(data)
        topics = data.pop("topics", None)
        token = unit_token_of(request)
        if token is not None and not data.get("source"):
            data["source"] = token.name[:60]
        existing = None
        if data.get("external_id"):
            existing = Activity.objects.filter(unit=unit, source=data.get("source", ""),
                                               external_id=data["external_id"]).first()
        try:
            if existing is not None:
                activity = do_update_activity(existing, topics=topics, **data, **self.acting_kwargs())
                answer = status.HTTP_200_OK
            else:
                try:
                    with transaction.atomic():
                        activity = do_create_activity(unit=unit, topics=topics or [], **data,
                                                      **self.acting_kwargs())
                except (DjangoValidationError, IntegrityError):
                    # Two identical pushes at once: the other one created it between our look-up and our insert.
                    # Answer as it did (201, the same activity), having applied this push as an update.
                    winner = Activity.objects.filter(unit=unit, source=data.get("source", ""),
                                                     external_id=data.get("external_id") or None).first()
                    if winner is None:
                        raise
                    activity = do_update_activity(winner, topics=topics, **data, **self.acting_kwargs())
                answer = status.HTTP_201_CREATED
        except (DjangoPermissionDenied, DjangoValidationError) as exc:
            raise _as_drf(exc) from exc
        return Response(self.get_serializer(self._fresh(activity)).data, status=answer)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        activity = self.get_object()
        serializer = self.get_serializer(activity, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        unit = data.pop("unit", None)
        if unit is not None and unit.pk != activity.unit_id:
            raise exceptions.ValidationError({"unit": [_("The unit of an activity cannot be changed.")]})
        topics = data.pop("topics", None)
        try:
            do_update_activity(activity, topics=topics, **data, **self.acting_kwargs())
        except (DjangoPermissionDenied, DjangoValidationError) as exc:
            raise _as_drf(exc) from exc
        return Response(self.get_serializer(self._fresh(activity)).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        activity = self.get_object()
        try:
            do_delete_activity(activity, **self.acting_kwargs())
        except (DjangoPermissionDenied, DjangoValidationError) as exc:
            raise _as_drf(exc) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _fresh(self, activity: Activity) -> Activity:
        return self.get_queryset().model.objects.select_related("unit", "channel").prefetch_related(
            "topics", "evidence").get(pk=activity.pk)

    @extend_schema(request={"multipart/form-data": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"}}}}, responses={201: EvidenceSerializer})
    @action(detail=True, methods=["post"], parser_classes=[parsers.MultiPartParser, parsers.FormParser])
    def evidence(self, request: Request, pk: str | None = None) -> Response:
        """Attach an evidence file (multipart field ``file``); its type is checked by content."""
        activity = self.get_object()
        uploaded = request.FILES.get("file")
        if uploaded is None:
            raise exceptions.ValidationError({"file": [_("Attach a file in the field “file”.")]})
        try:
            evidence = do_add_evidence(activity, uploaded, **self.acting_kwargs())
        except (DjangoPermissionDenied, DjangoValidationError) as exc:
            raise _as_drf(exc) from exc
        return Response(EvidenceSerializer(evidence, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The indicator catalogue (read-only for any signed-in user)."""

    serializer_class = IndicatorSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["group", "value_type", "is_active"]
    ordering_fields = ["order", "code"]
    ordering = ["order", "code"]
    queryset = Indicator.objects.select_related("not_above")
