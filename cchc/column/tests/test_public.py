"""Public pages, feeds and the widget: what a visitor sees, nothing unsafe, no query per item."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser

import feedparser
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.column import actions
from cchc.column.models import Item
from cchc.core import clock
from cchc.reports.models import Topic

pytestmark = pytest.mark.django_db

SITE = "https://cchc.gialai.example"
HOSTILE_TITLE = '<script>alert("t")</script><img src=x onerror=alert(1)> Đô thị thông minh Pleiku'
HOSTILE_BODY = ('<p>Trung tâm IOC</p><script>alert("b")</script><p onmouseover="alert(2)">x</p>'
                '<a href="javascript:alert(3)">bấm</a><svg onload="alert(4)"></svg>')


@pytest.fixture(autouse=True)
def _site(settings):  # type: ignore[no-untyped-def]
    settings.CCHC_SITE_URL = SITE


@pytest.fixture
def published(province, alice, coordinator):  # type: ignore[no-untyped-def]
    from cchc.reports.catalogue import load_catalogue

    load_catalogue()
    smart = Topic.objects.get(code="smart-city")
    online = Topic.objects.get(code="online-services")
    items = []
    for n in range(15):
        unit = province.stttt if n % 2 else province.pleiku
        item = actions.do_create_item(unit=unit, acting_user=coordinator, topics=[smart if n % 3 else online],
                                      title=f"Dịch vụ công trực tuyến mức độ 3, 4 — tin số {n}",
                                      summary="Người dân nộp hồ sơ qua mạng.", body="<p>Nội dung</p>")
        actions.do_publish_item(item, acting_user=coordinator)
        items.append(item)
    hostile = actions.do_create_item(unit=province.pleiku, acting_user=coordinator, topics=[smart],
                                     title=HOSTILE_TITLE, summary='"><script>alert(5)</script>', body=HOSTILE_BODY)
    actions.do_publish_item(hostile, acting_user=coordinator)
    draft = actions.do_create_item(unit=province.stttt, acting_user=alice, title="Bản nháp chưa đăng về Zalo")
    return {"items": items, "hostile": hostile, "draft": draft, "smart": smart}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        if tag in ("script", "iframe", "svg", "object", "embed") and not (tag == "script" and dict(attrs).get("src")):
            self.bad.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.bad.append(f"{tag} {name}={value}")


def _no_injection(text: str) -> None:
    """No element a browser would run: no inline script, no event handler, no javascript: URL."""
    parser = _Elements()
    parser.feed(text)
    assert parser.bad == []


def test_it_shows_the_column_to_anonymous_visitors_at_the_site_home(client: Client, published):  # type: ignore[no-untyped-def]
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tin mới" in body and "Đô thị thông minh" in body
    assert 'data-testid="staff-login"' in body
    assert f'<link rel="alternate" type="application/rss+xml" title="RSS" href="{SITE}/tin-tuc/rss/">' in body
    assert "Bản nháp chưa đăng" not in body
    _no_injection(body)


def test_it_keeps_the_staff_home_for_signed_in_users(alice_client: Client, published):  # type: ignore[no-untyped-def]
    body = alice_client.get("/").content.decode()
    assert "Tin mới" not in body or "Cổng thông tin" in body


def test_it_serves_item_pages_with_open_graph_and_no_injection(client: Client, published):  # type: ignore[no-untyped-def]
    hostile = published["hostile"]
    body = client.get(reverse("column:item", args=[hostile.slug])).content.decode()
    assert '<meta property="og:type" content="article">' in body
    assert f'<meta property="og:url" content="{SITE}/tin-tuc/{hostile.slug}/">' in body
    assert "Trung tâm IOC" in body
    _no_injection(body)


def test_it_hides_drafts_from_visitors_and_other_units(client: Client, bob_client: Client, alice_client: Client,  # type: ignore[no-untyped-def]
                                                       published):
    url = reverse("column:item", args=[published["draft"].slug])
    assert client.get(url).status_code == 404
    assert bob_client.get(url).status_code == 404
    assert alice_client.get(url).status_code == 200  # her unit's preview
    assert bob_client.get(reverse("column:manage_item", args=[published["draft"].pk])).status_code == 404


def test_it_finds_items_without_diacritics_and_pages_results(client: Client, published):  # type: ignore[no-untyped-def]
    response = client.get(reverse("column:search"), {"q": "dich vu cong truc tuyen muc do"})
    body = response.content.decode()
    assert "15 kết quả" in body
    assert "Trang 1/2" in body
    assert "tin số 14" in body
    page2 = client.get(reverse("column:search"), {"q": "dich vu cong truc tuyen muc do", "page": 2}).content.decode()
    assert "tin số 0" in page2
    assert "0 kết quả" in client.get(reverse("column:search"), {"q": "zalo"}).content.decode()


def test_it_lists_without_a_query_per_item(client: Client, published):  # type: ignore[no-untyped-def]
    client.get("/")  # warm the session/auth machinery
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("column:latest") + "?page=2")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("column:latest") + "?page=1")
    assert len(many) == len(few) <= 8
    with CaptureQueriesContext(connection) as cached:
        client.get(reverse("column:latest") + "?page=1")
    assert len(cached) < len(many)


def test_it_refreshes_cached_pages_when_an_item_is_published(client: Client, published, coordinator, province,  # type: ignore[no-untyped-def]
                                                             django_capture_on_commit_callbacks):
    assert "Tin nóng về BCCI" not in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        item = actions.do_create_item(unit=province.pleiku, acting_user=coordinator, title="Tin nóng về BCCI")
        actions.do_publish_item(item, acting_user=coordinator)
    assert "Tin nóng về BCCI" in client.get("/").content.decode()


@pytest.mark.parametrize("url_name,args", [("column:rss", []), ("column:atom", []),
                                           ("column:topic_rss", ["smart-city"]), ("column:topic_atom", ["smart-city"]),
                                           ("column:unit_rss", ["ubnd-pleiku"]), ("column:unit_atom", ["ubnd-pleiku"])])
def test_it_publishes_valid_feeds(client: Client, published, url_name, args):  # type: ignore[no-untyped-def]
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 200
    raw = response.content.decode()
    assert "<script" not in raw
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title and feed.feed.link.startswith(SITE)
    assert feed.entries
    guids = [entry.id for entry in feed.entries]
    assert len(set(guids)) == len(guids)
    for entry in feed.entries:
        assert entry.link.startswith(SITE + "/tin-tuc/")
        assert entry.id.startswith(SITE + "/tin-tuc/i/")
        assert entry.get("published_parsed") or entry.get("updated_parsed")
        _no_injection(entry.get("summary", ""))
        assert "<" not in entry.title and "alert(" not in entry.title
    if "unit" in url_name:
        assert all("UBND thành phố Pleiku" in entry.author for entry in feed.entries)
    titles = " ".join(entry.title for entry in feed.entries)
    assert "Bản nháp" not in titles


def test_it_serves_an_embeddable_widget_without_script(client: Client, published):  # type: ignore[no-untyped-def]
    response = client.get(reverse("column:widget"), {"don-vi": "ubnd-pleiku", "so-tin": 3})
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response.get("Content-Security-Policy", "frame-ancestors *")
    body = response.content.decode()
    assert "<script" not in body.lower().replace("&lt;script", "")
    assert body.count("<li>") == 3
    assert f'href="{SITE}/tin-tuc/' in body
    # other pages keep refusing to be framed
    home = client.get("/")
    assert home.headers.get("X-Frame-Options") == "DENY"
    assert "frame-ancestors 'none'" in home.get("Content-Security-Policy", "frame-ancestors 'none'")


def test_it_serves_directive_pages_with_downloadable_files(client: Client, published, coordinator):  # type: ignore[no-untyped-def]
    from django.core.files.base import ContentFile

    from cchc.directives.models import Directive

    directive = Directive.objects.create(number="2031/UBND-NC", doc_type="Công văn", issuer="UBND tỉnh Gia Lai",
                                         subject="Tăng cường tuyên truyền cải cách hành chính năm 2020")
    directive.original_file.save("cv-2031.pdf", ContentFile(b"%PDF-1.4\n%cv\n"), save=True)
    item = actions.do_publish_directive(directive, acting_user=coordinator)
    page = client.get(reverse("column:directive", args=[directive.pk])).content.decode()
    assert "Công văn 2031/UBND-NC" in page and "cv-2031.pdf" in page
    download = client.get(reverse("column:download", args=[item.files.get().pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert 'attachment; filename="cv-2031.pdf"' in download["Content-Disposition"]
    # a directive with a task not yet due is a campaign under way on the home page
    from cchc.directives.models import Task

    Task.objects.create(directive=directive, text="Đăng tin, bài", due_date=clock.today() + timedelta(days=5))
    actions.bump_public_version()
    actions.forget_public_version()
    from cchc.column.public import forget_local_pages

    forget_local_pages()
    from django.core.cache import cache

    cache.clear()
    home = client.get("/").content.decode()
    assert "Đang triển khai" in home and f"/tin-tuc/van-ban/{directive.pk}/" in home
    unpublished = Directive.objects.create(number="1/X", subject="Nội bộ")
    assert client.get(reverse("column:directive", args=[unpublished.pk])).status_code == 404


def test_staff_pages_follow_roles(alice_client, bob_client, leader_client, coordinator_client, published):  # type: ignore[no-untyped-def]
    draft: Item = published["draft"]
    assert "Bản nháp chưa đăng" in alice_client.get(reverse("column:manage")).content.decode()
    assert "Bản nháp chưa đăng" not in bob_client.get(reverse("column:manage")).content.decode()
    assert leader_client.get(reverse("column:manage_create")).status_code == 403
    response = alice_client.post(reverse("column:manage_action", args=[draft.pk, "publish"]), follow=True)
    assert "Chỉ Sở Nội vụ" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"
    coordinator_client.post(reverse("column:manage_action", args=[draft.pk, "publish"]))
    draft.refresh_from_db()
    assert draft.status == "published"
