"""The indices over the API, read-only and public (the press and portals build their own charts from it)."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions, serializers, viewsets

from ..models import IndexComponent, IndexResult


class ComponentSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndexComponent
        fields = ["name", "score", "max_score", "rank"]


class IndexResultSerializer(serializers.ModelSerializer):
    components = ComponentSerializer(many=True, read_only=True)

    class Meta:
        model = IndexResult
        fields = ["id", "index", "year", "score", "rank", "rank_of", "source", "components"]


class IndexResultViewSet(viewsets.ReadOnlyModelViewSet):
    """The province's results in PAR INDEX, PAPI, SIPAS and PCI by year, with components and sources.
    Filters: index, year."""

    serializer_class = IndexResultSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []
    filterset_fields = ["index", "year"]
    ordering_fields = ["year", "index"]
    ordering = ["index", "year"]
    queryset = IndexResult.objects.prefetch_related("components")
