"""Forms of the configuration pages (report forms, indicators, channels, topics). Writes go through ``config``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.units.forms import DateInput, UnitMultipleChoiceField, bootstrap
from cchc.units.models import OrgUnit, UnitKind

from .config import clean_sections, form_errors, indicator_errors
from .models import Channel, Indicator, ReportForm, Topic


class ReportFormForm(forms.ModelForm):
    """A report form's settings, its sections (one per line) and, per indicator: included, order, required."""

    sections_text = forms.CharField(label=_("Narrative sections"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 5}),
                                    help_text=_("One title per line, in the order units write them."))

    class Meta:
        model = ReportForm
        fields = ["name", "code", "period_type", "window_mode", "deadline_days", "fixed_deadline", "start_date",
                  "end_date", "expected_kinds", "expected_units", "is_active"]
        field_classes = {"expected_units": UnitMultipleChoiceField}
        widgets = {
            "fixed_deadline": DateInput(), "start_date": DateInput(), "end_date": DateInput(),
            "expected_kinds": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expected_kinds"].queryset = UnitKind.objects.order_by("order", "name")
        self.fields["expected_units"].queryset = OrgUnit.objects.order_by("sort_name")
        self.fields["expected_units"].widget.attrs["size"] = 10
        self.fields["end_date"].help_text = _("Empty: periods are created up to a year ahead.")
        if self.instance.pk:
            self.fields["sections_text"].initial = "\n".join(self.instance.sections or [])
        chosen = {}
        if self.instance.pk:
            chosen = {row.indicator_id: row for row in self.instance.form_indicators.all()}
        indicators = list(Indicator.objects.filter(is_active=True) | Indicator.objects.filter(pk__in=list(chosen)))
        self.indicators = sorted(set(indicators), key=lambda item: (item.order, item.code))
        for position, indicator in enumerate(self.indicators, start=1):
            row = chosen.get(indicator.pk)
            self.fields[f"ind_{indicator.pk}"] = forms.BooleanField(
                label=indicator.name, required=False, initial=row is not None)
            self.fields[f"ord_{indicator.pk}"] = forms.IntegerField(
                label=_("Order"), required=False, min_value=0, max_value=9999,
                initial=row.order if row else position * 10)
            self.fields[f"req_{indicator.pk}"] = forms.BooleanField(
                label=_("Required"), required=False, initial=bool(row and row.required))
        bootstrap(self)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs["class"] = "form-check-input"

    def main_fields(self) -> list[Any]:
        return [self[name] for name in [*self.Meta.fields[:8], "sections_text", *self.Meta.fields[8:]]]

    def indicator_rows(self) -> list[tuple[Indicator, Any, Any, Any]]:
        return [(indicator, self[f"ind_{indicator.pk}"], self[f"ord_{indicator.pk}"], self[f"req_{indicator.pk}"])
                for indicator in self.indicators]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for field, message in form_errors(period_type=data.get("period_type", ""), start_date=data.get("start_date"),
                                          end_date=data.get("end_date"),
                                          fixed_deadline=data.get("fixed_deadline")).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def chosen_indicators(self) -> list[tuple[Indicator, bool]]:
        """The included indicators, by the order typed (then the catalogue order), with their required flag."""
        data = self.cleaned_data
        rows = []
        for position, indicator in enumerate(self.indicators):
            if data.get(f"ind_{indicator.pk}"):
                order = data.get(f"ord_{indicator.pk}")
                rows.append(((order if order is not None else 10000, position), indicator,
                             bool(data.get(f"req_{indicator.pk}"))))
        return [(indicator, required) for _key, indicator, required in sorted(rows, key=lambda row: row[0])]

    def form_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields if name not in ("expected_kinds", "expected_units")}
        fields["sections"] = clean_sections(data.get("sections_text", ""))
        return fields


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["code", "name", "group", "unit_of_measure", "value_type", "aggregation", "min_value", "max_value",
                  "not_above", "prefill", "prefill_channels", "prefill_topics", "description", "order", "is_active"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "prefill_channels": forms.CheckboxSelectMultiple(),
            "prefill_topics": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Indicator.objects.order_by("order", "code")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["not_above"].queryset = others
        channels = Channel.objects.filter(is_active=True)
        topics = Topic.objects.filter(is_active=True)
        if self.instance.pk:  # a deactivated term already chosen stays visible
            channels = channels | Channel.objects.filter(pk__in=self.instance.prefill_channels.all())
            topics = topics | Topic.objects.filter(pk__in=self.instance.prefill_topics.all())
        self.fields["prefill_channels"].queryset = channels.distinct()
        self.fields["prefill_topics"].queryset = topics.distinct()
        bootstrap(self)
        for name in ("prefill_channels", "prefill_topics"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        probe = Indicator(pk=self.instance.pk, **{name: data.get(name) for name in (
            "value_type", "min_value", "max_value", "not_above", "prefill")})
        for field, message in indicator_errors(probe).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def indicator_fields(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items()
                if name not in ("prefill_channels", "prefill_topics")}


class TermForm(forms.Form):
    """Add or rename a channel or topic."""

    name = forms.CharField(label=_("Name"), max_length=160)
    code = forms.SlugField(label=_("Code"), max_length=40, required=False,
                           help_text=_("Latin letters, digits and hyphens; fixed once created."))
    order = forms.IntegerField(label=_("Order"), required=False, min_value=0, max_value=32000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)
