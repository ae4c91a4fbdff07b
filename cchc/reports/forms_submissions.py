"""The fill form of a report: one field per indicator (typed text kept as typed; the action parses and checks it),
one textarea per narrative section, the unit's activities of the period as checkboxes. And the reason form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.lib import vn

from .choices import ValueType
from .models import Activity, FormIndicator, Submission
from .submissions import is_live, prefill_rule


def value_field_name(code: str) -> str:
    return f"value_{code}"


def log_field_name(code: str) -> str:
    return f"log_{code}"


def narrative_field_name(index: int) -> str:
    return f"narrative_{index}"


def _initial_text(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value.normalize())
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value if value is not None else ""


class SubmissionFillForm(forms.Form):
    """Built for one submission. ``values()``, ``narrative()`` and ``activity_ids()`` feed do_save_submission."""

    def __init__(self, submission: Submission, *args: Any, suggestions: dict[str, Any] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.submission = submission
        self.form_indicators = list(FormIndicator.objects.filter(form=submission.form)
                                    .select_related("indicator").order_by("order", "id"))
        saved = submission.pk is not None
        stored = {value.indicator_id: value for value in submission.values.all()} if saved else {}
        suggestions = suggestions or {}
        self.indicator_rows = []
        for fi in self.form_indicators:
            indicator = fi.indicator
            name = value_field_name(indicator.code)
            stored_value = stored.get(indicator.pk)
            has_prefill = bool(indicator.prefill)
            suggestion = suggestions.get(indicator.code)
            live = has_prefill and indicator.code in suggestions and is_live(stored_value)
            if live:
                initial = _initial_text(suggestion)
            else:
                initial = _initial_text(stored_value.value if stored_value else None)
            attrs = {"class": "form-control", "data-indicator": indicator.code}
            if has_prefill and indicator.code in suggestions:
                attrs["data-log-value"] = _initial_text(suggestion)
                attrs["aria-describedby"] = f"id_{name}-log"
            if indicator.value_type == ValueType.TEXT:
                field: forms.Field = forms.CharField(required=False, widget=forms.Textarea(attrs={**attrs, "rows": 2}))
            elif indicator.value_type == ValueType.BOOLEAN:
                field = forms.ChoiceField(required=False, choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
                                          widget=forms.Select(attrs={**attrs, "class": "form-select"}))
            else:
                field = forms.CharField(required=False, widget=forms.TextInput(
                    attrs={**attrs, "inputmode": "decimal" if indicator.value_type != ValueType.INTEGER
                           else "numeric", "autocomplete": "off"}))
            field.label = indicator.name
            field.required_to_submit = fi.required  # type: ignore[attr-defined]
            field.initial = initial
            self.fields[name] = field
            if has_prefill and indicator.code in suggestions:
                # The log's figure the officer saw: a value still equal to it keeps following the log.
                self.fields[log_field_name(indicator.code)] = forms.CharField(
                    required=False, initial=_initial_text(suggestion), widget=forms.HiddenInput)
            self.indicator_rows.append({
                "name": name, "indicator": indicator, "required": fi.required,
                "suggestion": None if suggestion is None else vn.format_number(
                    suggestion, 0 if suggestion == suggestion.to_integral_value() else 2),
                "has_prefill": has_prefill, "live": live, "rule": prefill_rule(indicator) if has_prefill else "",
                "log_name": log_field_name(indicator.code),
            })
        self.sections = [str(title) for title in submission.form.sections or []]
        narrative = submission.narrative or {}
        for index, title in enumerate(self.sections):
            self.fields[narrative_field_name(index)] = forms.CharField(
                label=title, required=False, initial=narrative.get(title, ""),
                widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}))
        period = submission.period
        self.fields["activities"] = forms.ModelMultipleChoiceField(
            label=_("Attached activities"), required=False,
            queryset=Activity.objects.filter(unit_id=submission.unit_id, date__gte=period.start,
                                             date__lte=period.end).select_related("channel").order_by("date", "id"),
            initial=list(submission.activities.values_list("id", flat=True)) if saved else [],
            widget=forms.CheckboxSelectMultiple)
        self.fields["activities"].label_from_instance = (  # type: ignore[attr-defined]
            lambda activity: f"{vn.date_short(activity.date)} · {activity.channel} · {activity.title}")

    def value_fields(self) -> list[Any]:
        return [(row, self[row["name"]]) for row in self.indicator_rows]

    def narrative_fields(self) -> list[Any]:
        return [self[narrative_field_name(index)] for index in range(len(self.sections))]

    def values(self) -> dict[str, Any]:
        return {fi.indicator.code: self.cleaned_data.get(value_field_name(fi.indicator.code))
                for fi in self.form_indicators}

    def live_codes(self) -> set[str]:
        """The pre-filled indicators whose value was left as the log had it (they keep following the log)."""
        codes = set()
        for row in self.indicator_rows:
            name = row["log_name"]
            if name not in self.fields:
                continue
            shown = (self.cleaned_data.get(name) or "").strip()
            typed = (self.cleaned_data.get(row["name"]) or "").strip()
            if typed.replace(" ", "") == shown:
                codes.add(row["indicator"].code)
        return codes

    def narrative(self) -> dict[str, str]:
        return {title: self.cleaned_data.get(narrative_field_name(index)) or ""
                for index, title in enumerate(self.sections)}

    def activity_ids(self) -> list[int]:
        return [activity.pk for activity in self.cleaned_data.get("activities") or []]

    def add_action_errors(self, errors: dict[str, list[str]]) -> None:
        """Put the action's errors (by indicator code) next to their fields."""
        for code, messages in errors.items():
            name = value_field_name(code)
            if name in self.fields:
                target: str | None = name
            elif code in self.fields:
                target = code
            else:
                target = None
            for message in messages:
                self.add_error(target, message)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
                             error_messages={"required": _("Give the reason, so that the unit knows what to "
                                                           "correct.")})
