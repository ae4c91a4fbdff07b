"""Reading the column for the public pages, the feeds and the widget: querysets without a query per item."""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse

from cchc.reports.models import Topic
from cchc.units.models import OrgUnit

from .actions import public_version
from .choices import ItemStatus
from .models import Item

PAGE_CACHE_SECONDS = 300
PAGE_SIZE = 12


def public_items() -> Any:
    """Published items for lists: unit and topics fetched with the page (two queries for any number of items)."""
    return (Item.objects.published().select_related("unit").prefetch_related("topics")
            .defer("body", "search_text").order_by("-published_at", "-id"))


def topics_in_use() -> list[Topic]:
    return list(Topic.objects.filter(is_active=True).annotate(
        n=Count("items", filter=Q(items__status=ItemStatus.PUBLISHED))).filter(n__gt=0).order_by("order", "name"))


def units_in_use() -> list[OrgUnit]:
    return list(OrgUnit.objects.annotate(n=Count("items", filter=Q(items__status=ItemStatus.PUBLISHED)))
                .filter(n__gt=0).order_by("-n", "sort_name"))


def by_topic(items: list[Item], topics: list[Topic], per_topic: int = 3) -> list[tuple[Topic, list[Item]]]:
    """The latest ``per_topic`` items of each topic, from items already fetched with their topics."""
    groups: dict[int, list[Item]] = {topic.pk: [] for topic in topics}
    for item in items:
        for topic in item.topics.all():
            bucket = groups.get(topic.pk)
            if bucket is not None and len(bucket) < per_topic:
                bucket.append(item)
    return [(topic, groups[topic.pk]) for topic in topics if groups[topic.pk]]


LOCAL_PAGES = 256
_local: OrderedDict[str, tuple[float, tuple[bytes, str, int]]] = OrderedDict()


def _local_get(key: str) -> tuple[bytes, str, int] | None:
    found = _local.get(key)
    if found is None:
        return None
    if found[0] < time.monotonic():
        _local.pop(key, None)
        return None
    _local.move_to_end(key)
    return found[1]


def _local_set(key: str, value: tuple[bytes, str, int]) -> None:
    _local[key] = (time.monotonic() + PAGE_CACHE_SECONDS, value)
    _local.move_to_end(key)
    while len(_local) > LOCAL_PAGES:
        _local.popitem(last=False)


def cached_for_visitors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve anonymous GETs from the cache, keyed by the column's version (bumped on every publish/archive).

    Two levels: this process's memory (no query at all), then the shared cache (Redis or the database)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = f"column:page:{public_version()}:{digest}"
        stored = _local_get(key)
        if stored is None:
            stored = cache.get(key)
            if stored is not None:
                _local_set(key, stored)
        if stored is not None:
            content, content_type, status = stored
            response = HttpResponse(content, content_type=content_type, status=status)
            response["X-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        if response.status_code == 200 and not response.cookies and not getattr(response, "streaming", False):
            value = (response.content, response["Content-Type"], response.status_code)
            cache.set(key, value, PAGE_CACHE_SECONDS)
            _local_set(key, value)
        return response

    return wrapper


def forget_local_pages() -> None:
    _local.clear()
