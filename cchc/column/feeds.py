"""RSS 2.0 and Atom feeds of the column: all items, per topic, per unit. Links are absolute (CCHC_SITE_URL)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from cchc.reports.models import Topic
from cchc.units.models import OrgUnit

from .models import Item
from .public import public_items

FEED_SIZE = 30


def absolute(path: str) -> str:
    return settings.CCHC_SITE_URL + path


class ColumnRss(Feed):
    feed_type = Rss201rev2Feed
    language = "vi"

    def get_object(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return None

    def title(self, obj: Any) -> str:
        return f"Cải cách hành chính tỉnh {settings.CCHC_PROVINCE_NAME}"

    def description(self, obj: Any) -> str:
        return "Tin, bài, văn bản chỉ đạo về cải cách hành chính"

    def link(self, obj: Any) -> str:
        return absolute(reverse("column:latest"))

    url_name = "column:rss"

    def feed_url(self, obj: Any) -> str:
        code = getattr(obj, "code", None)
        return absolute(reverse(self.url_name, args=[code] if code else []))

    def __call__(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=300"
        return response

    def items(self, obj: Any) -> Any:
        return public_items()[:FEED_SIZE]

    def item_title(self, item: Item) -> str:
        return item.title

    def item_description(self, item: Item) -> str:
        return item.summary or item.title

    def item_link(self, item: Item) -> str:
        return absolute(item.get_absolute_url())

    def item_guid(self, item: Item) -> str:
        return absolute(reverse("column:by_id", args=[item.pk]))

    item_guid_is_permalink = True

    def item_pubdate(self, item: Item) -> Any:
        return item.published_at

    def item_updateddate(self, item: Item) -> Any:
        return max(item.updated_at, item.published_at) if item.published_at else item.updated_at

    def item_author_name(self, item: Item) -> str:
        return item.unit.short_name or item.unit.name

    def item_categories(self, item: Item) -> list[str]:
        return [topic.name for topic in item.topics.all()]


class ColumnAtom(ColumnRss):
    feed_type = Atom1Feed
    url_name = "column:atom"
    subtitle = ColumnRss.description


class TopicRss(ColumnRss):
    url_name = "column:topic_rss"
    def get_object(self, request: Any, code: str) -> Topic:
        return get_object_or_404(Topic, code=code)

    def title(self, obj: Topic) -> str:
        return f"{obj.name} · Cải cách hành chính tỉnh {settings.CCHC_PROVINCE_NAME}"

    def link(self, obj: Topic) -> str:
        return absolute(reverse("column:topic", args=[obj.code]))

    def items(self, obj: Topic) -> Any:
        return public_items().filter(topics=obj)[:FEED_SIZE]


class TopicAtom(TopicRss):
    feed_type = Atom1Feed
    url_name = "column:topic_atom"
    subtitle = ColumnRss.description


class UnitRss(ColumnRss):
    url_name = "column:unit_rss"
    def get_object(self, request: Any, code: str) -> OrgUnit:
        return get_object_or_404(OrgUnit, code=code)

    def title(self, obj: OrgUnit) -> str:
        return f"{obj.short_name or obj.name} · Cải cách hành chính tỉnh {settings.CCHC_PROVINCE_NAME}"

    def link(self, obj: OrgUnit) -> str:
        return absolute(reverse("column:unit", args=[obj.code]))

    def items(self, obj: OrgUnit) -> Any:
        return public_items().filter(unit=obj)[:FEED_SIZE]


class UnitAtom(UnitRss):
    feed_type = Atom1Feed
    url_name = "column:unit_atom"
    subtitle = ColumnRss.description
