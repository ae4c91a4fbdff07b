"""The directives API: directives (read-only) and assignments (officers update their own)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from rest_framework import mixins, permissions, viewsets

from cchc.core.choices import Action
from cchc.core.permissions import can

from ..filtersets import AssignmentFilterSet, DirectiveFilterSet
from ..models import Assignment, Directive, ReportRequest
from .serializers import AssignmentSerializer, DirectiveDetailSerializer, DirectiveSerializer


class DirectiveViewSet(viewsets.ReadOnlyModelViewSet):
    """Directives the caller may see (officers: those that assign something to their units).

    Filters: q (search, diacritics optional), year, issuer, status (open: assignments still open; done).
    The detail adds the tasks with their assignments counted by status, and the report requests.
    """

    filterset_class = DirectiveFilterSet
    ordering_fields = ["date", "number", "id"]
    ordering = ["-date", "-id"]
    lookup_value_regex = r"\d+"
    queryset = Directive.objects.none()  # for the schema; requests use get_queryset

    def get_serializer_class(self) -> type:
        return DirectiveDetailSerializer if self.action == "retrieve" else DirectiveSerializer

    def get_queryset(self) -> QuerySet:
        queryset = Directive.objects.restrict(self.request.user, Action.VIEW)
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                "tasks",
                Prefetch("report_requests", queryset=ReportRequest.objects.annotate(units_count=Count("units"))))
        return queryset


class CanChangeAssignments(permissions.BasePermission):
    """Everyone may read what ``restrict`` lets them; leaders may not write (403)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS or can(request.user, Action.CHANGE, Assignment)


class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                        viewsets.GenericViewSet):
    """Assignments (one task for one unit) the caller may see; officers PATCH their own units' (status,
    completed_at, notes, links). Filters: unit, directive, status, overdue, unit_kind."""

    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilterSet
    permission_classes = [permissions.IsAuthenticated, CanChangeAssignments]
    http_method_names = ["get", "patch", "head", "options"]
    ordering_fields = ["due_date", "id", "status"]
    ordering = ["due_date", "id"]
    queryset = Assignment.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self) -> QuerySet:
        action = Action.VIEW if self.request.method in permissions.SAFE_METHODS else Action.CHANGE
        return Assignment.objects.restrict(self.request.user, action).select_related("task__directive", "unit")
