"""Forms of the account pages: the account form, hand-over, import upload, list and audit filters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditlog.models import LogEntry
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from cchc.core.choices import Role
from cchc.core.permissions import role_of
from cchc.lib import vn
from cchc.units.models import OrgUnit

from .models import User

MAX_IMPORT_BYTES = 5 * 1024 * 1024


def allowed_roles(acting_user: Any) -> list[tuple[str, Any]]:
    """The roles ``acting_user`` may give: administrators every role, coordinators officer and leader."""
    if role_of(acting_user) == Role.ADMIN:
        return list(Role.choices)
    return [(value, label) for value, label in Role.choices if value in (Role.OFFICER, Role.LEADER)]


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj.name} ({obj.code})"


def _unit_field(required: bool = False) -> UnitChoiceField:
    return UnitChoiceField(
        queryset=OrgUnit.objects.all(),
        required=required,
        label=_("Units"),
        help_text=_("An officer reaches only the data of these units. Hold Ctrl to choose several."),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 10}),
    )


class BootstrapMixin:
    """Bootstrap classes on every widget."""

    def _style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class UserCreateForm(BootstrapMixin, forms.Form):
    username = forms.CharField(
        label=_("User name"), max_length=150,
        help_text=_("Lower-case letters without diacritics, digits and . _ - @ (e.g. nguyenvana)."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"))
    units = _unit_field()
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def __init__(self, *args: Any, acting_user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = allowed_roles(acting_user)
        self.fields["role"].initial = Role.OFFICER
        self._style()

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip().lower()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is already taken."))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("role") == Role.OFFICER and not data.get("units"):
            self.add_error("units", _("An officer must belong to at least one unit."))
        return data


class UserEditForm(BootstrapMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"))
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def __init__(self, *args: Any, acting_user: Any, account: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {
            "full_name": account.full_name, "email": account.email, "role": account.role,
            "position": account.position, "phone": account.phone,
        })
        super().__init__(*args, **kwargs)
        self.account = account
        self.fields["role"].choices = allowed_roles(acting_user)
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("role") == Role.OFFICER and not self.account.units.exists():
            self.add_error("role", _("An officer must belong to at least one unit: hand the account over first."))
        return data


class HandOverForm(BootstrapMixin, forms.Form):
    units = _unit_field()

    def __init__(self, *args: Any, account: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"units": list(account.units.all())})
        super().__init__(*args, **kwargs)
        self.account = account
        self.fields["units"].label = _("New units")
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.account.role == Role.OFFICER and not data.get("units"):
            self.add_error("units", _("An officer must belong to at least one unit."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("XLSX file"),
        help_text=_("An Excel file (.xlsx) filled in from the template, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() != ".xlsx":
            raise forms.ValidationError(_("The file must be an Excel workbook with the .xlsx extension."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class UserFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("User name or full name")}))
    role = forms.ChoiceField(label=_("Role"), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.all(), required=False,
                                  empty_label=_("All units"))
    active = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("All")), ("1", _("Active")), ("0", _("Deactivated")),
    ])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("All roles")), *Role.choices]
        self._style()

    def filter(self, queryset: Any) -> list[User]:
        """The accounts matching the filters, in Vietnamese alphabetical order of their names."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("role"):
            queryset = queryset.filter(role=data["role"])
        if data.get("unit"):
            queryset = queryset.filter(units=data["unit"])
        if data.get("active") in ("0", "1"):
            queryset = queryset.filter(is_active=data["active"] == "1")
        accounts = list(queryset.distinct().prefetch_related("units"))
        words = vn.fold(data.get("q", "")).split()
        if words:
            accounts = [a for a in accounts if all(w in vn.fold(f"{a.username} {a.full_name}") for w in words)]
        return sorted(accounts, key=lambda a: (vn.sort_key(a.display_name), a.username))


ACTION_CHOICES = [
    (LogEntry.Action.CREATE, _("Create")),
    (LogEntry.Action.UPDATE, _("Update")),
    (LogEntry.Action.DELETE, _("Delete")),
    (LogEntry.Action.ACCESS, _("Access (log in / log out)")),
]


class AuditFilterForm(BootstrapMixin, forms.Form):
    actor = forms.ModelChoiceField(label=_("Who"), queryset=User.objects.all(), required=False,
                                   empty_label=_("Everyone"))
    content_type = forms.ModelChoiceField(label=_("Object type"), queryset=ContentType.objects.none(),
                                          required=False, empty_label=_("All types"))
    action = forms.TypedChoiceField(label=_("Action type"), required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(label=_("From date"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("To date"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    q = forms.CharField(label=_("Object name"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        type_ids = LogEntry.objects.values_list("content_type_id", flat=True).distinct()
        self.fields["content_type"].queryset = ContentType.objects.filter(id__in=type_ids)
        self.fields["content_type"].label_from_instance = lambda ct: str(
            ct.model_class()._meta.verbose_name if ct.model_class() else ct.model
        ).capitalize()
        self.fields["action"].choices = [("", _("All actions")), *ACTION_CHOICES]
        self.fields["actor"].label_from_instance = lambda user: f"{user.display_name} ({user.username})"
        self._style()

    def filter(self, queryset: Any) -> Any:
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("actor"):
            queryset = queryset.filter(actor=data["actor"])
        if data.get("content_type"):
            queryset = queryset.filter(content_type=data["content_type"])
        if data.get("action") is not None:
            queryset = queryset.filter(action=data["action"])
        if data.get("date_from"):
            queryset = queryset.filter(timestamp__date__gte=data["date_from"])
        if data.get("date_to"):
            queryset = queryset.filter(timestamp__date__lte=data["date_to"])
        if data.get("q"):
            queryset = queryset.filter(object_repr__icontains=data["q"].strip())
        return queryset
