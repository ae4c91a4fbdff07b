from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import OrgUnit


class OrgUnitSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="The code of the unit kind.")
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    successors = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    aliases = serializers.SerializerMethodField(help_text="Other names the unit goes by in documents.")

    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name", "short_name", "kind", "parent", "valid_from", "valid_to", "aliases",
                  "head_name", "head_position", "successors"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_aliases(self, unit: OrgUnit) -> list[str]:
        return [alias.name for alias in unit.aliases.all()]
