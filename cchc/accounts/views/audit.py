from django.http import HttpResponse


def audit_log(request):  # type: ignore[no-untyped-def]
    return HttpResponse("")
