"""TEMPORARY STUBS: replaced by the reminders work."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("")


sent_list = holiday_list = policy_list = _todo
