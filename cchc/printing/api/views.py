"""The printing API (read-only): publications with their PDF's address, and print runs, narrowed by ``restrict``."""

from __future__ import annotations

from typing import Any

from rest_framework import viewsets

from cchc.core.choices import Action

from ..models import PrintRun, Publication
from .serializers import PrintRunSerializer, PublicationSerializer


class PublicationViewSet(viewsets.ReadOnlyModelViewSet):
    """Leaflets and receipt backs the caller may see. Filters: kind, unit."""

    serializer_class = PublicationSerializer
    filterset_fields = ["kind", "unit"]

    def get_queryset(self) -> Any:
        return Publication.objects.restrict(self.request.user, Action.VIEW).select_related("unit")


class PrintRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Print runs (copies, where distributed) the caller may see. Filters: publication, unit."""

    serializer_class = PrintRunSerializer
    filterset_fields = ["publication", "unit"]

    def get_queryset(self) -> Any:
        return PrintRun.objects.restrict(self.request.user, Action.VIEW).select_related("unit")
