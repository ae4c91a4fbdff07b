from __future__ import annotations

from typing import Any

from django.db import models

from .choices import Action
from .permissions import restrict


class RestrictedQuerySet(models.QuerySet):
    """A queryset that every page and endpoint narrows with ``.restrict(user, action)``."""

    def restrict(self, user: Any, action: str = Action.VIEW) -> RestrictedQuerySet:
        return restrict(self, user, action)
