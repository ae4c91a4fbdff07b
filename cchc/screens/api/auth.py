"""A screen's key for DRF: ``X-Screen-Key: scr_…``. ``request.auth`` is the :class:`Screen`; a wrong or revoked key
gets 401 and nothing else."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from ..models import Screen

HEADER = "X-Screen-Key"


def key_of(request: Any) -> str:
    return (request.META.get("HTTP_X_SCREEN_KEY") or "").strip()


class ScreenKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Any) -> tuple[AnonymousUser, Screen]:
        key = key_of(request)
        if not key:
            raise exceptions.AuthenticationFailed("Thiếu khóa màn hình (tiêu đề X-Screen-Key).")
        screen = Screen.objects.by_key(key)
        if screen is None:
            raise exceptions.AuthenticationFailed("Khóa màn hình không đúng hoặc đã bị thu hồi.")
        return AnonymousUser(), screen

    def authenticate_header(self, request: Any) -> str:
        return "Screen"


class IsScreen(permissions.BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return isinstance(getattr(request, "auth", None), Screen)


class ScreenKeyScheme(OpenApiAuthenticationExtension):
    """Documents the screen key in the OpenAPI schema."""

    target_class = "cchc.screens.api.auth.ScreenKeyAuthentication"
    name = "screenKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "header", "name": HEADER,
                "description": "The screen's secret key (issued once when the screen is registered or its key "
                               "regenerated): `X-Screen-Key: scr_…`."}
