"""Serializers of the reports API: forms with their periods, submissions with their values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from ..models import Period, ReportForm, Submission


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = Period
        fields = ["id", "label", "start", "end", "deadline"]


class FormSerializer(serializers.ModelSerializer):
    periods = serializers.SerializerMethodField()

    class Meta:
        model = ReportForm
        fields = ["id", "name", "period_type", "directive", "periods"]

    def get_periods(self, form: ReportForm) -> list[dict[str, Any]]:
        periods = sorted(form.periods.all(), key=lambda period: period.start)
        return PeriodSerializer(periods, many=True).data


def json_value(value: Any) -> Any:
    """A stored value as JSON: a whole number as an integer, other numbers as floats, text, bool or null."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class SubmissionSerializer(serializers.ModelSerializer):
    values = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = ["id", "form", "period", "unit", "status", "submitted_at", "values", "narrative"]
        read_only_fields = fields

    def get_values(self, submission: Submission) -> list[dict[str, Any]]:
        """Every indicator of the form, with ``null`` when it was not reported."""
        stored = {value.indicator_id: value for value in submission.values.all()}
        rows = []
        for fi in submission.form.form_indicators.all():
            value = stored.get(fi.indicator_id)
            rows.append({"indicator": fi.indicator.code, "value": json_value(value.value) if value else None})
        return rows


class SubmissionCreateSerializer(serializers.Serializer):
    form = serializers.PrimaryKeyRelatedField(queryset=ReportForm.objects.all())
    period = serializers.PrimaryKeyRelatedField(queryset=Period.objects.all())
    unit = serializers.IntegerField()


class ValueInputSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    value = serializers.JSONField(allow_null=True)


class SubmissionUpdateSerializer(serializers.Serializer):
    values = ValueInputSerializer(many=True, required=False)
    narrative = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    activities = serializers.ListField(child=serializers.IntegerField(), required=False)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True)
