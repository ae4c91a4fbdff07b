from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import clock
from .middleware import problem_response
from .permissions import role_of

logger = logging.getLogger(__name__)


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
    """200 with the version when the database answers AND accepts writes; 503 otherwise (down, read-only, full).

    The write is a real one, rolled back: a savepoint, an UPDATE that touches no row of the migrations table (a
    read-only PostgreSQL transaction or SQLite file refuses the statement itself), then the rollback."""
    database_ok = writable = False
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database_ok = True
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("UPDATE django_migrations SET app = app WHERE id = -1")
                if connection.vendor == "sqlite":
                    cursor.execute("PRAGMA query_only")
                    if cursor.fetchone()[0]:
                        raise DatabaseError("query_only")
            transaction.set_rollback(True)
        writable = True
    except Exception as exc:  # noqa: BLE001 - any database failure means "not healthy"
        logger.warning("Health check: the database %s (%s)", "refuses writes" if database_ok else "is down", exc)
    healthy = database_ok and writable
    body = {"status": "ok" if healthy else "error", "database": database_ok, "writable": writable,
            "version": settings.VERSION}
    return JsonResponse(body, status=200 if healthy else 503)


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _("The request could not be understood (it is malformed or too large).")
    if _wants_json(request):
        return JsonResponse({"detail": message}, status=400)
    return problem_response(request, 400, _("Bad request"), message)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": _("You do not have permission to perform this action.")}, status=403)
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": _("A server error occurred.")}, status=500)
    return render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    message = _("The form has expired or was sent from another site: reload the page and send it again.")
    if _wants_json(request):
        return JsonResponse({"detail": message}, status=403)
    return problem_response(request, 403, _("Form expired"), message)
