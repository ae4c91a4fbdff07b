from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import serializers

from cchc.reports.models import Topic
from cchc.units.models import OrgUnit

from ..models import Item


class ItemSerializer(serializers.ModelSerializer):
    unit = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False,
        help_text="The unit's id; may be left out by a unit token or an officer of one unit.")
    topics = serializers.SlugRelatedField(slug_field="code", queryset=Topic.objects.all(), many=True,
                                          required=False, help_text="The topics' codes.")
    body = serializers.CharField(required=False, allow_blank=True,
                                 help_text="HTML; sanitised (no script, no event handler, no style).")
    url = serializers.SerializerMethodField(help_text="The public address (once published).")

    class Meta:
        model = Item
        fields = ["id", "kind", "unit", "title", "slug", "summary", "body", "topics", "video_url", "status",
                  "publish_at", "published_at", "return_reason", "source", "external_id", "url", "created_at",
                  "updated_at"]
        read_only_fields = ["id", "slug", "status", "publish_at", "published_at", "return_reason", "url",
                            "created_at", "updated_at"]
        validators: list[Any] = []  # (unit, source, external_id) is handled as an idempotent push

    def get_url(self, item: Item) -> str:
        return settings.CCHC_SITE_URL + item.get_absolute_url() if item.status == "published" else ""
