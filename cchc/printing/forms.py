"""Forms of the printing pages."""

from __future__ import annotations

from typing import Any

from django import forms

from cchc.core import clock
from cchc.core.choices import Action
from cchc.units.models import OrgUnit

from .models import Message, PrintRun, Publication, QrAddresses


def _bootstrap(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "form-check-input")
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class AddressesForm(forms.ModelForm):
    class Meta:
        model = QrAddresses
        fields = ["portal_url", "feedback_url", "column_url"]

    def __init__(self, *args: Any, defaults: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, name in (("portal", "portal_url"), ("feedback", "feedback_url"), ("column", "column_url")):
            self.fields[name].help_text = f"Để trống để dùng địa chỉ mặc định: {defaults[code]}"
            self.fields[name].widget.attrs["placeholder"] = defaults[code]
        _bootstrap(self)


class MessageForm(forms.ModelForm):
    class Meta:
        model = Message
        fields = ["title", "body", "order", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class PublicationForm(forms.ModelForm):
    class Meta:
        model = Publication
        fields = ["kind", "title", "subtitle", "unit", "messages", "items", "hotline", "contact", "qr_portal",
                  "qr_feedback", "qr_column"]
        widgets = {"messages": forms.CheckboxSelectMultiple, "items": forms.CheckboxSelectMultiple,
                   "contact": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"messages": "Tờ gấp: thông điệp đầu tiên in ở nếp gấp bên trong bìa, các thông điệp sau in ở "
                                  "mặt trong.", "items": "Những tin, bài mới nhất được in kèm tiêu đề và tóm tắt."}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from cchc.column.models import Item

        self.fields["unit"].queryset = OrgUnit.objects.restrict(user, Action.VIEW).order_by("sort_name")
        self.fields["unit"].empty_label = "— Chọn đơn vị —"
        self.fields["messages"].queryset = Message.objects.filter(is_active=True)
        self.fields["items"].queryset = Item.objects.published().order_by("-published_at")
        _bootstrap(self)


class PrintRunForm(forms.ModelForm):
    class Meta:
        model = PrintRun
        fields = ["date", "copies", "distribution"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "distribution": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = clock.today()
        _bootstrap(self)
