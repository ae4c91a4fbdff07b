"""Unit API tokens for DRF: ``Authorization: Bearer cchc_…``.

A token authenticates a unit's system, not a person: ``request.user`` is ``AnonymousUser`` and ``request.auth`` is
the ``UnitToken`` (its unit is the only one it may read or write). A revoked or unknown ``cchc_`` key is refused
with 401; any other Bearer value is left to the other authentication classes.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from cchc.core.choices import Role
from cchc.core.permissions import role_of, unit_ids_of
from cchc.units.models import OrgUnit

from ..activities import TOKEN_PREFIX, token_for_key
from ..models import UnitToken

KEYWORD = "Bearer"


class UnitTokenAuthentication(authentication.BaseAuthentication):
    keyword = KEYWORD

    def authenticate(self, request: Any) -> tuple[AnonymousUser, UnitToken] | None:
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header: give “Bearer <key>”."))
        try:
            key = parts[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from exc
        if not key.startswith(TOKEN_PREFIX):
            return None
        token = token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Unknown API token."))
        if not token.is_active:
            raise exceptions.AuthenticationFailed(_("This API token has been revoked."))
        now = timezone.now()
        UnitToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
        return AnonymousUser(), token

    def authenticate_header(self, request: Any) -> str:
        return self.keyword


def unit_token_of(request: Any) -> UnitToken | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, UnitToken) else None


class IsUserOrUnitToken(permissions.BasePermission):
    """A signed-in user, or a unit token for listing, reading and pushing (not deleting) activities."""

    token_actions = frozenset({"list", "retrieve", "create", "update", "partial_update", "evidence"})

    def has_permission(self, request: Any, view: Any) -> bool:
        if unit_token_of(request) is not None:
            return getattr(view, "action", None) in self.token_actions
        return bool(request.user and request.user.is_authenticated)


class UnitTokenWriterMixin:
    """For viewsets that both a unit's system (with its token) and signed-in users write through: who acts, and
    which unit a new record belongs to. Subclasses word the two refusals for their own records."""

    own_unit_only_message: Any = ""  # e.g. gettext_lazy("This API token can only record activities of its own unit.")
    give_unit_message: Any = ""  # e.g. gettext_lazy("Give the unit of the activity.")

    def acting_kwargs(self) -> dict[str, Any]:
        """``token=`` for a unit's system, ``acting_user=`` for a person: the keyword the ``do_*`` actions take."""
        token = unit_token_of(self.request)  # type: ignore[attr-defined]
        return {"token": token} if token is not None else {"acting_user": self.request.user}  # type: ignore[attr-defined]

    def unit_for(self, data: dict[str, Any]) -> OrgUnit:
        """The unit of a new record: the token's own, the one given, or an officer's only unit."""
        request = self.request  # type: ignore[attr-defined]
        token = unit_token_of(request)
        unit = data.pop("unit", None)
        if token is not None:
            if unit is not None and unit.pk != token.unit_id:
                raise exceptions.PermissionDenied(self.own_unit_only_message)
            return token.unit
        if unit is None:
            unit_ids = unit_ids_of(request.user)
            if role_of(request.user) != Role.OFFICER or len(unit_ids) != 1:
                raise exceptions.ValidationError({"unit": [self.give_unit_message]})
            unit = OrgUnit.objects.get(pk=next(iter(unit_ids)))
        return unit


class UnitTokenScheme(OpenApiAuthenticationExtension):
    """Documents the unit token in the OpenAPI schema (drf-spectacular finds it by subclassing)."""

    target_class = "cchc.reports.api.auth.UnitTokenAuthentication"
    name = "unitToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer",
                "description": "Unit API token issued by the coordinators: `Authorization: Bearer cchc_…`."}
