"""Import pages: upload or paste a document, then correct the proposal and confirm. Thin views over
:mod:`cchc.directives.importing` (the work) and :mod:`cchc.directives.forms` (the input)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core.choices import Action
from cchc.core.permissions import can

from ..forms import ImportPreview, ImportStartForm
from ..importing import DuplicateDirectiveError, do_confirm_import, do_forget_not_ours, do_start_import
from ..models import Directive, ExternalBody, ImportDraft


def _require_manager(user: Any) -> None:
    if not can(user, Action.ADD, Directive):
        raise PermissionDenied


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    _require_manager(request.user)
    posted = request.method == "POST"
    form = ImportStartForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            draft = do_start_import(acting_user=request.user, uploaded_file=form.cleaned_data.get("file"),
                                    text=form.cleaned_data.get("text"))
        except ValidationError as exc:
            form.add_error("file" if form.cleaned_data.get("file") else "text", exc)
        else:
            return redirect("directives:import_preview", pk=draft.pk)
    return render(request, "directives/import_start.html", {
        "form": form, "external_bodies": ExternalBody.objects.select_related("created_by")})


@login_required
@require_POST
def forget_not_ours(request: HttpRequest, pk: int) -> HttpResponse:
    """Forget one body marked "not ours" (the list is on the import page)."""
    _require_manager(request.user)
    body = get_object_or_404(ExternalBody, pk=pk)
    do_forget_not_ours(body, acting_user=request.user)
    messages.success(request, _("“%(name)s” will be asked about again in the next imports.") % {"name": body.name})
    return redirect("directives:import")


@login_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request.user)
    draft = get_object_or_404(ImportDraft, pk=pk)
    if draft.directive_id:
        messages.info(request, _("This document has already been imported."))
        return redirect(draft.directive)
    preview = ImportPreview(draft, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        valid = preview.is_valid()
        draft.proposal = preview.to_proposal()  # what was typed survives a failed confirmation
        draft.save(update_fields=["proposal"])
        if valid:
            try:
                directive = do_confirm_import(draft, draft.proposal, acting_user=request.user,
                                              mappings=preview.mappings(), remember=preview.remembered(),
                                              not_ours=preview.not_ours())
            except DuplicateDirectiveError as exc:
                preview.meta.add_error("number", exc)
                preview.meta.duplicate = exc.existing
            except ValidationError as exc:
                preview.meta.add_error(None, exc)
            else:
                messages.success(request, _("The directive has been created with %(n)s tasks.") % {
                    "n": directive.tasks.count()})
                return redirect(directive)
    duplicate = preview.duplicate
    if duplicate is None and draft.proposal.get("duplicate_of"):
        duplicate = Directive.objects.filter(pk=draft.proposal["duplicate_of"]).first()
    return render(request, "directives/import_preview.html", {
        "draft": draft, "preview": preview, "proposal": draft.proposal, "duplicate": duplicate,
        "has_errors": request.method == "POST",
    })
