"""Serializers of the feedback API. Public answers come from ``public.public_dict`` (no personal data)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cchc.units.models import OrgUnit

from ..models import Category, Feedback, FeedbackEvent


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name", "group", "days_limit"]
        read_only_fields = fields


class SubmitSerializer(serializers.Serializer):
    """A citizen's feedback (public, no account). Personal data is optional but needs ``consent``."""

    category = serializers.SlugRelatedField(slug_field="slug", queryset=Category.objects.filter(is_active=True),
                                            help_text="A category's slug (GET /api/v1/feedback/categories/).")
    unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), required=False, allow_null=True,
                                              help_text="Id of the unit concerned, if known.")
    title = serializers.CharField(max_length=200)
    content = serializers.CharField(max_length=10_000)
    name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    consent = serializers.BooleanField(help_text="Consent to the handling of personal data (Decree 13/2023).")
    keep_private = serializers.BooleanField(required=False, default=False,
                                            help_text="Ask that the item and its answer stay unpublished.")


class SubmittedSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    status_url = serializers.CharField()


class PublicEventSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    at = serializers.DateTimeField()
    unit = serializers.CharField()
    text = serializers.CharField()


class PublicStatusSerializer(serializers.Serializer):
    """What anyone holding the tracking code sees: no name, phone, e-mail or attachment."""

    tracking_code = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    category = serializers.CharField()
    category_name = serializers.CharField()
    received_at = serializers.DateTimeField()
    due_date = serializers.DateField(allow_null=True)
    unit = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)
    answer_unit = serializers.CharField()
    resolved = serializers.BooleanField(allow_null=True)
    duplicate_of = serializers.CharField()
    published = serializers.BooleanField()
    title = serializers.CharField()
    content = serializers.CharField()
    answer = serializers.CharField()
    reject_reason = serializers.CharField()
    history = PublicEventSerializer(many=True)


class WebhookSerializer(serializers.Serializer):
    """A message handed in by a channel (the Zalo OA relay, the hotline)."""

    reference = serializers.CharField(max_length=120, help_text="The channel's own id of the message (once only).")
    category = serializers.SlugRelatedField(slug_field="slug", queryset=Category.objects.filter(is_active=True),
                                            required=False, allow_null=True,
                                            help_text="A category's slug; “khac” when left out.")
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    content = serializers.CharField(max_length=10_000)
    user = serializers.CharField(max_length=120, required=False, allow_blank=True,
                                 help_text="The sender's id on the channel (kept private, sent back with the answer).")
    name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    consent = serializers.BooleanField(required=False, default=False)
    received_at = serializers.DateTimeField(required=False, allow_null=True)


class WebhookAcceptedSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    reference = serializers.CharField()
    status_url = serializers.CharField()


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default="", read_only=True)
    unit = serializers.CharField(source="unit.code", default="", read_only=True)

    class Meta:
        model = FeedbackEvent
        fields = ["kind", "actor", "unit", "text", "created_at"]
        read_only_fields = fields


class FeedbackSerializer(serializers.ModelSerializer):
    """An item for staff (includes the sender's contact details: staff only)."""

    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    unit = serializers.PrimaryKeyRelatedField(read_only=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Feedback
        fields = ["id", "tracking_code", "category", "unit", "unit_concerned", "title", "content", "sender_name",
                  "sender_phone", "sender_email", "keep_private", "channel", "external_ref", "status", "received_at",
                  "due_date", "is_overdue", "routed_at", "draft_answer", "answer", "answered_at", "answered_on_time",
                  "resolved", "reopen_count", "duplicate_of", "reject_reason"]
        read_only_fields = fields

    def get_is_overdue(self, item: Feedback) -> bool:
        return item.is_overdue()


class ActionSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), required=False)
    text = serializers.CharField(required=False, allow_blank=True)
    reason = serializers.CharField(required=False, allow_blank=True)
    into = serializers.CharField(required=False, allow_blank=True, help_text="Tracking code of the original item.")

    def get(self, key: str) -> Any:
        return self.validated_data.get(key)
