"""The API's exception handler: every error of every API view is JSON, in Vietnamese.

DRF's own errors (validation, authentication, permission, not found, throttling, parse errors) keep their status and
come out through the project's catalogue; Django's ``ValidationError`` and ``PermissionDenied`` raised by the
``do_…`` actions become 400 and 403; a full disk is 507. Anything else is left to Django, whose ``handler500``
answers ``{"detail": …}`` under /api/ (``core.views.error_500``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .middleware import storage_full_message
from .storage import is_storage_full


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if is_storage_full(exc):
        return Response({"detail": storage_full_message()}, status=status.HTTP_507_INSUFFICIENT_STORAGE)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()  # not Django's "No OrgUnit matches the given query."
    elif isinstance(exc, DjangoValidationError):
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        message = " ".join(str(arg) for arg in exc.args if arg) or _("You do not have permission to perform "
                                                                       "this action.")
        exc = exceptions.PermissionDenied(message)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        response.data["detail"] = str(response.data["detail"])
    return response
