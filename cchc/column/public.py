"""Reading the column for the public pages, the feeds and the widget: querysets without a query per item."""

from __future__ import annotations

import hashlib
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


def cached_for_visitors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve anonymous GETs from the cache, keyed by the column's version (bumped on every publish/archive)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = f"column:page:{public_version()}:{digest}"
        stored = cache.get(key)
        if stored is not None:
            content, content_type, status = stored
            response = HttpResponse(content, content_type=content_type, status=status)
            response["X-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        if response.status_code == 200 and not response.cookies and not getattr(response, "streaming", False):
            cache.set(key, (response.content, response["Content-Type"], response.status_code), PAGE_CACHE_SECONDS)
        return response

    return wrapper
