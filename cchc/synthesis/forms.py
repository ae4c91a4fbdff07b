"""Forms of the synthesis pages: issuing a report with its signed scan, uploading a DOCX template."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .actions import check_scan


class IssueForm(forms.Form):
    number = forms.CharField(label=_("Number and symbol"), max_length=80,
                             widget=forms.TextInput(attrs={"placeholder": "123/BC-SNV"}))
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    subject = forms.CharField(label=_("Subject"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Empty: the report's title."))
    recipients = forms.CharField(label=_("Recipients"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    signed_scan = forms.FileField(label=_("Signed scan"), help_text=_("PDF, JPEG or PNG, up to 20 MB."),
                                  widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))

    def clean_signed_scan(self) -> Any:
        scan = self.cleaned_data["signed_scan"]
        check_scan(scan)
        return scan

    def clean_date(self) -> date:
        value = self.cleaned_data["date"]
        if value.year < 2000:
            raise ValidationError(_("Enter a real date."))
        return value


class TemplateUploadForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    file = forms.FileField(label=_("DOCX template"), widget=forms.ClearableFileInput(attrs={"accept": ".docx"}))
    activate = forms.BooleanField(label=_("Use it for the next reports"), required=False, initial=True)
