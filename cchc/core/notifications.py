"""TEMPORARY STUBS: the notification centre's views (replaced by the reminders work)."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("")


notification_list = notification_read = notification_read_all = _todo
