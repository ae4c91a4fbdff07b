"""Serializers of the contests API (public: no personal data of others)."""

from __future__ import annotations

from rest_framework import serializers

from ..choices import AgeGroup
from ..models import Contest, Round


class RoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = Round
        fields = ["id", "number", "title", "starts_at", "ends_at", "question_count", "time_limit_minutes",
                  "max_attempts", "tie_break_question", "closed_at", "winners_published_at"]


class ContestSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Contest
        fields = ["id", "slug", "title", "kind", "kind_display", "description", "entries_open_until",
                  "results_published_at"]


class ContestDetailSerializer(ContestSerializer):
    rounds = RoundSerializer(many=True, read_only=True)

    class Meta(ContestSerializer.Meta):
        fields = [*ContestSerializer.Meta.fields, "rounds"]


class StartSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    phone = serializers.CharField(max_length=20)
    unit = serializers.IntegerField(required=False, allow_null=True)
    commune = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    age_group = serializers.ChoiceField(choices=AgeGroup.choices, required=False, allow_blank=True, default="")


class AnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    choices = serializers.ListField(child=serializers.IntegerField(), max_length=20, allow_empty=True)


class GuessSerializer(serializers.Serializer):
    guess = serializers.IntegerField(min_value=0, max_value=10_000_000, allow_null=True, required=False)
