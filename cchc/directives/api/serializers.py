"""Serializers of the directives API. Writes go through ``actions`` (the same rules as the pages)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cchc.core import clock
from cchc.core.choices import Action

from .. import actions
from ..choices import AssignmentStatus
from ..models import Assignment, Directive, ReportRequest, Task

# Field names of the API that differ from the model's.
API_NAMES = {"completed_on": "completed_at"}


class DirectiveSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="doc_type", read_only=True, help_text="Document type (Công văn, Kế hoạch …).")

    class Meta:
        model = Directive
        fields = ["id", "number", "type", "date", "subject", "issuer"]
        read_only_fields = fields


class StatusCountsSerializer(serializers.Serializer):
    todo = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    done = serializers.IntegerField()


class TaskSerializer(serializers.ModelSerializer):
    due_date = serializers.SerializerMethodField(help_text="The task's own due date, else the directive's report "
                                                           "deadline.")
    assignments = serializers.SerializerMethodField(help_text="Number of assignments by status.")

    class Meta:
        model = Task
        fields = ["id", "label", "text", "due_date", "assignments"]
        read_only_fields = fields

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_due_date(self, task: Task) -> str | None:
        due = task.due_date or self.context.get("report_deadline")
        return due.isoformat() if due else None

    @extend_schema_field(StatusCountsSerializer)
    def get_assignments(self, task: Task) -> dict[str, int]:
        counts = self.context.get("task_counts", {}).get(task.pk, {})
        return {status: counts.get(status, 0) for status in AssignmentStatus.values}


class ReportRequestSerializer(serializers.ModelSerializer):
    units_count = serializers.IntegerField(read_only=True, help_text="Number of units asked to report.")

    class Meta:
        model = ReportRequest
        fields = ["id", "text", "deadline", "units_count"]
        read_only_fields = fields


class DirectiveDetailSerializer(DirectiveSerializer):
    tasks = TaskSerializer(many=True, read_only=True)
    report_requests = ReportRequestSerializer(many=True, read_only=True)

    class Meta(DirectiveSerializer.Meta):
        fields = [*DirectiveSerializer.Meta.fields, "place", "signer", "signer_position", "tasks", "report_requests"]
        read_only_fields = fields

    def to_representation(self, directive: Directive) -> dict[str, Any]:
        request = self.context.get("request")
        assignments = Assignment.objects.expected().filter(task__directive=directive)
        if request is not None:
            assignments = assignments.restrict(request.user, Action.VIEW)
        counts: dict[int, dict[str, int]] = defaultdict(dict)
        for row in assignments.order_by().values("task", "status").annotate(n=Count("id")):
            counts[row["task"]][row["status"]] = row["n"]
        deadlines = [rr.deadline for rr in directive.report_requests.all() if rr.deadline]
        self.context["task_counts"] = counts
        self.context["report_deadline"] = min(deadlines) if deadlines else None
        return super().to_representation(directive)


@extend_schema_field(serializers.ListField(child=serializers.URLField()))
class LinksField(serializers.Field):
    """Links as a list of addresses (a string of lines is accepted too)."""

    default_error_messages = {"invalid": "Expected a list of addresses."}

    def to_representation(self, value: str) -> list[str]:
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def to_internal_value(self, data: Any) -> list[str]:
        if isinstance(data, str):
            return data.splitlines()
        if isinstance(data, list) and all(isinstance(item, str) for item in data):
            return data
        self.fail("invalid")
        return []



class AssignmentSerializer(serializers.ModelSerializer):
    directive = serializers.IntegerField(source="task.directive_id", read_only=True)
    completed_at = serializers.DateField(source="completed_on", required=False, allow_null=True,
                                         help_text="The day the work was done (required when the status is done).")
    overdue = serializers.SerializerMethodField(help_text="Not done and past its due date on the system's today.")
    links = LinksField(required=False)

    class Meta:
        model = Assignment
        fields = ["id", "task", "directive", "unit", "role", "status", "due_date", "completed_at", "overdue", "notes",
                  "links", "updated_at"]
        read_only_fields = ["id", "task", "directive", "unit", "role", "due_date", "overdue", "updated_at"]

    def get_overdue(self, assignment: Assignment) -> bool:
        unit = assignment.unit
        expected = unit.valid_to is None or assignment.due_date is None or unit.valid_to >= assignment.due_date
        return expected and assignment.is_overdue(clock.today())

    def update(self, assignment: Assignment, validated_data: dict[str, Any]) -> Assignment:
        status = validated_data.get("status", assignment.status)
        completed_on = validated_data.get("completed_on", assignment.completed_on)
        try:
            return actions.do_update_assignment(
                assignment, acting_user=self.context["request"].user, status=status, completed_on=completed_on,
                notes=validated_data.get("notes"), links=validated_data.get("links"))
        except DjangoValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise serializers.ValidationError(
                    {API_NAMES.get(name, name): messages for name, messages in exc.message_dict.items()}) from exc
            raise serializers.ValidationError(exc.messages) from exc
