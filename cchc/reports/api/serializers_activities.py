from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from cchc.units.models import OrgUnit

from ..models import Activity, Channel, Evidence, Indicator, Topic


class EvidenceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)
    url = serializers.SerializerMethodField(help_text="The protected download page (needs a signed-in user).")

    class Meta:
        model = Evidence
        fields = ["id", "name", "url", "size", "content_type"]
        read_only_fields = fields

    def get_url(self, evidence: Evidence) -> str:
        path = reverse("reports:evidence", args=[evidence.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class ActivitySerializer(serializers.ModelSerializer):
    unit = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False,
        help_text="The unit's id; may be left out by a unit token or an officer of one unit.")
    channel = serializers.SlugRelatedField(slug_field="code", queryset=Channel.objects.all(),
                                           help_text="The channel's code.")
    topics = serializers.SlugRelatedField(slug_field="code", queryset=Topic.objects.all(), many=True,
                                          required=False, help_text="The topics' codes.")
    links = serializers.ListField(child=serializers.CharField(max_length=500), required=False,
                                  help_text="Web addresses (http or https).")
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "unit", "date", "channel", "topics", "title", "description", "quantity", "quantity_unit",
                  "reach", "links", "evidence", "source", "external_id", "created_at", "updated_at"]
        read_only_fields = ["id", "evidence", "created_at", "updated_at"]
        validators: list[Any] = []  # the (unit, source, external_id) uniqueness is handled as an idempotent push

    def to_representation(self, instance: Activity) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["links"] = instance.link_list()
        return data


class IndicatorSerializer(serializers.ModelSerializer):
    not_above = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "group", "unit_of_measure", "value_type", "aggregation", "min_value",
                  "max_value", "not_above"]
        read_only_fields = fields
