from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class ForcePasswordChangeMiddleware:
    """An account created or reset by a coordinator must choose its own password before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = {reverse("accounts:password_change"), reverse("accounts:logout")}
            path = request.path
            if path.startswith("/api/") and path != reverse("api:auth-token"):
                return JsonResponse({"detail": _("Choose your own password on the website before using the API.")},
                                    status=403)
            if path not in allowed and not path.startswith(("/static/", "/healthz", "/api/")):
                return redirect("accounts:password_change")
        return self.get_response(request)
