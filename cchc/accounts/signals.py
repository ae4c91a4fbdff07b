"""Sign-ins and sign-outs go to the audit log too."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.contenttypes.models import ContentType
from django.dispatch import receiver


def _record(user: Any, request: Any, what: str) -> None:
    if user is None:
        return
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(user),
        object_pk=str(user.pk),
        object_id=user.pk,
        object_repr=str(user)[:255],
        action=LogEntry.Action.ACCESS,
        changes={"event": [what, what]},
        actor=user,
        remote_addr=(request.META.get("REMOTE_ADDR") if request is not None else None),
    )


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    _record(user, request, "login")


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    _record(user, request, "logout")
