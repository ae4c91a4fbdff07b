"""TEMPORARY STUB: replaced by the reports work."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("")


submission_list = submission_start = submission_detail = submission_edit = submission_submit = _todo
submission_return = submission_approve = submission_reopen = _todo
activity_list = activity_create = activity_import = activity_import_template = activity_detail = _todo
activity_edit = activity_delete = evidence_download = evidence_delete = token_list = token_revoke = _todo
form_list = form_create = form_detail = form_edit = indicator_list = indicator_create = indicator_edit = _todo
taxonomy_list = _todo
