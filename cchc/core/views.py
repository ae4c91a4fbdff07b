from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import clock
from .permissions import role_of


def home(request: HttpRequest) -> HttpResponse:
    """The public CCHC column for visitors; the signed-in user's start page."""
    from django.apps import apps

    if not request.user.is_authenticated:
        from cchc.column.views import public_home

        return public_home(request)

    today = clock.today()
    units = []
    if role_of(request.user) == "officer" and apps.is_installed("cchc.units"):
        units = list(request.user.units.all())
    context = {"today": today, "my_units": units}
    # Campaigns in progress and who is late (coordinators, leaders), or what the officer's units owe: imported
    # here, not at module level, as core sits below the apps it summarises.
    if all(apps.is_installed(name) for name in ("cchc.monitoring", "cchc.reports", "cchc.directives")):
        from cchc.monitoring.views import home_context

        context.update(home_context(request.user, today))
    return render(request, "core/home.html", context)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with the version when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database_ok = True
    except Exception:  # noqa: BLE001 - any database failure means "down"
        database_ok = False
    body = {"status": "ok" if database_ok else "error", "database": database_ok, "version": settings.VERSION}
    return JsonResponse(body, status=200 if database_ok else 503)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
