"""Pages of the public CCHC column."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse


def public_home(request: HttpRequest) -> HttpResponse:
    """The home page for visitors (until the column is built: the sign-in page)."""
    return redirect_to_login(request.get_full_path())
