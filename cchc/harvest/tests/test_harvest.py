"""Harvesting from a local HTTP server on 127.0.0.1 (no internet): once each, conditional requests, and
surviving slow, broken and hostile feeds."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import feedparser
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from cchc.harvest import actions, engine
from cchc.harvest.models import Entry, Source
from cchc.reports.catalogue import load_catalogue
from cchc.reports.models import Activity

pytestmark = pytest.mark.django_db

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Cổng TTĐT Sở TT&amp;TT</title><link>https://stttt.gialai.example/</link>
<item><title>Gia Lai cung cấp 1.056 dịch vụ công trực tuyến mức độ 3, 4</title>
<link>https://stttt.gialai.example/tin/dvc-1056</link><guid>dvc-1056</guid>
<pubDate>Mon, 12 Oct 2020 08:00:00 +0700</pubDate><description>Người dân nộp hồ sơ qua mạng.</description></item>
<item><title>Ra mắt kênh Zalo của tỉnh</title><link>https://stttt.gialai.example/tin/zalo</link>
<pubDate>Mon, 02 Nov 2020 08:00:00 +0700</pubDate><description>Kênh mới của Sở.</description></item>
<item><title>Hội nghị giao ban ngành Thông tin và Truyền thông</title><link>https://stttt.gialai.example/tin/giao-ban</link>
<pubDate>Tue, 03 Nov 2020 08:00:00 +0700</pubDate>
<description>Bàn về kế hoạch năm 2021 &lt;script&gt;x&lt;/script&gt;</description></item>
<item><title>Giải bóng đá công đoàn</title><link>https://stttt.gialai.example/tin/bong-da</link>
<pubDate>Wed, 04 Nov 2020 08:00:00 +0700</pubDate><description>Thể thao.</description></item>
</channel></rss>"""

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://pleiku.gialai.example/tin/pleiku-trien-khai-do-thi-thong-minh-2020.html</loc><lastmod>2020-10-05</lastmod></url>
<url><loc>https://pleiku.gialai.example/tin/le-hoi-pho-nui.html</loc><lastmod>2020-10-06</lastmod></url>
</urlset>"""

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<rss version="2.0"><channel><title>&lol4;</title><item><title>&lol4; cải cách hành chính</title>
<link>https://evil.example/a</link></item></channel></rss>"""

XXE = """<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>CCHC &xxe;</title><link>https://evil.example/x</link></item></channel></rss>"""

HITS: dict[str, int] = {}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
        pass

    def _send(self, body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self) -> None:  # noqa: N802
        HITS[self.path] = HITS.get(self.path, 0) + 1
        if self.path == "/rss.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            self._send(RSS.encode(), headers={"ETag": '"v1"', "Last-Modified": "Mon, 02 Nov 2020 08:00:00 GMT",
                                              "Content-Type": "application/rss+xml"})
        elif self.path == "/sitemap.xml":
            self._send(SITEMAP.encode())
        elif self.path == "/slow.xml":
            time.sleep(3)
            self._send(RSS.encode())
        elif self.path == "/trickle.xml":
            self.send_response(200)
            self.end_headers()
            for _n in range(30):
                self.wfile.write(b" " * 10)
                self.wfile.flush()
                time.sleep(0.1)
        elif self.path == "/huge.xml":
            self.send_response(200)
            self.end_headers()
            chunk = b"<item>" + b"x" * 65530
            try:
                for _n in range(60):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/broken.xml":
            self._send(b"<rss><channel><item><title>unterminated")
        elif self.path == "/bomb.xml":
            self._send(BOMB.encode())
        elif self.path == "/xxe.xml":
            self._send(XXE.encode())
        else:
            self._send(b"gone", status=500)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def setup(province, settings):  # type: ignore[no-untyped-def]
    settings.CCHC_HARVEST_TIMEOUT = 1
    settings.CCHC_HARVEST_ALLOW_LOOPBACK = True  # the test server; refused otherwise
    load_catalogue()
    return province


