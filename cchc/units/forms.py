"""Forms of the units pages. Writes go through ``actions``; the forms only collect and check input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OrgUnit, UnitKind

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
IMPORT_EXTENSIONS = (".xlsx", ".csv")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj.name} ({obj.code})"


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj.name} ({obj.code})"


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


class UnitForm(forms.ModelForm):
    aliases = forms.CharField(label=_("Other names"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Other names the unit goes by in documents, one per line."))

    class Meta:
        model = OrgUnit
        fields = ["code", "name", "short_name", "kind", "parent", "valid_from", "valid_to",
                  "head_name", "head_position", "head_email", "emails", "phone", "address", "website"]
        field_classes = {"parent": UnitChoiceField}
        widgets = {
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "emails": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = OrgUnit.objects.order_by("sort_name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
            self.fields["aliases"].initial = "\n".join(self.instance.alias_names())
        self.fields["parent"].queryset = parents
        bootstrap(self)

    def clean_code(self) -> str:
        return (self.cleaned_data.get("code") or "").strip()

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("aliases", "").splitlines() if line.strip()]

    def unit_fields(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "aliases"}


class CloseUnitForm(forms.Form):
    on = forms.DateField(label=_("Last day of activity"), widget=DateInput())
    successors = UnitMultipleChoiceField(queryset=OrgUnit.objects.none(), required=False,
                                         label=_("Successor units"),
                                         help_text=_("Units that take over its work (optional)."))

    def __init__(self, *args: Any, unit: OrgUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["successors"].queryset = OrgUnit.objects.exclude(pk=unit.pk).order_by("sort_name")
        self.fields["successors"].widget.attrs["size"] = 8
        bootstrap(self)


class MergeUnitsForm(forms.Form):
    sources = UnitMultipleChoiceField(queryset=OrgUnit.objects.none(), label=_("Units merged into this unit"))
    on = forms.DateField(label=_("Last day of the merged units"), widget=DateInput())

    def __init__(self, *args: Any, unit: OrgUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = OrgUnit.objects.exclude(pk=unit.pk).order_by("sort_name")
        self.fields["sources"].widget.attrs["size"] = 10
        bootstrap(self)


class ImportUnitsForm(forms.Form):
    file = forms.FileField(label=_("File (XLSX or CSV)"),
                           help_text=_("At most 5 MB. Download the template to see the columns."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ",".join(IMPORT_EXTENSIONS)
        bootstrap(self)

    def clean_file(self) -> Any:
        from .io import check_xlsx_opens

        upload = self.cleaned_data["file"]
        extension = Path(upload.name or "").suffix.lower()
        if extension not in IMPORT_EXTENSIONS:
            raise forms.ValidationError(_("Only XLSX or CSV files can be imported."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if extension == ".xlsx" and not check_xlsx_opens(upload):
            raise forms.ValidationError(_("The XLSX file cannot be opened: it is damaged or not a real XLSX file."))
        return upload


class UnitKindForm(forms.ModelForm):
    class Meta:
        model = UnitKind
        fields = ["code", "name", "plural_name", "order"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)
