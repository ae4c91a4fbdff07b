"""Managing accounts: coordinators and administrators only (officers and leaders get 403).

Coordinators manage officer and leader accounts; only administrators manage coordinator and administrator
accounts (the actions enforce it, the forms offer only the allowed roles). A new, imported or reset account gets a
random temporary password, shown once to the coordinator, and must choose its own at the first login.
"""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from cchc.core.audit import history_for
from cchc.core.choices import Role
from cchc.core.permissions import MANAGERS, role_of

from .. import actions, io
from ..forms import HandOverForm, ImportForm, UserCreateForm, UserEditForm, UserFilterForm
from ..models import User

XLSX = io.XLSX_TYPE


def _require_manager(request: HttpRequest) -> None:
    if role_of(request.user) not in MANAGERS:
        raise PermissionDenied


def can_manage(acting_user: Any, account: User) -> bool:
    """Coordinators manage officers and leaders; administrators manage everyone."""
    role = role_of(acting_user)
    if role == Role.ADMIN:
        return True
    return role == Role.COORDINATOR and account.role in (Role.OFFICER, Role.LEADER) and not account.is_superuser


def _get_account(request: HttpRequest, pk: int, *, manage: bool = False) -> User:
    """The account ``pk`` if the signed-in user may see it (and, with ``manage``, change it); else 403/404."""
    _require_manager(request)
    account = get_object_or_404(User.objects.restrict(request.user, "view"), pk=pk)
    if manage and not can_manage(request.user, account):
        raise PermissionDenied
    return account


def _credentials_page(request: HttpRequest, created: list[tuple[User, str]], title: str) -> HttpResponse:
    """Show the temporary passwords once, with the same table as an XLSX file embedded in the page."""
    workbook = base64.b64encode(io.credentials_workbook(created)).decode("ascii")
    response = render(request, "accounts/users/credentials.html", {
        "title": title,
        "created": created,
        "xlsx_data_url": f"data:{XLSX};base64,{workbook}",
    })
    add_never_cache_headers(response)  # Cache-Control: no-store: the temporary passwords stay in no cache
    return response


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = UserFilterForm(request.GET or None)
    accounts = form.filter(User.objects.restrict(request.user, "view"))
    page = Paginator(accounts, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/users/list.html", {
        "form": form, "page_obj": page, "accounts": page.object_list, "total": len(accounts),
    })


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = UserCreateForm(request.POST or None, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        password = actions.random_password()
        try:
            user = actions.do_create_user(
                acting_user=request.user, username=data["username"], role=data["role"], units=data["units"],
                full_name=data["full_name"], email=data["email"], position=data["position"], phone=data["phone"],
                password=password, must_change_password=True, check_password=False,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The account %(username)s has been created.") % {"username": user.username})
            return _credentials_page(request, [(user, password)], _("Account created"))
    return render(request, "accounts/users/form.html", {
        "form": form, "title": _("New account"), "submit_label": _("Create the account"),
        "cancel_url": reverse("accounts:user_list"),
    })


@login_required
def user_import(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    check = None
    if request.method == "POST" and form.is_valid():
        try:
            check = io.check_file(form.cleaned_data["file"])
        except io.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            if check.ok:
                try:
                    created = actions.do_import_users(check.rows, acting_user=request.user)
                except ValidationError as error:
                    form.add_error(None, error.messages)
                else:
                    messages.success(request, _("%(count)d accounts have been created.") % {"count": len(created)})
                    return _credentials_page(request, created, _("Accounts imported"))
            else:
                messages.error(request, _("Nothing was imported: correct the rows below and upload the file again."))
    return render(request, "accounts/users/import.html", {"form": form, "check": check})


@login_required
def user_import_template(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    response = HttpResponse(io.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-tai-khoan.xlsx"'
    return response


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = _get_account(request, pk)
    return render(request, "accounts/users/detail.html", {
        "account": account,
        "units": account.units.all(),
        "history": history_for(account),
        "can_manage": can_manage(request.user, account),
        "is_self": account.pk == request.user.pk,
    })


@login_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = _get_account(request, pk, manage=True)
    form = UserEditForm(request.POST or None, acting_user=request.user, account=account)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_user(account, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            account.refresh_from_db()
            _add_errors(form, error)
        else:
            messages.success(request, _("The account has been saved."))
            return redirect(account)
    return render(request, "accounts/users/form.html", {
        "form": form, "account": account, "cancel_url": account.get_absolute_url(),
        "title": _("Edit account %(username)s") % {"username": account.username},
    })


@login_required
def user_hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    account = _get_account(request, pk, manage=True)
    form = HandOverForm(request.POST or None, account=account)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_hand_over(account, form.cleaned_data["units"], acting_user=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The account has been handed over to its new units."))
            return redirect(account)
    return render(request, "accounts/users/hand_over.html", {
        "form": form, "account": account, "current_units": account.units.all(),
        "title": _("Hand over account %(username)s") % {"username": account.username},
    })


@login_required
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    account = _get_account(request, pk, manage=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    active = request.POST.get("active") == "1"
    try:
        actions.do_set_active(account, active, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if active:
            messages.success(request, _("The account has been reactivated."))
        else:
            messages.success(request, _("The account has been deactivated: it can no longer log in."))
    return redirect(account)


@login_required
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    account = _get_account(request, pk, manage=True)
    if request.method == "POST":
        password = actions.do_reset_password_by_coordinator(account, acting_user=request.user)
        messages.success(request, _("A temporary password has been set for %(username)s.")
                         % {"username": account.username})
        return _credentials_page(request, [(account, password)], _("Password reset"))
    return render(request, "accounts/users/reset_password.html", {"account": account})