def test_it_records_cchc_articles_once_across_runs_with_conditional_requests(setup, server):  # type: ignore[no-untyped-def]
    HITS.clear()
    source = actions.do_add_source(unit=setup.stttt, url=f"{server}/rss.xml")
    call_command("harvest", verbosity=0)
    recorded = Entry.objects.filter(status="recorded")
    assert list(recorded.values_list("title", flat=True)) == [
        "Gia Lai cung cấp 1.056 dịch vụ công trực tuyến mức độ 3, 4"]
    assert Entry.objects.get(link__endswith="/zalo").status == "pending"  # only one keyword: confirm by hand
    assert Entry.objects.get(link__endswith="/bong-da").status == "ignored"
    activity = Activity.objects.get(unit=setup.stttt, source="harvest")
    assert activity.links == "https://stttt.gialai.example/tin/dvc-1056"
    assert activity.channel.code == "portal" and str(activity.date) == "2020-10-12"
    assert set(activity.topics.values_list("code", flat=True)) >= {"online-services"}
    source.refresh_from_db()
    assert source.etag == '"v1"' and source.last_error == ""
    for _run in range(3):
        call_command("harvest", verbosity=0)
    assert Activity.objects.filter(source="harvest").count() == 1
    assert Entry.objects.count() == 4
    assert HITS["/rss.xml"] == 4  # asked each time, answered 304 after the first
    # the same feed registered twice for the unit still records each article once
    Source.objects.create(unit=setup.stttt, url=f"{server}/rss.xml?again=1")
    call_command("harvest", verbosity=0)
    assert Activity.objects.filter(source="harvest").count() == 1


def test_the_officer_confirms_and_rejects(setup, server, alice, bob):  # type: ignore[no-untyped-def]
    actions.do_add_source(unit=setup.stttt, url=f"{server}/rss.xml")
    engine.harvest_all()
    pending = Entry.objects.get(status="pending")
    with pytest.raises(PermissionDenied):
        actions.do_confirm_entry(pending, acting_user=bob)
    actions.do_confirm_entry(pending, acting_user=alice)
    assert Activity.objects.filter(source="harvest").count() == 2
    recorded = Entry.objects.get(link__endswith="dvc-1056")
    actions.do_reject_entry(recorded, acting_user=alice)
    assert Activity.objects.filter(source="harvest").count() == 1
    engine.harvest_all()
    Source.objects.update(etag="", last_modified="")
    engine.harvest_all()
    recorded.refresh_from_db()
    assert recorded.status == "rejected" and Activity.objects.filter(source="harvest").count() == 1


def test_it_reads_sitemaps(setup, server):  # type: ignore[no-untyped-def]
    actions.do_add_source(unit=setup.pleiku, url=f"{server}/sitemap.xml", kind="sitemap")
    engine.harvest_all()
    entry = Entry.objects.get(link__contains="do-thi-thong-minh")
    assert entry.status in ("recorded", "pending") and "do thi thong minh" in entry.title.lower()
    assert Entry.objects.get(link__contains="le-hoi").status == "ignored"


def test_one_slow_broken_or_hostile_site_never_blocks_the_rest(setup, server):  # type: ignore[no-untyped-def]
    for path in ("slow.xml", "trickle.xml", "huge.xml", "broken.xml", "bomb.xml", "xxe.xml", "missing.xml"):
        Source.objects.create(unit=setup.pleiku, url=f"{server}/{path}")
    Source.objects.create(unit=setup.stttt, url=f"{server}/rss.xml")
    started = time.monotonic()
    outcomes = {outcome.source.url.rsplit("/", 1)[-1]: outcome for outcome in engine.harvest_all()}
    assert time.monotonic() - started < 15
    assert outcomes["rss.xml"].ok and outcomes["rss.xml"].recorded == 1
    assert "chậm" in outcomes["slow.xml"].message and "chậm" in outcomes["trickle.xml"].message
    assert "quá lớn" in outcomes["huge.xml"].message
    assert not outcomes["broken.xml"].ok
    assert "ENTITY" in outcomes["bomb.xml"].message and "ENTITY" in outcomes["xxe.xml"].message
    assert "500" in outcomes["missing.xml"].message
    assert Source.objects.get(url__endswith="bomb.xml").failures == 1
    assert not Entry.objects.filter(link__contains="evil").exists()


