"""Every change to the communication log goes through these functions: atomic, permission-checked, audited.

Pages, the API (with a user or a unit token) and imports all call them, so the rules are the same everywhere:
officers write only for their units, leaders never write, and an activity that is part of an approved report is
locked. A unit token (``token``) writes only for its own unit.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.audit import acting_as
from cchc.core.choices import Action
from cchc.core.permissions import can
from cchc.units.models import OrgUnit

from .models import Activity, Evidence, Topic, UnitToken
from .uploads import EVIDENCE_EXTENSIONS, check_upload, extension_of

ACTIVITY_FIELDS = ("date", "channel", "title", "description", "quantity", "quantity_unit", "reach", "links",
                   "directive", "source", "external_id")
TOKEN_PREFIX = "cchc_"  # noqa: S105 - the visible prefix of every key, not a secret


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def locked_message() -> str:
    return _("This activity is part of an approved report and can no longer be changed.")


def check_can_write(unit: OrgUnit, action: str, *, acting_user: Any = None, token: UnitToken | None = None) -> None:
    """PermissionDenied (Vietnamese message) unless the user or the token may ``action`` activities of ``unit``."""
    if token is not None:
        if not token.is_active:
            raise PermissionDenied(_("This API token has been revoked."))
        if token.unit_id != unit.pk:
            raise PermissionDenied(_("This API token can only record activities of its own unit."))
        return
    if acting_user is None:
        return  # commands and the demo loader
    if not can(acting_user, action, Activity):
        raise PermissionDenied(_("You are not allowed to change activities."))
    if not OrgUnit.objects.restrict(acting_user, Action.VIEW).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("You can only record activities of your own units."))


def check_not_locked(activity: Activity) -> None:
    if activity.pk and activity.is_locked():
        raise PermissionDenied(locked_message())


def clean_links(links: str | Iterable[str] | None) -> str:
    """Links one per line; ValidationError naming the first address that is not a web address."""
    if links is None:
        return ""
    lines = links.splitlines() if isinstance(links, str) else list(links)
    cleaned = [str(line).strip() for line in lines if str(line).strip()]
    validator = URLValidator(schemes=["http", "https"])
    for line in cleaned:
        try:
            validator(line)
        except ValidationError as exc:
            raise ValidationError(
                {"links": _("“%(link)s” is not a web address (http:// or https://).") % {"link": line}}) from exc
    return "\n".join(cleaned)


def _apply(activity: Activity, fields: dict[str, Any]) -> None:
    for key, value in fields.items():
        if key in ACTIVITY_FIELDS:
            if key == "links":
                value = clean_links(value)
            elif key in ("description", "quantity_unit", "source", "external_id") and value is None:
                value = ""
            setattr(activity, key, value)


@transaction.atomic
def do_create_activity(*, acting_user: Any = None, token: UnitToken | None = None, unit: OrgUnit,
                       topics: Iterable[Topic] | None = None, files: Iterable[Any] = (), **fields: Any) -> Activity:
    """Record an activity of ``unit`` (and attach ``files`` as evidence). Pushed by a token: source = its name."""
    check_can_write(unit, Action.ADD, acting_user=acting_user, token=token)
    activity = Activity(unit=unit, created_by=acting_user if getattr(acting_user, "pk", None) else None)
    _apply(activity, fields)
    if token is not None and not activity.source:
        activity.source = token.name[:60]
    activity.full_clean()
    with acting_as(acting_user):
        activity.save()
        if topics:
            activity.topics.set(list(topics))
    for uploaded in files:
        do_add_evidence(activity, uploaded, acting_user=acting_user, token=token)
    return activity


@transaction.atomic
def do_update_activity(activity: Activity, *, acting_user: Any = None, token: UnitToken | None = None,
                       topics: Iterable[Topic] | None = None, files: Iterable[Any] = (), **fields: Any) -> Activity:
    """Change an activity (not its unit); refused once it is part of an approved report."""
    check_can_write(activity.unit, Action.CHANGE, acting_user=acting_user, token=token)
    check_not_locked(activity)
    _apply(activity, {key: value for key, value in fields.items() if key != "unit"})
    activity.full_clean()
    with acting_as(acting_user):
        activity.save()
        if topics is not None:
            activity.topics.set(list(topics))
    for uploaded in files:
        do_add_evidence(activity, uploaded, acting_user=acting_user, token=token)
    return activity


def _delete_stored_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    def delete() -> None:
        for name in names:
            if name:
                default_storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def do_delete_activity(activity: Activity, *, acting_user: Any = None, token: UnitToken | None = None) -> None:
    check_can_write(activity.unit, Action.DELETE, acting_user=acting_user, token=token)
    check_not_locked(activity)
    names = [evidence.file.name for evidence in activity.evidence.all()]
    with acting_as(acting_user):
        activity.delete()
    _delete_stored_files(names)


@transaction.atomic
def do_add_evidence(activity: Activity, uploaded_file: Any, *, acting_user: Any = None,
                    token: UnitToken | None = None) -> Evidence:
    """Check the file by its content and store it through Django's storage (never a path on disk)."""
    check_can_write(activity.unit, Action.CHANGE, acting_user=acting_user, token=token)
    check_not_locked(activity)
    content_type, extension = check_upload(uploaded_file, allowed=EVIDENCE_EXTENSIONS)
    original_name = (getattr(uploaded_file, "name", "") or f"tep.{extension}").replace("\\", "/").rsplit("/", 1)[-1]
    evidence = Evidence(activity=activity, original_name=original_name[:255], content_type=content_type,
                        size=uploaded_file.size,
                        uploaded_by=acting_user if getattr(acting_user, "pk", None) else None)
    uploaded_file.seek(0)
    # A random stored name: nothing to guess, nothing unsafe from the uploader's file name.
    evidence.file.save(f"{secrets.token_hex(12)}.{extension_of(original_name) or extension}", uploaded_file,
                       save=False)
    stored = evidence.file.name
    try:
        with acting_as(acting_user):
            evidence.save()
    except Exception:
        evidence.file.storage.delete(stored)
        raise
    return evidence


