"""Every change to the column goes through these functions: atomic, permission-checked, audited.

Workflow: an officer (or a unit's system with its token) writes a draft for their unit and submits it; a
coordinator publishes it at once, schedules it, or returns it with a reason; a published item can be archived.
Publishing records the item once as an activity of its unit (channel "portal", the item's public address as the
evidence link), through ``cchc.reports.activities``.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.core import clock
from cchc.core.audit import acting_as
from cchc.core.choices import Action, Role
from cchc.core.permissions import can, role_of
from cchc.reports.models import Channel, Topic, UnitToken
from cchc.reports.uploads import check_upload, extension_of
from cchc.units.models import OrgUnit

from .choices import EDITABLE_STATUSES, ItemKind, ItemStatus
from .content import FILE_EXTENSIONS, VIDEO_EXTENSIONS, make_slug, plain, process_image, sanitize_html
from .models import Item, ItemFile

CACHE_VERSION_KEY = "column:version"
ACTIVITY_SOURCE = "column"
PORTAL_CHANNEL = "portal"
TEXT_FIELDS = ("title", "summary", "cover_alt")


VERSION_MEMO_SECONDS = 2.0
_version_memo: list[float] = []  # [version, read at (monotonic)] in this process


def public_version() -> int:
    """A number that changes whenever what the public sees changes (the key of every cached public page).

    Read from the shared cache at most every ``VERSION_MEMO_SECONDS`` per process: a publication shows on every
    server process within two seconds, and a page served from the cache needs no query at all."""
    now = time.monotonic()
    if _version_memo and now - _version_memo[1] < VERSION_MEMO_SECONDS:
        return int(_version_memo[0])
    version = cache.get(CACHE_VERSION_KEY)
    if version is None:
        # A cache that lost the key (restarted, cleared) starts from a number never used before, so no process
        # serves a page it kept in memory under an older version.
        cache.add(CACHE_VERSION_KEY, int(time.time() * 1000), None)
        version = cache.get(CACHE_VERSION_KEY) or int(time.time() * 1000)
    _version_memo[:] = [int(version), now]
    return int(version)


def forget_public_version() -> None:
    _version_memo.clear()


def bump_public_version() -> None:
    def bump() -> None:
        try:
            cache.incr(CACHE_VERSION_KEY)
        except ValueError:
            cache.set(CACHE_VERSION_KEY, int(time.time() * 1000), None)
        forget_public_version()

    transaction.on_commit(bump)


def is_manager(user: Any) -> bool:
    return role_of(user) in (Role.ADMIN, Role.COORDINATOR)


def check_can_write(unit: OrgUnit, *, acting_user: Any = None, token: UnitToken | None = None) -> None:
    """PermissionDenied (Vietnamese) unless the user or the unit token may write items of ``unit``."""
    if token is not None:
        if not token.is_active:
            raise PermissionDenied(_("This API token has been revoked."))
        if token.unit_id != unit.pk:
            raise PermissionDenied(_("This API token can only submit items of its own unit."))
        return
    if acting_user is None:
        return  # commands and the demo
    if not can(acting_user, Action.CHANGE, Item):
        raise PermissionDenied(_("You are not allowed to write items of the column."))
    if not OrgUnit.objects.restrict(acting_user, Action.VIEW).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("You can only write items of your own units."))


def check_manager(acting_user: Any) -> None:
    if acting_user is not None and not is_manager(acting_user):
        raise PermissionDenied(_("Only the coordinators can publish, schedule, return or archive items."))


def _who(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "pk", None) else None


def _apply(item: Item, fields: dict[str, Any]) -> None:
    for key in ("kind", "video_url", "directive", "source", "external_id"):
        if key in fields:
            value = fields[key]
            setattr(item, key, "" if value is None and key != "directive" else value)
    for key in TEXT_FIELDS:
        if key in fields:
            setattr(item, key, plain(fields[key], 300 if key != "summary" else 2000))
    if "body" in fields:
        item.body = sanitize_html(fields["body"])
    if not item.title:
        raise ValidationError({"title": _("Give the item a title.")})


def _attach_media(item: Item, cover: Any = None, video: Any = None) -> None:
    if cover:
        item.cover.save("cover.jpg", process_image(cover), save=False)
    if video:
        content_type, extension = check_upload(video, allowed=VIDEO_EXTENSIONS)
        video.seek(0)
        item.video_file.save(f"{secrets.token_hex(12)}.{extension}", video, save=False)


def _add_files(item: Item, files: Iterable[Any]) -> None:
    order = item.files.count()
    for uploaded in files:
        content_type, extension = check_upload(uploaded, allowed=FILE_EXTENSIONS)
        original = (getattr(uploaded, "name", "") or f"tep.{extension}").replace("\\", "/").rsplit("/", 1)[-1]
        attached = ItemFile(item=item, original_name=plain(original, 255), content_type=content_type,
                            size=uploaded.size, order=order)
        uploaded.seek(0)
        attached.file.save(f"{secrets.token_hex(12)}.{extension_of(original) or extension}", uploaded, save=False)
        attached.save()
        order += 1


@transaction.atomic
def do_create_item(*, unit: OrgUnit, acting_user: Any = None, token: UnitToken | None = None,
                   topics: Iterable[Topic] | None = None, cover: Any = None, video: Any = None,
                   files: Iterable[Any] = (), **fields: Any) -> Item:
    """A new draft of ``unit``."""
    check_can_write(unit, acting_user=acting_user, token=token)
    item = Item(unit=unit, author=_who(acting_user), status=ItemStatus.DRAFT)
    _apply(item, fields)
    if token is not None and not item.source:
        item.source = token.name[:60]
    item.slug = make_slug(item.title, lambda s: Item.objects.filter(slug=s).exists())
    _attach_media(item, cover, video)
    item.full_clean(exclude=["cover", "video_file"])
    with acting_as(acting_user):
        item.save()
        if topics:
            item.topics.set(list(topics))
    _add_files(item, files)
    return item


@transaction.atomic
def do_update_item(item: Item, *, acting_user: Any = None, token: UnitToken | None = None,
                   topics: Iterable[Topic] | None = None, cover: Any = None, video: Any = None,
                   files: Iterable[Any] = (), **fields: Any) -> Item:
    """Change an item. Officers and tokens change only drafts and returned items; coordinators any item."""
    check_can_write(item.unit, acting_user=acting_user, token=token)
    if item.status not in EDITABLE_STATUSES and (token is not None or not is_manager(acting_user)):
        raise PermissionDenied(_("This item has been submitted or published: only the coordinators can change it."))
    fields.pop("unit", None)
    _apply(item, fields)
    _attach_media(item, cover, video)
    item.full_clean(exclude=["cover", "video_file"])
    with acting_as(acting_user):
        item.save()
        if topics is not None:
            item.topics.set(list(topics))
    _add_files(item, files)
    if item.status == ItemStatus.PUBLISHED:
        bump_public_version()
    return item


@transaction.atomic
def do_delete_item_file(attached: ItemFile, *, acting_user: Any = None) -> None:
    item = attached.item
    check_can_write(item.unit, acting_user=acting_user)
    if item.status not in EDITABLE_STATUSES and not is_manager(acting_user):
        raise PermissionDenied(_("This item has been submitted or published: only the coordinators can change it."))
    name = attached.file.name
    attached.delete()
    transaction.on_commit(lambda: attached.file.storage.delete(name))
    bump_public_version()


def _set_status(item: Item, status: str, acting_user: Any, **extra: Any) -> Item:
    item.status = status
    for key, value in extra.items():
        setattr(item, key, value)
    with acting_as(acting_user):
        item.save(update_fields=["status", "updated_at", *extra.keys()])
    return item


@transaction.atomic
def do_submit_item(item: Item, *, acting_user: Any = None, token: UnitToken | None = None) -> Item:
    """The author sends the draft to the coordinators."""
    check_can_write(item.unit, acting_user=acting_user, token=token)
    if item.status not in EDITABLE_STATUSES:
        raise ValidationError(_("Only a draft or a returned item can be submitted."))
    return _set_status(item, ItemStatus.SUBMITTED, acting_user)


@transaction.atomic
def do_return_item(item: Item, reason: str, *, acting_user: Any = None) -> Item:
    check_manager(acting_user)
    reason = plain(reason, 2000)
    if not reason:
        raise ValidationError({"return_reason": _("Say why the item is returned.")})
    if item.status not in (ItemStatus.SUBMITTED, ItemStatus.SCHEDULED, ItemStatus.DRAFT):
        raise ValidationError(_("Only a submitted or scheduled item can be returned."))
    if item.author_id and item.author_id != getattr(acting_user, "pk", None):
        from cchc.core.models import notify

        transaction.on_commit(lambda: notify([item.author], _("Item returned: %(title)s") % {"title": item.title},
                                             reason, url=item_admin_url(item), category="column"))
    return _set_status(item, ItemStatus.RETURNED, acting_user, return_reason=reason, publish_at=None)


@transaction.atomic
def do_schedule_item(item: Item, publish_at: datetime, *, acting_user: Any = None) -> Item:
    check_manager(acting_user)
    if item.status in (ItemStatus.PUBLISHED, ItemStatus.ARCHIVED):
        raise ValidationError(_("This item is already published."))
    if publish_at is None or publish_at <= clock.now():
        raise ValidationError({"publish_at": _("Choose a moment in the future.")})
    return _set_status(item, ItemStatus.SCHEDULED, acting_user, publish_at=publish_at)


@transaction.atomic
def do_publish_item(item: Item, *, acting_user: Any = None, when: datetime | None = None) -> Item:
    """Publish now: the item appears on the public pages and feeds, and counts once as an activity of its unit."""
    check_manager(acting_user)
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.status == ItemStatus.PUBLISHED:
        return item
    if item.status == ItemStatus.ARCHIVED:
        raise ValidationError(_("An archived item cannot be published again."))
    moment = when or clock.now()
    _set_status(item, ItemStatus.PUBLISHED, acting_user, published_at=item.published_at or moment,
                return_reason="")
    record_activity(item)
    bump_public_version()
    return item


@transaction.atomic
def do_archive_item(item: Item, *, acting_user: Any = None) -> Item:
    """Take a published item off the public pages (its activity stays: it was published)."""
    check_manager(acting_user)
    if item.status != ItemStatus.PUBLISHED:
        raise ValidationError(_("Only a published item can be archived."))
    _set_status(item, ItemStatus.ARCHIVED, acting_user)
    bump_public_version()
    return item


def public_url(item: Item) -> str:
    return settings.CCHC_SITE_URL + item.get_absolute_url()


def item_admin_url(item: Item) -> str:
    from django.urls import reverse

    return reverse("column:manage_item", args=[item.pk])


def record_activity(item: Item) -> Any:
    """The item's activity (channel "portal", link back), created once: by the item's link and its external id."""
    from cchc.reports.activities import do_create_activity
    from cchc.reports.models import Activity

    if item.activity_id:
        return item.activity
    external_id = f"item-{item.pk}"
    activity = Activity.objects.filter(unit=item.unit, source=ACTIVITY_SOURCE, external_id=external_id).first()
    if activity is None:
        channel = Channel.objects.filter(code=PORTAL_CHANNEL).first()
        if channel is None:
            return None
        kind_label = dict(ItemKind.choices)[item.kind]
        activity = do_create_activity(
            acting_user=None, unit=item.unit, topics=list(item.topics.all()),
            date=(item.published_at or clock.now()).astimezone(clock.VIETNAM).date(), channel=channel,
            title=item.title[:300], description=f"{kind_label} — {item.summary}"[:2000], quantity=1,
            quantity_unit="tin, bài", links=public_url(item), directive=item.directive, source=ACTIVITY_SOURCE,
            external_id=external_id)
    Item.objects.filter(pk=item.pk).update(activity=activity)
    item.activity = activity
    return activity


def publish_due(now: datetime | None = None) -> list[Item]:
    """Publish the scheduled items whose moment has come (the periodic command); each in its own transaction."""
    moment = now or clock.now()
    published = []
    for item in Item.objects.due(moment).order_by("publish_at", "pk"):
        published.append(do_publish_item(item, acting_user=None, when=item.publish_at))
    return published


@transaction.atomic
def do_publish_directive(directive: Any, *, unit: OrgUnit | None = None, acting_user: Any = None,
                         topics: Iterable[Topic] | None = None) -> Item:
    """One click: the directive becomes a published document item with its files (once; again returns it)."""
    check_manager(acting_user)
    existing = Item.objects.filter(directive=directive, kind=ItemKind.DOCUMENT).first()
    if existing is not None:
        if existing.status != ItemStatus.PUBLISHED and existing.status != ItemStatus.ARCHIVED:
            return do_publish_item(existing, acting_user=acting_user)
        return existing
    if unit is None:
        unit = (OrgUnit.objects.filter(code="snv").first() or OrgUnit.objects.filter(parent__isnull=True).first())
    # Stored content, in Vietnamese whatever the language of the request or command.
    title = " ".join(part for part in (directive.doc_type, directive.number) if part) or "Văn bản"
    subject = plain(directive.subject or "", 1000)
    summary_parts = [directive.issuer]
    if directive.date:
        summary_parts.append(f"ngày {directive.date:%d/%m/%Y}")
    summary = ", ".join(part for part in summary_parts if part)
    if subject:
        title = f"{title}: {subject}"[:300]
    body = "".join(f"<p>{_escape(_unmark(line))}</p>" for line in (directive.source_text or "").splitlines()[:400]
                   if _unmark(line).strip())
    if topics is None:
        topics = list(Topic.objects.filter(code="directive-docs"))
    item = do_create_item(unit=unit, acting_user=None, topics=topics, kind=ItemKind.DOCUMENT, title=title,
                          summary=summary, body=body, directive=directive)
    item.author = _who(acting_user)
    item.save(update_fields=["author"])
    if directive.original_file:
        name = directive.original_file.name.rsplit("/", 1)[-1]
        with directive.original_file.open("rb") as handle:
            content = handle.read()
        from django.core.files.base import ContentFile

        upload = ContentFile(content, name=name)
        try:
            _add_files(item, [upload])
        except ValidationError:
            pass  # a file of a type the public may not download stays in CCHC Hub only
    return do_publish_item(item, acting_user=acting_user)


def _unmark(line: str) -> str:
    """A line of the parser's text without its Markdown emphasis (**bold**, *italic*)."""
    import re

    return re.sub(r"\*([^*]+)\*", r"\1", line.replace("**", ""))


def _escape(text: str) -> str:
    from django.utils.html import escape

    return escape(text.strip())
