"""Unit API tokens: coordinators issue a named token to a unit's own system (shown once) and revoke it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core.choices import Action
from cchc.core.permissions import can
from cchc.units.models import OrgUnit

from ..activities import do_issue_token, do_revoke_token
from ..forms_activities import TokenForm
from ..models import UnitToken


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """Tokens per unit (``?unit=<id>``); coordinators also issue one here (the key is shown on this page once)."""
    if not can(request.user, Action.VIEW, UnitToken):
        raise PermissionDenied
    can_manage = can(request.user, Action.ADD, UnitToken)
    tokens = UnitToken.objects.restrict(request.user, Action.VIEW).select_related("unit", "created_by")
    units = OrgUnit.objects.restrict(request.user, Action.VIEW).order_by("sort_name")
    selected = request.GET.get("unit") or ""
    if selected.isdigit():
        tokens = tokens.filter(unit_id=int(selected))
    form = TokenForm(request.POST or None, user=request.user,
                     initial={"unit": int(selected)} if selected.isdigit() else None)
    new_key = None
    new_token = None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                new_token, new_key = do_issue_token(form.cleaned_data["unit"], form.cleaned_data["name"],
                                                    acting_user=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The token “%(name)s” has been issued. Copy the key now: it will not be "
                                            "shown again.") % {"name": new_token.name})
                form = TokenForm(user=request.user, initial={"unit": new_token.unit_id})
    response = render(request, "reports/token_list.html", {
        "tokens": tokens, "units": units, "selected": selected, "form": form, "can_manage": can_manage,
        "new_key": new_key, "new_token": new_token,
        "api_url": request.build_absolute_uri(reverse("api:activity-list")),
    })
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if not can(request.user, Action.CHANGE, UnitToken):
        raise PermissionDenied
    token = get_object_or_404(UnitToken.objects.restrict(request.user, Action.CHANGE), pk=pk)
    do_revoke_token(token, acting_user=request.user)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect(f"{reverse('reports:tokens')}?unit={token.unit_id}")
