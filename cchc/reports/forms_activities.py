"""Forms and the one FilterSet of the communication log (shared by the HTML list and the API)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cchc.core.choices import Action
from cchc.lib import vn
from cchc.units.forms import DateInput, UnitChoiceField, bootstrap
from cchc.units.models import OrgUnit

from .activities import clean_links
from .models import Activity, Channel, Topic, UnitToken
from .uploads import EVIDENCE_EXTENSIONS, check_upload

IMPORT_MAX_BYTES = 5 * 1024 * 1024


def visible_units(request: Any) -> Any:
    if request is None:
        return OrgUnit.objects.none()
    token = getattr(request, "auth", None)
    if isinstance(token, UnitToken):
        return OrgUnit.objects.filter(pk=token.unit_id)
    return OrgUnit.objects.restrict(request.user, Action.VIEW).order_by("sort_name")


class ActivityFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    unit = django_filters.ModelChoiceFilter(queryset=visible_units, label=_("Unit"), empty_label=_("All units"))
    channel = django_filters.ModelChoiceFilter(queryset=Channel.objects.all(), to_field_name="code",
                                               label=_("Channel"), empty_label=_("All channels"))
    topic = django_filters.ModelChoiceFilter(queryset=Topic.objects.all(), to_field_name="code", field_name="topics",
                                             label=_("Topic"), empty_label=_("All topics"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"))

    class Meta:
        model = Activity
        fields = ["q", "unit", "channel", "topic", "date_from", "date_to"]

    def filter_q(self, queryset: Any, name: str, value: str) -> Any:
        for word in vn.fold(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ActivityForm(forms.ModelForm):
    """The activity's fields, plus evidence files checked by their content (errors next to the field)."""

    files = MultipleFileField(label=_("Evidence files"), required=False,
                              help_text=_("Images (up to 10 MB), PDF, Word, Excel, PowerPoint or video files."))

    class Meta:
        model = Activity
        fields = ["unit", "date", "channel", "topics", "title", "description", "quantity", "quantity_unit", "reach",
                  "links"]
        field_classes = {"unit": UnitChoiceField}
        widgets = {
            "date": DateInput(),
            "topics": forms.CheckboxSelectMultiple(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "links": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.restrict(user, Action.VIEW).order_by("sort_name")
        self.fields["unit"].queryset = units
        if self.instance.pk:
            self.fields["unit"].disabled = True
        elif units.count() == 1:
            self.fields["unit"].initial = units.first()
        self.fields["channel"].queryset = Channel.objects.filter(is_active=True) | Channel.objects.filter(
            pk=getattr(self.instance, "channel_id", None))
        self.fields["channel"].empty_label = _("— choose a channel —")
        self.fields["unit"].empty_label = _("— choose a unit —")
        topics = Topic.objects.filter(is_active=True)
        if self.instance.pk:
            topics = topics | Topic.objects.filter(pk__in=self.instance.topics.values("pk"))
        self.fields["topics"].queryset = topics.distinct()
        bootstrap(self)
        self.fields["topics"].widget.attrs["class"] = "form-check-input"

    def clean_links(self) -> str:
        try:
            return clean_links(self.cleaned_data.get("links"))
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["links"]) from exc

    def clean_files(self) -> list[Any]:
        files = self.cleaned_data.get("files") or []
        errors = []
        for uploaded in files:
            try:
                check_upload(uploaded, allowed=EVIDENCE_EXTENSIONS)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files

    def activity_fields(self) -> dict[str, Any]:
        data = {key: value for key, value in self.cleaned_data.items() if key not in ("files", "topics", "unit")}
        return data


class ImportActivitiesForm(forms.Form):
    file = forms.FileField(label=_("XLSX file"), help_text=_("Use the template; up to 5 MB."))
    unit = UnitChoiceField(queryset=OrgUnit.objects.none(), required=False, label=_("Unit for rows without a code"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.restrict(user, Action.VIEW).order_by("sort_name")
        self.fields["unit"].queryset = units
        self.single_unit = units.first() if units.count() == 1 else None
        self.fields["unit"].initial = self.single_unit
        bootstrap(self)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Choose an XLSX file (the template)."))
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(_("The file is larger than 5 MB."))
        return upload


class TokenForm(forms.Form):
    unit = UnitChoiceField(queryset=OrgUnit.objects.none(), label=_("Unit"))
    name = forms.CharField(label=_("Name"), max_length=120,
                           help_text=_("The system that will use it, e.g. “Cổng thông tin của Sở”."))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.restrict(user, Action.VIEW).order_by("sort_name")
        bootstrap(self)
