from __future__ import annotations

from rest_framework import viewsets

from ..filtersets import OrgUnitFilterSet
from ..models import OrgUnit, OrgUnitQuerySet
from .serializers import OrgUnitSerializer


class OrgUnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Organisation units the caller may see (officers: only their own units). Filters: q, kind, status, parent."""

    serializer_class = OrgUnitSerializer
    filterset_class = OrgUnitFilterSet
    ordering_fields = ["code", "sort_name", "valid_from", "valid_to"]
    ordering = ["sort_name"]
    queryset = OrgUnit.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self) -> OrgUnitQuerySet:
        return (OrgUnit.objects.restrict(self.request.user, "view")
                .select_related("kind").prefetch_related("aliases", "successors"))
