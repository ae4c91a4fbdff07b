"""TEMPORARY STUB: replaced by the monitoring work."""

from django.http import HttpResponse


def overview(request):  # type: ignore[no-untyped-def]
    return HttpResponse("")
