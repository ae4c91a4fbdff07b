"""Serializers of the printing API."""

from __future__ import annotations

from rest_framework import serializers

from ..models import PrintRun, Publication


class PublicationSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    unit_id = serializers.IntegerField(read_only=True)
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Publication
        fields = ["id", "kind", "title", "subtitle", "unit", "unit_id", "hotline", "qr_portal", "qr_feedback",
                  "qr_column", "updated_at", "pdf_url"]

    def get_pdf_url(self, obj: Publication) -> str:
        from django.urls import reverse

        request = self.context.get("request")
        path = reverse("printing:pdf", args=[obj.pk])
        return request.build_absolute_uri(path) if request else path


class PrintRunSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = PrintRun
        fields = ["id", "publication", "unit", "unit_id", "date", "copies", "distribution", "activity"]
