"""TEMPORARY STUBS: replaced by the directives work."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("")


directive_list = directive_detail = directive_export = directive_remind = directive_letter = directive_edit = _todo
import_start = import_preview = my_tasks = assignment_detail = _todo
