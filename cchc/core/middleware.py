"""Request-level guards: a cap on the request body, and a clear answer when the disk is full."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .storage import is_storage_full


def problem_response(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    """JSON ``{"detail": …}`` under /api/, the site's own plain error page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    html = render_to_string("errors/problem.html", {"status": status, "title": title, "message": message})
    return HttpResponse(html, status=status)


def max_request_bytes() -> int:
    return int(getattr(settings, "CCHC_MAX_REQUEST_MB", 25)) * 1024 * 1024


class RequestSizeLimitMiddleware:
    """Refuse (413) a request whose declared body is larger than ``CCHC_MAX_REQUEST_MB``, before reading it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = max_request_bytes()
        if length > limit:
            return problem_response(
                request, 413, _("Request too large"),
                _("What you sent is larger than %(mb)s MB: send smaller files, or fewer at a time.")
                % {"mb": limit // (1024 * 1024)})
        return self.get_response(request)


class NulByteMiddleware:
    """Refuse (400) a path or query string carrying a NUL character: no database stores it (PostgreSQL refuses it
    in any text), and no legitimate link has one. Forms and the API drop control characters themselves."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return problem_response(request, 400, _("Bad request"),
                                    _("The address contains a character that is not allowed."))
        return self.get_response(request)


class StorageFullMiddleware:
    """The disk filled while a file was stored: say so (507) instead of a generic error; nothing is kept (the
    storage removed the partial file, the transaction rolled back)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_storage_full(exception):
            return storage_full_response(request)
        return None


def storage_full_message() -> str:
    return _("The server has no storage space left: your file was not saved. Nothing was recorded; please try "
             "again later and tell the administrator.")


def storage_full_response(request: HttpRequest) -> HttpResponse:
    return problem_response(request, 507, _("Storage full"), storage_full_message())
