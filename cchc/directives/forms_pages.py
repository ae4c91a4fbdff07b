"""Forms of the directive pages (the import has its own, in ``forms.py``). They collect and check input; writes go
through ``actions``, which hold the rules (and raise the same errors for the API)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cchc.units.forms import DateInput, bootstrap

from .actions import DIRECTIVE_FIELDS, clean_links
from .choices import AssignmentStatus
from .models import Directive, Task


class DirectiveEditForm(forms.ModelForm):
    """The directive's metadata and its reminder policy."""

    class Meta:
        model = Directive
        fields = ["doc_type", "number", "date", "place", "issuer", "parent_issuer", "subject", "signer",
                  "signer_position", "policy"]
        widgets = {"date": DateInput(), "subject": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["policy"].empty_label = _("Default policy")
        bootstrap(self)

    def directive_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in DIRECTIVE_FIELDS if name in self.cleaned_data}


class TaskDueDatesForm(forms.Form):
    """One due date per task (empty: the directive's report deadline applies)."""

    def __init__(self, *args: Any, tasks: list[Task], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tasks = tasks
        for task in tasks:
            label = _("Task %(label)s") % {"label": task.label} if task.label else _("Task")
            self.fields[self.field_name(task)] = forms.DateField(
                label=label, required=False, initial=task.due_date, widget=DateInput())
        bootstrap(self)

    @staticmethod
    def field_name(task: Task) -> str:
        return f"task_{task.pk}"

    def rows(self) -> list[tuple[Task, forms.BoundField]]:
        return [(task, self[self.field_name(task)]) for task in self.tasks]

    def changed_due_dates(self) -> list[tuple[Task, date | None]]:
        return [(task, self.cleaned_data.get(self.field_name(task))) for task in self.tasks
                if self.cleaned_data.get(self.field_name(task)) != task.due_date]


class AssignmentForm(forms.Form):
    """What an officer records about one assignment."""

    status = forms.ChoiceField(label=_("Status"), choices=AssignmentStatus.choices, widget=forms.RadioSelect)
    completed_on = forms.DateField(label=_("Completed on"), required=False, widget=DateInput(),
                                   help_text=_("The day the work was actually done (required when it is done)."))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    links = forms.CharField(label=_("Links"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("One address per line (articles, evidence), starting with http:// or "
                                        "https://."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)
        self.fields["status"].widget.attrs["class"] = "form-check-input"

    def clean_links(self) -> str:
        try:
            return "\n".join(clean_links(self.cleaned_data.get("links") or ""))
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("status") == AssignmentStatus.DONE and not cleaned.get("completed_on") \
                and "completed_on" not in self.errors:
            self.add_error("completed_on", _("Enter the day the task was completed."))
        return cleaned

    def action_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in ("status", "completed_on", "notes", "links")}
