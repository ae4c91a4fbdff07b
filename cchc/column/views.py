"""Public pages of the CCHC column (no login): home, item, search, topic, unit, directive, files, widget."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt

from cchc.core import clock
from cchc.core.choices import Action
from cchc.reports.models import Topic
from cchc.units.models import OrgUnit

from .choices import ItemKind, ItemStatus
from .models import Item, ItemFile
from .public import PAGE_SIZE, by_topic, cached_for_visitors, public_items, topics_in_use, units_in_use


def _page(request: HttpRequest, queryset: Any, size: int = PAGE_SIZE) -> Any:
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _feeds(kind: str = "", code: str = "") -> list[dict[str, str]]:
    """The feeds a page announces with <link rel="alternate">."""
    from django.urls import reverse

    base = settings.CCHC_SITE_URL
    if kind:
        return [{"type": "application/rss+xml", "title": "RSS",
                 "href": base + reverse(f"column:{kind}_rss", args=[code])},
                {"type": "application/atom+xml", "title": "Atom",
                 "href": base + reverse(f"column:{kind}_atom", args=[code])}]
    return [{"type": "application/rss+xml", "title": "RSS", "href": base + reverse("column:rss")},
            {"type": "application/atom+xml", "title": "Atom", "href": base + reverse("column:atom")}]


def _campaigns() -> list[Item]:
    """Directives under way (a task not yet due) that the column has published, newest first."""
    today = clock.today()
    under_way = Q(directive__tasks__due_date__gte=today) | Q(directive__tasks__assignments__due_date__gte=today)
    return list(Item.objects.published().filter(under_way, kind=ItemKind.DOCUMENT)
                .select_related("directive").defer("body", "search_text").distinct().order_by("-published_at")[:5])


@cached_for_visitors
def home(request: HttpRequest) -> HttpResponse:
    """Latest items, the latest by topic, the units that write, the campaigns under way."""
    recent = list(public_items()[:120])
    topics = topics_in_use()
    context = {
        "latest": recent[:7],
        "topic_groups": by_topic(recent[7:] or recent, topics)[:6],
        "topics": topics,
        "units": units_in_use()[:12],
        "campaigns": _campaigns(),
        "feeds": _feeds(),
        "canonical": settings.CCHC_SITE_URL + "/",
    }
    return render(request, "column/home.html", context)


def public_home(request: HttpRequest) -> HttpResponse:
    """The home page for visitors: the column."""
    return home(request)


@cached_for_visitors
def latest(request: HttpRequest) -> HttpResponse:
    page = _page(request, public_items())
    return render(request, "column/list.html", {"page_obj": page, "heading": "Tin mới", "feeds": _feeds()})


@cached_for_visitors
def search(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:200]
    page = _page(request, public_items().search(query)) if query else None
    return render(request, "column/search.html", {"q": query, "page_obj": page, "feeds": _feeds()})


@cached_for_visitors
def topic(request: HttpRequest, code: str) -> HttpResponse:
    chosen = get_object_or_404(Topic, code=code, is_active=True)
    page = _page(request, public_items().filter(topics=chosen))
    return render(request, "column/list.html", {"page_obj": page, "heading": chosen.name, "topic": chosen,
                                                "feeds": _feeds("topic", code)})


@cached_for_visitors
def unit(request: HttpRequest, code: str) -> HttpResponse:
    chosen = get_object_or_404(OrgUnit, code=code)
    page = _page(request, public_items().filter(unit=chosen))
    widget_url = f"{settings.CCHC_SITE_URL}/tin-tuc/widget/?don-vi={code}"
    return render(request, "column/list.html", {"page_obj": page, "heading": chosen.short_name or chosen.name,
                                                "unit": chosen, "feeds": _feeds("unit", code),
                                                "widget_url": widget_url})


def _visible_item(request: HttpRequest, **lookup: Any) -> Item:
    """A published item for anyone; an unpublished one only for staff who may see it (a preview)."""
    item = get_object_or_404(Item.objects.select_related("unit", "directive").prefetch_related("topics", "files"),
                             **lookup)
    if item.status != ItemStatus.PUBLISHED:
        if not Item.objects.restrict(request.user, Action.VIEW).filter(pk=item.pk).exists():
            raise Http404
    return item


@cached_for_visitors
def item(request: HttpRequest, slug: str) -> HttpResponse:
    shown = _visible_item(request, slug=slug)
    related = list(public_items().filter(topics__in=shown.topics.all()).exclude(pk=shown.pk).distinct()[:4])
    return render(request, "column/item.html", {"item": shown, "related": related, "feeds": _feeds(),
                                                "canonical": settings.CCHC_SITE_URL + shown.get_absolute_url(),
                                                "site_url": settings.CCHC_SITE_URL})


@cached_for_visitors
def directive(request: HttpRequest, pk: int) -> HttpResponse:
    """A directive the column has published: its identification, its files, the items that answer it."""
    document = (Item.objects.published().filter(directive_id=pk, kind=ItemKind.DOCUMENT)
                .select_related("directive", "unit").prefetch_related("files").first())
    if document is None:
        raise Http404
    answers = list(public_items().filter(directive_id=pk).exclude(pk=document.pk)[:20])
    return render(request, "column/directive.html", {"document": document, "directive": document.directive,
                                                     "answers": answers, "feeds": _feeds()})


@cached_for_visitors
def directives(request: HttpRequest) -> HttpResponse:
    page = _page(request, public_items().filter(kind=ItemKind.DOCUMENT))
    return render(request, "column/list.html", {"page_obj": page, "heading": "Văn bản chỉ đạo", "feeds": _feeds()})


@cache_control(public=True, max_age=3600)
def media(request: HttpRequest, pk: int, what: str) -> FileResponse:
    """The cover or the video of an item (public once published)."""
    shown = _visible_item(request, pk=pk)
    field = {"anh": shown.cover, "video": shown.video_file}.get(what)
    if not field:
        raise Http404
    content_type = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
    return FileResponse(field.open("rb"), content_type=content_type)


def download(request: HttpRequest, pk: int) -> FileResponse:
    attached = get_object_or_404(ItemFile.objects.select_related("item"), pk=pk)
    _visible_item(request, pk=attached.item_id)
    return FileResponse(attached.file.open("rb"), as_attachment=True, filename=attached.original_name,
                        content_type=attached.content_type or "application/octet-stream")


def _widget_items(request: HttpRequest) -> tuple[list[Item], str]:
    queryset = public_items()
    title = f"Cải cách hành chính {settings.CCHC_PROVINCE_NAME}"
    unit_code, topic_code = request.GET.get("don-vi", ""), request.GET.get("chu-de", "")
    if unit_code:
        queryset = queryset.filter(unit__code=unit_code)
    if topic_code:
        queryset = queryset.filter(topics__code=topic_code)
    try:
        count = max(1, min(int(request.GET.get("so-tin", 5)), 20))
    except ValueError:
        count = 5
    return list(queryset[:count]), title


@xframe_options_exempt
def widget(request: HttpRequest) -> HttpResponse:
    """A page a unit's portal embeds in an <iframe>: the latest items (no script, links open the column)."""
    response = _widget(request)
    # Embedding by other sites is the point of this page: the site-wide frame-ancestors 'none' is lifted here only.
    response._csp_replace = {"frame-ancestors": ["*"]}  # type: ignore[attr-defined]
    return response


@cached_for_visitors
def _widget(request: HttpRequest) -> HttpResponse:
    items, title = _widget_items(request)
    return render(request, "column/widget.html", {"items": items, "title": title,
                                                  "site_url": settings.CCHC_SITE_URL})
