from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from . import clock
from .models import Notification
from .nav import nav_for
from .permissions import role_of


def site(request: HttpRequest) -> dict[str, Any]:
    """Site name, role, navigation, the demo-clock banner and the bell's unread count, for every page."""
    fixed = clock.fixed_today()
    user = getattr(request, "user", None)
    signed_in = bool(getattr(user, "is_authenticated", False))
    return {
        "site_name": settings.CCHC_SITE_NAME,
        "province_name": settings.CCHC_PROVINCE_NAME,
        "cchc_version": settings.VERSION,
        "fixed_today": fixed,
        "user_role": role_of(user),
        "nav": nav_for(user, request.path) if role_of(user) else [],
        "unread_notifications": Notification.objects.for_user(user).unread().count() if signed_in else 0,
    }