def test_feedparser_alone_does_not_expand_external_entities() -> None:
    """Checked: feedparser leaves external entities unresolved (the engine refuses them before parsing anyway)."""
    parsed = feedparser.parse(XXE.encode())
    assert "root:" not in str(parsed)


def test_pages_follow_roles(setup, server, alice, bob, alice_client, bob_client, leader_client):  # type: ignore[no-untyped-def]
    actions.do_add_source(unit=setup.stttt, url=f"{server}/rss.xml")
    engine.harvest_all()
    body = alice_client.get(reverse("harvest:list")).content.decode()
    assert "1.056 dịch vụ công" in body and "Chờ xác nhận" in body
    assert "1.056 dịch vụ công" not in bob_client.get(reverse("harvest:list")).content.decode()
    entry = Entry.objects.get(status="pending")
    assert bob_client.post(reverse("harvest:decide", args=[entry.pk, "confirm"])).status_code == 404
    assert leader_client.post(reverse("harvest:decide", args=[entry.pk, "confirm"])).status_code in (403, 404)
    alice_client.post(reverse("harvest:decide", args=[entry.pk, "confirm"]))
    entry.refresh_from_db()
    assert entry.status == "recorded"
    response = alice_client.post(reverse("harvest:sources"), {"unit": setup.pleiku.pk, "url": "https://x.example/rss"})
    assert not Source.objects.filter(unit=setup.pleiku).exists() and response.status_code in (200, 403)


def test_the_demo_harvests_bundled_feeds_without_network(setup):  # type: ignore[no-untyped-def]
    from cchc.harvest.demo import load_demo

    load_demo()
    load_demo()
    assert Source.objects.count() == 2
    assert Entry.objects.filter(unit=setup.pleiku, status="recorded").exists()
    assert Entry.objects.filter(unit=setup.stttt, status="recorded").exists()
    assert Entry.objects.filter(status="ignored", title__contains="bóng đá").exists()
    count = Activity.objects.filter(source="harvest").count()
    engine.harvest_all()
    assert Activity.objects.filter(source="harvest").count() == count
    bad = Source.objects.create(unit=setup.stttt, url="demo://../../settings.py")
    assert not engine.harvest_source(bad).ok


def test_it_refuses_the_machine_itself_and_link_local_addresses(province, settings):  # type: ignore[no-untyped-def]
    settings.CCHC_HARVEST_ALLOW_LOOPBACK = False
    for url in ("http://127.0.0.1:9/rss", "http://169.254.169.254/latest/meta-data/", "ftp://x.example/rss"):
        source = Source.objects.create(unit=province.stttt, url=url)
        outcome = engine.harvest_source(source)
        assert not outcome.ok and outcome.message


def test_coordinators_edit_the_keywords(setup, server, coordinator_client, alice_client):  # type: ignore[no-untyped-def]
    from cchc.harvest.models import TopicKeywords

    assert alice_client.get(reverse("harvest:keywords")).status_code == 403
    assert coordinator_client.get(reverse("harvest:keywords")).status_code == 200
    row = TopicKeywords.objects.get(topic__code="e-government")
    coordinator_client.post(reverse("harvest:keywords"), {f"kw-{row.pk}": "zalo\nkênh zalo\nzalo"})
    row.refresh_from_db()
    assert row.keywords == "zalo\nkênh zalo"
    # "kênh zalo" in the title and "zalo" … now two keywords in the title: recorded without a confirmation
    actions.do_add_source(unit=setup.stttt, url=f"{server}/rss.xml")
    engine.harvest_all()
    assert Entry.objects.get(link__endswith="/zalo").status == "recorded"
