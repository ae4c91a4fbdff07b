"""The column over the API: /api/v1/content/.

A unit's system (unit token, ``Bearer cchc_…``) submits drafts of its own unit and reads them back; a POST with
an ``external_id`` already sent updates that draft (idempotent). Signed-in users follow the roles of the pages:
officers write drafts of their units, coordinators also publish, return and archive, leaders read.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import authentication, exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cchc.core.choices import Action
from cchc.core.permissions import can
from cchc.reports.api.auth import IsUserOrUnitToken, UnitTokenAuthentication, UnitTokenWriterMixin, unit_token_of

from .. import actions
from ..models import Item
from .serializers import ItemSerializer


def _as_drf(exc: Exception) -> exceptions.APIException:
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(" ".join(str(arg) for arg in exc.args) or None)
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    raise exc


class ContentPermission(IsUserOrUnitToken):
    token_actions = frozenset({"list", "retrieve", "create", "update", "partial_update", "submit"})


class ItemViewSet(UnitTokenWriterMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Items of the CCHC column. Filters: status, kind, unit (id)."""

    serializer_class = ItemSerializer
    authentication_classes = [UnitTokenAuthentication, authentication.SessionAuthentication,
                              authentication.TokenAuthentication]
    permission_classes = [ContentPermission]
    filterset_fields = ["status", "kind", "unit"]
    ordering_fields = ["updated_at", "published_at", "id"]
    ordering = ["-updated_at", "-id"]
    queryset = Item.objects.none()

    def get_queryset(self) -> Any:
        token = unit_token_of(self.request)
        if token is not None:
            queryset = Item.objects.filter(unit_id=token.unit_id)
        else:
            wanted = Action.VIEW if self.action in ("list", "retrieve") else Action.CHANGE
            if not can(self.request.user, wanted, Item):
                raise exceptions.PermissionDenied(_("You are not allowed to write items of the column."))
            queryset = Item.objects.restrict(self.request.user, Action.VIEW)
        return queryset.select_related("unit").prefetch_related("topics")

    own_unit_only_message = gettext_lazy("This API token can only submit items of its own unit.")
    give_unit_message = gettext_lazy("Give the unit of the item.")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if unit_token_of(request) is None and not can(request.user, Action.CHANGE, Item):
            raise exceptions.PermissionDenied(_("You are not allowed to write items of the column."))
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
            existing = Item.objects.filter(unit=unit, source=data.get("source", ""),
                                           external_id=data["external_id"]).first()
        try:
            if existing is not None:
                item = actions.do_update_item(existing, topics=topics, **data, **self.acting_kwargs())
                answer = status.HTTP_200_OK
            else:
                item = actions.do_create_item(unit=unit, topics=topics or [], **data, **self.acting_kwargs())
                answer = status.HTTP_201_CREATED
        except (DjangoPermissionDenied, DjangoValidationError) as exc:
            raise _as_drf(exc) from exc
        return Response(self.get_serializer(item).data, status=answer)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        item = self.get_object()
        serializer = self.get_serializer(item, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("unit", None)
        topics = data.pop("topics", None)
        try:
            actions.do_update_item(item, topics=topics, **data, **self.acting_kwargs())
        except (DjangoPermissionDenied, DjangoValidationError) as exc:
            raise _as_drf(exc) from exc
        return Response(self.get_serializer(item).data)

    def _transition(self, verb: str) -> Response:
        item = self.get_object()
        try:
            if verb == "submit":
                actions.do_submit_item(item, **self.acting_kwargs())
            elif verb == "publish":
                actions.do_publish_item(item, acting_user=self.request.user)
            elif verb == "archive":
                actions.do_archive_item(item, acting_user=self.request.user)
            elif verb == "return":
                actions.do_return_item(item, str(self.request.data.get("reason", "")), acting_user=self.request.user)
        except (DjangoPermissionDenied, DjangoValidationError) as exc:
            raise _as_drf(exc) from exc
        item.refresh_from_db()
        return Response(self.get_serializer(item).data)

    @extend_schema(request=None, responses={200: ItemSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Send the draft to the coordinators."""
        return self._transition("submit")

    @extend_schema(request=None, responses={200: ItemSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Publish now (coordinators)."""
        return self._transition("publish")

    @extend_schema(request={"application/json": {"type": "object", "properties": {"reason": {"type": "string"}}}},
                   responses={200: ItemSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        """Return to the unit with a reason (coordinators)."""
        return self._transition("return")

    @extend_schema(request=None, responses={200: ItemSerializer})
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, pk: str | None = None) -> Response:
        """Take a published item off the public pages (coordinators)."""
        return self._transition("archive")
