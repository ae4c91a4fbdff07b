"""Forms of the import pages: upload or paste, then the preview in which every proposed field can be corrected.

The forms only collect and check input; :mod:`cchc.directives.importing` does the work. ``ImportPreview`` bundles
the preview's forms (metadata, cited documents, tasks, unresolved phrases, report request) and turns what was typed
back into a proposal.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Collection
from datetime import date
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cchc.units.forms import DateInput, bootstrap
from cchc.units.models import OrgUnit

from .importing import ALLOWED_EXTENSIONS, find_duplicate, proposal_unresolved, refresh_proposal
from .models import ImportDraft

CHIP_GROUP_MIN = 4  # a whole kind of at least this many units shows as one chip ("Sở, ban, ngành tỉnh (20)")


class ImportStartForm(forms.Form):
    file = forms.FileField(
        label=_("Document file"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
    )
    text = forms.CharField(label=_("…or paste the text of the document"), required=False,
                           widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("A .txt, .md, .docx or .pdf file with a text layer (at most %(mb)s MB).") % {
            "mb": settings.CCHC_MAX_UPLOAD_MB}
        bootstrap(self)

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if Path(upload.name).suffix.lower() not in ALLOWED_EXTENSIONS:
            raise forms.ValidationError(_("Choose a .txt, .md, .docx or .pdf file."), code="file_type")
        if upload.size > settings.CCHC_MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than %(limit)s MB.") % {
                "limit": settings.CCHC_MAX_UPLOAD_MB}, code="file_size")
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        has_file = bool(cleaned.get("file"))
        has_text = bool((cleaned.get("text") or "").strip())
        if not self.errors and has_file == has_text:
            raise forms.ValidationError(
                _("Choose a file or paste the text of the document (not both).") if has_file
                else _("Choose a file or paste the text of the document."), code="required")
        return cleaned


# --- units ------------------------------------------------------------------------------------------------------

class UnitCatalog:
    """The units a preview offers (open on the document's date, plus any already proposed), grouped by kind."""

    def __init__(self, on: date | None, extra_ids: set[int] | None = None) -> None:
        qs = OrgUnit.objects.select_related("kind")
        open_units = qs.open_on(on) if on else qs.filter(valid_to__isnull=True)
        units = {unit.pk: unit for unit in open_units}
        missing = (extra_ids or set()) - set(units)
        if missing:
            units.update({unit.pk: unit for unit in qs.filter(pk__in=missing)})
        self.units = dict(sorted(units.items(), key=lambda item: (item[1].kind.order, item[1].sort_name)))
        self.by_kind: dict[int, list[OrgUnit]] = defaultdict(list)
        for unit in self.units.values():
            self.by_kind[unit.kind_id].append(unit)

    def choices(self) -> list[tuple[str, list[tuple[int, str]]]]:
        return [(units[0].kind.name, [(unit.pk, unit.display_name) for unit in units])
                for units in self.by_kind.values()]

    def select_choices(self) -> list[Any]:
        """Choices of a single <select>: empty first, then the units grouped by kind."""
        groups = [(units[0].kind.name, [(unit.pk, f"{unit.name} ({unit.code})") for unit in units])
                  for units in self.by_kind.values()]
        return [("", f"— {_('choose a unit')} —"), *groups]

    def groups(self, selected: set[int], prefix: str) -> list[dict[str, Any]]:
        """Checkbox groups for a template: [{kind, code, count, checked, options: [(id, dom id, label, on)]}]."""
        out = []
        for units in self.by_kind.values():
            options = [(unit.pk, f"{prefix}-{unit.pk}", unit.display_name, unit.pk in selected) for unit in units]
            out.append({"kind": units[0].kind.name, "code": units[0].kind.code, "count": len(units),
                        "checked": sum(1 for option in options if option[3]), "options": options})
        return out

    def chips(self, selected: list[int]) -> list[dict[str, Any]]:
        """Chips for the chosen units: a whole kind as one chip, the rest one by one."""
        chosen = set(selected)
        chips: list[dict[str, Any]] = []
        for units in self.by_kind.values():
            ids = {unit.pk for unit in units}
            mine = [unit for unit in units if unit.pk in chosen]
            if not mine:
                continue
            if len(ids) >= CHIP_GROUP_MIN and ids <= chosen:
                kind = units[0].kind
                chips.append({"label": f"{kind.plural_name or kind.name} ({len(ids)})", "group": True,
                              "title": ", ".join(unit.display_name for unit in mine)})
            else:
                chips.extend({"label": unit.display_name, "group": False, "title": unit.name} for unit in mine)
        return chips


class UnitsField(forms.TypedMultipleChoiceField):
    """Units chosen by checkboxes grouped by kind (the template draws them from ``UnitCatalog.groups``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(coerce=int, widget=forms.CheckboxSelectMultiple, **kwargs)


def _selected(bound_field: forms.BoundField) -> list[int]:
    out = []
    for value in bound_field.value() or []:
        try:
            out.append(int(value))
        except (TypeError, ValueError):
            continue
    return out


# --- the preview forms ------------------------------------------------------------------------------------------

class MetadataForm(forms.Form):
    number = forms.CharField(label=_("Number and symbol"), max_length=80, required=False)
    doc_type = forms.CharField(label=_("Document type"), max_length=40, required=False)
    date = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    issuer = forms.CharField(label=_("Issuing body"), max_length=255, required=False)
    subject = forms.CharField(label=_("Subject"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    signer = forms.CharField(label=_("Signed by"), max_length=120, required=False)
    signer_position = forms.CharField(label=_("Signer's position"), max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def clean_number(self) -> str:
        return (self.cleaned_data.get("number") or "").replace(" ", "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        day = cleaned.get("date")
        existing = find_duplicate(cleaned.get("number"), day.year if day else None)
        if existing is not None:
            self.duplicate = existing
            self.add_error("number", forms.ValidationError(
                _("A directive numbered %(number)s of %(year)s has already been imported. Change the number if "
                  "this is a different document.") % {"number": existing.number, "year": existing.year},
                code="duplicate"))
        return cleaned


class ReferenceForm(forms.Form):
    doc_type = forms.CharField(label=_("Type"), max_length=60, required=False)
    number = forms.CharField(label=_("Number and symbol"), max_length=80, required=False)
    date = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    issuer = forms.CharField(label=_("Issuing body"), max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)
        for field in self.fields.values():
            field.widget.attrs["class"] += " form-control-sm"


ReferenceFormSet = forms.formset_factory(ReferenceForm, extra=1, can_delete=True)


class TaskForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=20, required=False)
    text = forms.CharField(label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput(),
                               help_text=_("Empty: the directive's report deadline applies."))
    due_text = forms.CharField(label=_("Due date as written"), max_length=255, required=False)
    product = forms.CharField(label=_("Expected output"), max_length=255, required=False)
    units = UnitsField(label=_("Units"))
    lead = UnitsField(label=_("Lead units"), help_text=_("The others coordinate."))

    def __init__(self, *args: Any, catalog: UnitCatalog, waiting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.catalog = catalog
        self.waiting = waiting  # some of its phrases wait for a unit (chosen below the tasks)
        self.fields["units"].choices = catalog.choices()
        self.fields["lead"].choices = catalog.choices()
        bootstrap(self)
        for name in ("units", "lead"):
            self.fields[name].widget.attrs.pop("class", None)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("DELETE"):
            if not (cleaned.get("text") or "").strip():
                self.add_error("text", forms.ValidationError(_("Enter the content of the task."), code="required"))
            if not cleaned.get("units") and not cleaned.get("lead") and not self.waiting:
                # (a task whose phrases wait for a unit is checked with the mappings, by importing.confirm_errors)
                self.add_error("units", forms.ValidationError(_("Choose at least one unit."), code="required"))
        return cleaned

    def unit_groups(self) -> list[dict[str, Any]]:
        return self.catalog.groups(set(_selected(self["units"])), f"{self.prefix}-units")

    def lead_groups(self) -> list[dict[str, Any]]:
        return self.catalog.groups(set(_selected(self["lead"])), f"{self.prefix}-lead")

    def chips(self) -> list[dict[str, Any]]:
        return self.catalog.chips(_selected(self["units"]) + _selected(self["lead"]))

    def lead_chips(self) -> list[dict[str, Any]]:
        return self.catalog.chips(_selected(self["lead"]))


class BaseTaskFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, catalog: UnitCatalog, waiting: list[bool] | None = None, **kwargs: Any) -> None:
        self.catalog = catalog
        self.waiting = waiting or []
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        waiting = index is not None and index < len(self.waiting) and self.waiting[index]
        return {**super().get_form_kwargs(index), "catalog": self.catalog, "waiting": waiting}

    @property
    def empty_form(self) -> TaskForm:
        form = self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), empty_permitted=True,
                         use_required_attribute=False, catalog=self.catalog, renderer=self.renderer)
        self.add_fields(form, None)
        return form


TaskFormSet = forms.formset_factory(TaskForm, formset=BaseTaskFormSet, extra=1, can_delete=True)


class UnresolvedForm(forms.Form):
    """One unit choice per phrase nobody could match, and whether to remember it as the unit's other name."""

    def __init__(self, *args: Any, phrases: list[str], catalog: UnitCatalog, outside: Collection[str] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.phrases = phrases
        self.outside = set(outside)
        choices = catalog.select_choices()
        for index, phrase in enumerate(phrases):
            self.fields[f"unit_{index}"] = forms.TypedChoiceField(
                label=phrase, choices=choices, coerce=int, required=False, empty_value=None)
            self.fields[f"remember_{index}"] = forms.BooleanField(
                label=_("remember as another name"), required=False, initial=True)
            self.fields[f"not_ours_{index}"] = forms.BooleanField(
                label=_("not ours (outside the province): leave it out, now and next time"), required=False,
                initial=phrase in self.outside)
        bootstrap(self)

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField, forms.BoundField, bool]]:
        return [(phrase, self[f"unit_{i}"], self[f"remember_{i}"], self[f"not_ours_{i}"], phrase in self.outside)
                for i, phrase in enumerate(self.phrases)]

    def not_ours(self) -> set[str]:
        """The phrases marked "not ours" and not given a unit (a unit chosen wins)."""
        return {phrase for i, phrase in enumerate(self.phrases)
                if self.cleaned_data.get(f"not_ours_{i}") and not self.cleaned_data.get(f"unit_{i}")}

    def mappings(self) -> dict[str, int]:
        return {phrase: self.cleaned_data[f"unit_{i}"] for i, phrase in enumerate(self.phrases)
                if self.cleaned_data.get(f"unit_{i}")}

    def remembered(self) -> set[str]:
        return {phrase for i, phrase in enumerate(self.phrases) if self.cleaned_data.get(f"remember_{i}")}


