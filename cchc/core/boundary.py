"""Text from outside is cleaned where it enters: every form CharField and every API CharField.

``install()`` (called once from ``CoreConfig.ready``) makes ``django.forms.CharField`` (and its subclasses: e-mail,
URL, slug, regex, choice-free text fields) and ``rest_framework.fields.CharField`` pass what they receive through
``cchc.lib.text.clean_text``: NFC, carriage returns as newlines, no control characters (tab and newline kept). One
escape character in a title can then no longer reach an export or a generated document. Imports clean their cells
in ``cchc.lib.xlsx.read_sheet``.
"""

from __future__ import annotations

from typing import Any

from cchc.lib.text import clean_text

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    from django import forms

    form_to_python = forms.CharField.to_python

    def cleaned_to_python(self: Any, value: Any) -> Any:
        return clean_text(form_to_python(self, value))

    forms.CharField.to_python = cleaned_to_python  # type: ignore[method-assign]

    try:
        from rest_framework import fields
    except ImportError:  # pragma: no cover - DRF is always installed here
        return
    api_to_internal = fields.CharField.to_internal_value

    def cleaned_to_internal_value(self: Any, data: Any) -> Any:
        return clean_text(api_to_internal(self, data))

    fields.CharField.to_internal_value = cleaned_to_internal_value  # type: ignore[method-assign]
