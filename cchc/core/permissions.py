"""Who may do what: one ``restrict(user, action)`` that every page and endpoint goes through.

Rules:
- administrators and coordinators (Sở Nội vụ) see and manage everything;
- leaders see and export everything and change nothing;
- unit officers reach only the rows of their own units, and only for the actions the model allows them
  (``officer_actions``, default view and export); the model names the path to the unit with ``unit_path``
  ("unit", "assignment__unit", "id" for units themselves). A model without ``unit_path`` is closed to officers.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet

from .choices import READ_ACTIONS, Action, Role

MANAGERS = frozenset({Role.ADMIN, Role.COORDINATOR})


def role_of(user: Any) -> str | None:
    """The role of an authenticated, active user; ``None`` for anonymous or inactive users."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    if getattr(user, "is_superuser", False):
        return Role.ADMIN
    return getattr(user, "role", None)


def unit_ids_of(user: Any) -> set[int]:
    """The ids of the units an officer belongs to (cached on the user object for the request)."""
    cached = getattr(user, "_cchc_unit_ids", None)
    if cached is None:
        cached = set(user.units.values_list("id", flat=True)) if role_of(user) else set()
        user._cchc_unit_ids = cached
    return cached


def can(user: Any, action: str, model: type[Model] | None = None) -> bool:
    """Whether the user's role allows ``action`` on ``model`` at all (rows are then narrowed by ``restrict``)."""
    role = role_of(user)
    if role is None:
        return False
    if role in MANAGERS:
        return True
    if role == Role.LEADER:
        return action in READ_ACTIONS
    if role == Role.OFFICER:
        if model is None:
            return action in READ_ACTIONS
        return getattr(model, "unit_path", None) is not None and action in officer_actions(model)
    return False


def officer_actions(model: type[Model]) -> frozenset[str]:
    return frozenset(getattr(model, "officer_actions", (Action.VIEW, Action.EXPORT)))


def restrict(queryset: QuerySet, user: Any, action: str = Action.VIEW) -> QuerySet:
    """``queryset`` narrowed to the rows ``user`` may ``action``."""
    model = queryset.model
    if not can(user, action, model):
        return queryset.none()
    if role_of(user) == Role.OFFICER:
        path = model.unit_path  # type: ignore[attr-defined]
        narrowed = queryset.filter(**{f"{path}__in": unit_ids_of(user)})
        return narrowed.distinct() if getattr(model, "unit_path_many", False) else narrowed
    return queryset