@transaction.atomic
def do_delete_evidence(evidence: Evidence, *, acting_user: Any = None) -> None:
    activity = evidence.activity
    check_can_write(activity.unit, Action.CHANGE, acting_user=acting_user)
    if acting_user is not None and not can(acting_user, Action.DELETE, Evidence):
        raise PermissionDenied(_("You are not allowed to delete evidence files."))
    check_not_locked(activity)
    name = evidence.file.name
    with acting_as(acting_user):
        evidence.delete()
    _delete_stored_files([name])


@transaction.atomic
def do_import_activities(rows: list[dict[str, Any]], *, acting_user: Any) -> list[Activity]:
    """Create every row (already checked by ``activities_io.parse_activities``): all of them or none."""
    created = []
    for row in rows:
        row = dict(row)
        unit = row.pop("unit")
        topics = row.pop("topics", [])
        row.pop("line", None)
        created.append(do_create_activity(acting_user=acting_user, unit=unit, topics=topics, **row))
    return created


def _check_manage_tokens(acting_user: Any) -> None:
    if acting_user is not None and not can(acting_user, Action.ADD, UnitToken):
        raise PermissionDenied(_("Only the coordinators can manage API tokens."))


@transaction.atomic
def do_issue_token(unit: OrgUnit, name: str, *, acting_user: Any) -> tuple[UnitToken, str]:
    """A new token for ``unit``: (the row, the key). The key is shown once; only its SHA-256 hash is kept."""
    _check_manage_tokens(acting_user)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the system that will use it.")})
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = UnitToken(unit=unit, name=name[:120], key_hash=hash_key(key), prefix=key[:8],
                      created_by=acting_user if getattr(acting_user, "pk", None) else None)
    with acting_as(acting_user):
        token.save()
    return token, key


@transaction.atomic
def do_revoke_token(token: UnitToken, *, acting_user: Any) -> UnitToken:
    _check_manage_tokens(acting_user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        with acting_as(acting_user):
            token.save(update_fields=["revoked_at"])
    return token


def token_for_key(key: str) -> UnitToken | None:
    """The token (active or revoked) whose key is ``key``."""
    if not key or not key.startswith(TOKEN_PREFIX):
        return None
    return UnitToken.objects.select_related("unit").filter(key_hash=hash_key(key)).first()