class ReportRequestForm(forms.Form):
    text = forms.CharField(label=_("What is asked"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Leave empty if the document asks for no report."))
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())
    deadline_text = forms.CharField(label=_("Deadline as written"), max_length=255, required=False)
    send_to = forms.CharField(label=_("Send to"), max_length=255, required=False)
    units = UnitsField(label=_("Units asked to report"))

    def __init__(self, *args: Any, catalog: UnitCatalog, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.catalog = catalog
        self.fields["units"].choices = catalog.choices()
        bootstrap(self)
        self.fields["units"].widget.attrs.pop("class", None)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not (cleaned.get("text") or "").strip() and (cleaned.get("deadline") or cleaned.get("units")):
            self.add_error("text", forms.ValidationError(_("Say what is asked, or clear the deadline and units."),
                                                         code="required"))
        return cleaned

    def unit_groups(self) -> list[dict[str, Any]]:
        return self.catalog.groups(set(_selected(self["units"])), "report-units")

    def chips(self) -> list[dict[str, Any]]:
        return self.catalog.chips(_selected(self["units"]))


# --- the whole preview ------------------------------------------------------------------------------------------

def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, date) else (value or None)


def _date_or_none(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


class ImportPreview:
    """The preview's forms for one draft, bound to POST data or filled from the draft's proposal."""

    def __init__(self, draft: ImportDraft, data: Any = None) -> None:
        self.draft = draft
        proposal = draft.proposal or {}
        self.proposal = proposal
        meta = proposal.get("metadata") or {}
        tasks = proposal.get("tasks") or []
        request = proposal.get("report_request") or {}
        on = _date_or_none(meta.get("date"))
        proposed = {pk for task in tasks for pk in [*task.get("units", []), *task.get("lead", [])]}
        proposed |= set(request.get("units") or [])
        self.catalog = UnitCatalog(on, proposed)
        self.meta = MetadataForm(data, prefix="meta", initial={
            **{key: meta.get(key) or "" for key in MetadataForm.base_fields}, "date": on})
        self.references = ReferenceFormSet(data, prefix="refs", initial=[
            {**ref, "date": _date_or_none(ref.get("date"))} for ref in proposal.get("references") or []])
        self.tasks = TaskFormSet(data, prefix="tasks", catalog=self.catalog,
                                 waiting=[bool(task.get("unresolved")) for task in tasks], initial=[{
            "label": task.get("label") or "", "text": task.get("text") or "",
            "due_date": _date_or_none(task.get("due_date")), "due_text": task.get("due_text") or "",
            "product": task.get("product") or "", "units": task.get("units") or [], "lead": task.get("lead") or [],
        } for task in tasks])
        self.unresolved = UnresolvedForm(data, prefix="map", phrases=list(proposal.get("unresolved") or []),
                                         catalog=self.catalog, outside=proposal.get("outside") or [])
        self.report = ReportRequestForm(data, prefix="report", catalog=self.catalog, initial={
            "text": request.get("text") or "", "deadline": _date_or_none(request.get("deadline")),
            "deadline_text": request.get("deadline_text") or "", "send_to": request.get("send_to") or "",
            "units": request.get("units") or []})

    @property
    def duplicate(self) -> Any:
        return getattr(self.meta, "duplicate", None)

    def is_valid(self) -> bool:
        results = [self.meta.is_valid(), self.references.is_valid(), self.tasks.is_valid(),
                   self.unresolved.is_valid(), self.report.is_valid()]
        return all(results)

    def task_rows(self) -> list[tuple[TaskForm, dict[str, Any]]]:
        """Each task form with its proposed task (phrases, unresolved), {} for an added one."""
        tasks = self.proposal.get("tasks") or []
        return [(form, tasks[i] if i < len(tasks) else {}) for i, form in enumerate(self.tasks.forms)]

    def to_proposal(self) -> dict[str, Any]:
        """The draft's proposal with every valid value typed (invalid ones keep their previous value)."""
        proposal = copy.deepcopy(self.proposal)
        meta = proposal.setdefault("metadata", {})
        if self.meta.is_bound:
            for name, value in _cleaned(self.meta).items():
                meta[name] = _iso(value) if name == "date" else value
        if self.references.is_bound:
            refs = []
            for form in self.references.forms:
                cleaned = _cleaned(form)
                if cleaned.get("DELETE") or not (cleaned.get("number") or cleaned.get("doc_type")):
                    continue
                refs.append({"doc_type": cleaned.get("doc_type", ""), "number": cleaned.get("number", ""),
                             "date": _iso(cleaned.get("date")), "issuer": cleaned.get("issuer", "")})
            proposal["references"] = refs
        if self.tasks.is_bound:
            old = proposal.get("tasks") or []
            tasks = []
            for index, form in enumerate(self.tasks.forms):
                cleaned = _cleaned(form)
                base = dict(old[index]) if index < len(old) else {
                    "phrases": [], "unresolved": [], "from_recipients": False}
                if cleaned.get("DELETE") or (index >= len(old) and not form.has_changed()):
                    continue
                for name in ("label", "text", "due_text", "product"):
                    if name in cleaned:
                        base[name] = cleaned[name]
                if "due_date" in cleaned:
                    base["due_date"] = _iso(cleaned["due_date"])
                if "units" in cleaned or "lead" in cleaned:
                    lead = list(cleaned.get("lead") or [])
                    units = list(dict.fromkeys([*lead, *(cleaned.get("units") or [])]))
                    base["units"], base["lead"] = units, lead
                    # without a lead the proposed partners stay partners (a partner never becomes the lead)
                    base["partners"] = ([pk for pk in units if pk not in lead] if lead
                                        else [pk for pk in base.get("partners") or [] if pk in units])
                tasks.append(base)
            proposal["tasks"] = tasks
        if self.report.is_bound:
            cleaned = _cleaned(self.report)
            if "text" in cleaned and not cleaned["text"].strip() and not cleaned.get("units"):
                proposal["report_request"] = None
            else:
                request = dict(proposal.get("report_request") or {})
                for name in ("text", "deadline_text", "send_to"):
                    if name in cleaned:
                        request[name] = cleaned[name]
                if "deadline" in cleaned:
                    request["deadline"] = _iso(cleaned["deadline"])
                if "units" in cleaned:
                    request["units"] = list(cleaned["units"])
                proposal["report_request"] = request
        proposal["unresolved"] = proposal_unresolved(proposal)
        refresh_proposal(proposal)
        return proposal

    def mappings(self) -> dict[str, int]:
        return self.unresolved.mappings() if hasattr(self.unresolved, "cleaned_data") else {}

    def remembered(self) -> set[str]:
        return self.unresolved.remembered() if hasattr(self.unresolved, "cleaned_data") else set()

    def not_ours(self) -> set[str]:
        return self.unresolved.not_ours() if hasattr(self.unresolved, "cleaned_data") else set()


def _cleaned(form: forms.Form) -> dict[str, Any]:
    """The values of ``form`` that passed validation (all of them when the form is valid)."""
    if not hasattr(form, "cleaned_data"):
        form.is_valid()
    return dict(getattr(form, "cleaned_data", {}) or {})
