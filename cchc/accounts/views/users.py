"""Managing accounts (coordinators and administrators). TEMPORARY STUBS: to be replaced by the accounts work."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("")


user_list = user_create = user_import = user_import_template = user_detail = user_edit = _todo
user_hand_over = user_set_active = user_reset_password = _todo
