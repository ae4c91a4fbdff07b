"""Every change to accounts goes through these functions: atomic, permission-checked, audited."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.core.audit import acting_as
from cchc.core.choices import Role
from cchc.core.permissions import role_of

from .models import User


def _check_manager(acting_user: Any, role: str | None = None) -> None:
    """Coordinators manage officer and leader accounts; only administrators manage coordinators and admins."""
    if acting_user is None:  # commands and the demo loader
        return
    acting_role = role_of(acting_user)
    if acting_role not in (Role.ADMIN, Role.COORDINATOR):
        raise PermissionDenied(_("You are not allowed to manage accounts."))
    if role in (Role.ADMIN, Role.COORDINATOR) and acting_role != Role.ADMIN:
        raise PermissionDenied(_("Only an administrator can manage administrator and coordinator accounts."))


def random_password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def do_create_user(
    *,
    username: str,
    role: str,
    acting_user: Any,
    units: Iterable[Any] = (),
    full_name: str = "",
    email: str = "",
    position: str = "",
    phone: str = "",
    password: str | None = None,
    must_change_password: bool = True,
    check_password: bool = True,
    password_hash: str | None = None,
) -> User:
    """Create an account. Without ``password`` a random one is set (the user resets it by e-mail).

    ``password_hash`` (from ``make_password``) lets a loader hash one shared password once for many accounts.
    """
    _check_manager(acting_user, role)
    units = list(units)
    if role == Role.OFFICER and not units:
        raise ValidationError({"units": _("An officer must belong to at least one unit.")})
    user = User(username=username.strip().lower(), role=role, full_name=full_name.strip(), email=email.strip(),
                position=position.strip(), phone=phone.strip(), must_change_password=must_change_password)
    user.full_clean(exclude=["password"])
    if password and check_password:
        validate_password(password, user)
    if password_hash:
        user.password = password_hash
    else:
        user.set_password(password or random_password())
    with acting_as(acting_user):
        user.save()
        if units:
            user.units.set(units)
    return user


@transaction.atomic
def do_update_user(user: User, *, acting_user: Any, **fields: Any) -> User:
    _check_manager(acting_user, fields.get("role", user.role))
    _check_manager(acting_user, user.role)
    for key in ("full_name", "email", "position", "phone", "role"):
        if key in fields:
            setattr(user, key, fields[key])
    user.full_clean(exclude=["password"])
    with acting_as(acting_user):
        user.save()
    return user


@transaction.atomic
def do_hand_over(user: User, units: Iterable[Any], *, acting_user: Any) -> User:
    """Move an officer to other unit(s): from now on they reach only the new units' data."""
    _check_manager(acting_user, user.role)
    units = list(units)
    if user.role == Role.OFFICER and not units:
        raise ValidationError({"units": _("An officer must belong to at least one unit.")})
    with acting_as(acting_user):
        user.units.set(units)
    return user


@transaction.atomic
def do_set_active(user: User, active: bool, *, acting_user: Any) -> User:
    """Deactivate (or reactivate) an account; a deactivated account cannot sign in, its history stays."""
    _check_manager(acting_user, user.role)
    if acting_user is not None and user.pk == getattr(acting_user, "pk", None) and not active:
        raise ValidationError(_("You cannot deactivate your own account."))
    with acting_as(acting_user):
        user.is_active = active
        user.save(update_fields=["is_active"])
        if not active:
            from rest_framework.authtoken.models import Token

            Token.objects.filter(user=user).delete()
    return user


@transaction.atomic
def do_set_password(user: User, password: str, *, acting_user: Any, must_change: bool = False) -> User:
    """Set a password: by the user (``must_change`` False) or by a coordinator (then forced to change)."""
    if acting_user is not None and acting_user.pk != user.pk:
        _check_manager(acting_user, user.role)
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = must_change
    with acting_as(acting_user):
        user.save(update_fields=["password", "must_change_password"])
    return user


@transaction.atomic
def do_reset_password_by_coordinator(user: User, *, acting_user: Any) -> str:
    """Give ``user`` a random temporary password they must change at the next login; returns it (shown once)."""
    _check_manager(acting_user, user.role)
    password = random_password()
    user.set_password(password)
    user.must_change_password = True
    with acting_as(acting_user):
        user.save(update_fields=["password", "must_change_password"])
    return password


@transaction.atomic
def do_import_users(rows: Iterable[Any], *, acting_user: Any) -> list[tuple[User, str]]:
    """Create every account of a checked import (``io.ImportRow``), all or none.

    Each account gets a random initial password and must change it at the first login; returns
    ``[(user, initial password)]`` for the coordinator to hand out.
    """
    created = []
    for row in rows:
        password = random_password()
        user = do_create_user(
            username=row.username, role=row.role, acting_user=acting_user, units=row.units,
            full_name=row.full_name, email=row.email, position=row.position, phone=row.phone,
            password=password, must_change_password=True, check_password=False,
        )
        created.append((user, password))
    return created
