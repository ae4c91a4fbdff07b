"""Forms of the reminders pages. Writes go through ``actions``; the forms only collect and check input."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReminderPolicy

MAX_DAYS_BEFORE = 365


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def bootstrap(form: forms.Form) -> None:
    """Bootstrap 5 classes on every widget."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def parse_days(text: str) -> list[int]:
    """"7, 1" → [7, 1]: positive whole numbers separated by commas, semicolons or spaces (largest first)."""
    parts = [part for part in re.split(r"[\s,;]+", text or "") if part]
    days: set[int] = set()
    for part in parts:
        if not part.isdigit() or int(part) <= 0:
            raise forms.ValidationError(_("“%(value)s” is not a positive whole number of days."),
                                        code="invalid_day", params={"value": part})
        if int(part) > MAX_DAYS_BEFORE:
            raise forms.ValidationError(_("At most %(max)s days before the due date."), code="too_many_days",
                                        params={"max": MAX_DAYS_BEFORE})
        days.add(int(part))
    return sorted(days, reverse=True)


class DaysField(forms.CharField):
    """A list of positive whole numbers of days, typed as "7, 1"."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[int]:  # type: ignore[override]
        return parse_days(super().to_python(value))


class PolicyForm(forms.ModelForm):
    days_before = DaysField(label=_("Days before the due date"), required=False,
                            help_text=_("Positive whole numbers separated by commas, e.g. 7, 1. Empty: no reminder "
                                        "before the due date."))

    class Meta:
        model = ReminderPolicy
        fields = ["name", "days_before", "on_due_date", "overdue_every", "overdue_max", "escalate_after",
                  "working_days", "is_default"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["overdue_every"].help_text = _("0: no reminder after the due date.")
        self.fields["escalate_after"].help_text = _("3 means: after the second overdue reminder, the head is copied. "
                                                    "0: never.")
        bootstrap(self)

    def _get_validation_exclusions(self) -> set[str]:
        return {*super()._get_validation_exclusions(), "days_before"}  # an empty list is allowed: no "before" step

    def policy_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class HolidayForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput())
    name = forms.CharField(label=_("Name"), max_length=120)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class LoadYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1901, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)

