"""Reading the units' portals: fetch (conditional, bounded), parse (feeds and sitemaps, no entity expansion),
recognise CCHC articles by the topics' keywords, record each once as an activity of the unit.

Safety: each source is fetched with a connect/read timeout AND a total deadline, at most ``MAX_BYTES`` are read,
a document declaring entities (``<!ENTITY``: billion laughs, external entities) is refused before any parser
sees it, and every source is processed in its own transaction inside its own try/except, so one slow, broken or
hostile site never blocks the others.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cchc.lib import vn
from cchc.lib.text import clean_text
from cchc.reports.models import Channel, Topic

from .choices import EntryStatus, SourceKind
from .keywords import GENERIC, ensure_keywords
from .models import Entry, Source, TopicKeywords

MAX_BYTES = 2 * 1024 * 1024
MAX_ENTRIES = 200
ACTIVITY_SOURCE = "harvest"
DEMO_DIR = Path(__file__).resolve().parent / "demo_feeds"
USER_AGENT = "CCHC-Hub-harvester/1.0 (+cchc)"


class HarvestError(Exception):
    """A reason (in Vietnamese) why a source could not be read."""


@dataclass
class Fetched:
    status: int  # 200, or 304 when not modified
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""


@dataclass
class FoundItem:
    link: str
    title: str
    summary: str = ""
    published: datetime | None = None


@dataclass
class Outcome:
    source: Source
    ok: bool
    new: int = 0
    recorded: int = 0
    pending: int = 0
    message: str = ""
    items: list[FoundItem] = field(default_factory=list)


def timeout_seconds() -> float:
    return float(getattr(settings, "CCHC_HARVEST_TIMEOUT", 15))


def fetch(source: Source) -> Fetched:
    """The source's content, or 304; HarvestError when it is slow, too big, refused or unreachable."""
    url = source.url
    scheme = urlsplit(url).scheme.lower()
    if scheme == "demo":
        return _fetch_bundled(url)
    if scheme not in ("http", "https"):
        raise HarvestError("Địa chỉ phải bắt đầu bằng http:// hoặc https://.")
    _check_host(url)
    import requests

    headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, application/xml, "
                                                   "text/xml;q=0.9, */*;q=0.5"}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    limit = timeout_seconds()
    deadline = time.monotonic() + limit
    try:
        with requests.get(url, headers=headers, timeout=(min(5.0, limit), limit), stream=True,
                          allow_redirects=True) as response:
            if response.status_code == 304:
                return Fetched(304, etag=source.etag, last_modified=source.last_modified)
            if response.status_code != 200:
                raise HarvestError(f"Máy chủ trả lời mã {response.status_code}.")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > MAX_BYTES:
                raise HarvestError(f"Nguồn tin quá lớn (trên {MAX_BYTES // (1024 * 1024)} MB).")
            chunks, size = [], 0
            for chunk in response.iter_content(chunk_size=65536):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise HarvestError(f"Nguồn tin quá lớn (trên {MAX_BYTES // (1024 * 1024)} MB).")
                if time.monotonic() > deadline:
                    raise HarvestError(f"Máy chủ trả lời quá chậm (quá {limit:g} giây).")
                chunks.append(chunk)
            return Fetched(200, b"".join(chunks), response.headers.get("ETag", "")[:255],
                           response.headers.get("Last-Modified", "")[:100])
    except requests.Timeout as exc:
        raise HarvestError(f"Máy chủ trả lời quá chậm (quá {limit:g} giây).") from exc
    except requests.RequestException as exc:
        raise HarvestError(f"Không kết nối được: {type(exc).__name__}.") from exc


def _check_host(url: str) -> None:
    """Refuse the machine itself and link-local addresses (cloud metadata): a unit's portal is never there.
    Private networks are allowed (portals on the province's network). Tests set CCHC_HARVEST_ALLOW_LOOPBACK."""
    import ipaddress
    import socket

    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError as exc:
        raise HarvestError(f"Không tìm thấy máy chủ “{host}”.") from exc
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if ip.is_link_local or ip.is_unspecified or ip.is_multicast:
            raise HarvestError("Địa chỉ này không được phép đọc.")
        if ip.is_loopback and not getattr(settings, "CCHC_HARVEST_ALLOW_LOOPBACK", False):
            raise HarvestError("Địa chỉ này không được phép đọc.")


def _fetch_bundled(url: str) -> Fetched:
    """``demo://name.xml``: a feed file bundled with the demo (no network)."""
    name = url.split("://", 1)[1]
    path = (DEMO_DIR / name).resolve()
    if DEMO_DIR not in path.parents or not path.is_file():
        raise HarvestError("Không có tệp nguồn tin minh họa này.")
    body = path.read_bytes()
    if len(body) > MAX_BYTES:
        raise HarvestError("Nguồn tin quá lớn.")
    return Fetched(200, body)


_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


def parse(body: bytes, kind: str) -> list[FoundItem]:
    """The items of a feed or a sitemap; HarvestError for a document that is not one, or declares entities."""
    if _ENTITY.search(body[:65536]) or _ENTITY.search(body):
        raise HarvestError("Nguồn tin khai báo thực thể XML (<!ENTITY>): bị từ chối vì lý do an toàn.")
    stripped = body.lstrip()[:2048].lower()
    if kind == SourceKind.SITEMAP or b"<urlset" in stripped:
        return _parse_sitemap(body)
    import feedparser

    parsed = feedparser.parse(body, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries:
        if parsed.bozo:
            raise HarvestError("Nguồn tin không phải RSS/Atom hợp lệ.")
        return []
    items = []
    for entry in parsed.entries[:MAX_ENTRIES]:
        link = (entry.get("link") or entry.get("id") or "").strip()
        title = _plain(entry.get("title", ""))[:300]
        if not link.startswith(("http://", "https://")) or not title:
            continue
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        items.append(FoundItem(link=link[:500], title=title, summary=_plain(entry.get("summary", ""))[:2000],
                               published=datetime(*published[:6], tzinfo=UTC) if published else None))
    if not items and parsed.bozo:
        raise HarvestError("Nguồn tin không phải RSS/Atom hợp lệ.")
    return items


def _parse_sitemap(body: bytes) -> list[FoundItem]:
    import xml.etree.ElementTree as ET  # noqa: S405 - entity declarations are refused before parsing

    try:
        root = ET.fromstring(body)  # noqa: S314 - see above
    except ET.ParseError as exc:
        raise HarvestError("Sitemap không phải XML hợp lệ.") from exc
    items = []
    for node in root.iter():
        if not node.tag.endswith("url"):
            continue
        loc = lastmod = ""
        for child in node:
            if child.tag.endswith("loc"):
                loc = (child.text or "").strip()
            elif child.tag.endswith("lastmod"):
                lastmod = (child.text or "").strip()
        if not loc.startswith(("http://", "https://")):
            continue
        slug = urlsplit(loc).path.rstrip("/").rsplit("/", 1)[-1]
        slug = re.sub(r"\.(html?|aspx|php)$", "", slug)
        slug = re.sub(r"-?\d{4,}$", "", slug)
        title = slug.replace("-", " ").replace("_", " ").strip().capitalize() or loc
        published = None
        if lastmod:
            try:
                published = datetime.fromisoformat(lastmod.replace("Z", "+00:00"))
                if published.tzinfo is None:
                    published = published.replace(tzinfo=UTC)
            except ValueError:
                published = None
        items.append(FoundItem(link=loc[:500], title=title[:300], published=published))
        if len(items) >= MAX_ENTRIES:
            break
    return items


def _plain(text: str) -> str:
    from cchc.column.content import plain

    return plain(clean_text(text or ""))


@dataclass
class Recognition:
    topics: list[Topic]
    score: int
    sure: bool


def keyword_table() -> list[tuple[Topic, list[str]]]:
    ensure_keywords()
    table = []
    for row in TopicKeywords.objects.select_related("topic").filter(topic__is_active=True):
        words = [vn.fold(line) for line in row.keywords.splitlines() if line.strip()]
        table.append((row.topic, [w for w in words if w]))
    return table


def recognise(item: FoundItem, table: list[tuple[Topic, list[str]]]) -> Recognition:
    """Sure when the title names CCHC or a topic's keyword; unsure when only the summary does."""
    title = f" {vn.fold(item.title)} "
    summary = f" {vn.fold(item.summary)} "
    topics: list[Topic] = []
    in_title = in_summary = 0
    for topic, words in table:
        hit = False
        for word in words:
            if f" {word} " in title or (word in title and " " in word):
                in_title += 1
                hit = True
            elif f" {word} " in summary or (word in summary and " " in word):
                in_summary += 1
                hit = True
        if hit:
            topics.append(topic)
    generic_title = any(word in title for word in GENERIC)
    generic_summary = any(word in summary for word in GENERIC)
    score = in_title * 2 + in_summary + (3 if generic_title else 0) + (1 if generic_summary else 0)
    sure = generic_title or in_title >= 1 and (in_summary >= 1 or generic_summary) or in_title >= 2
    return Recognition(topics, score, sure)


def link_hash(link: str) -> str:
    return hashlib.sha256(link.strip().encode()).hexdigest()


def record(entry: Entry, acting_user: Any = None) -> Any:
    """The entry's activity (channel "portal", the article's link as evidence), created once."""
    from cchc.reports.activities import do_create_activity
    from cchc.reports.models import Activity

    if entry.activity_id:
        return entry.activity
    activity = Activity.objects.filter(unit_id=entry.unit_id, source=ACTIVITY_SOURCE,
                                       external_id=entry.link_hash[:120]).first()
    if activity is None:
        channel = Channel.objects.filter(code="portal").first()
        if channel is None:
            return None
        from cchc.core import clock

        day = (entry.published_at or timezone.now()).astimezone(clock.VIETNAM).date()
        activity = do_create_activity(
            acting_user=None, unit=entry.unit, topics=list(entry.topics.all()), date=day, channel=channel,
            title=entry.title[:300], description=(entry.summary or "")[:2000], quantity=1, quantity_unit="tin, bài",
            links=entry.link if entry.link.startswith(("http://", "https://")) else "", source=ACTIVITY_SOURCE,
            external_id=entry.link_hash[:120])
    entry.activity = activity
    entry.status = EntryStatus.RECORDED
    if acting_user is not None and getattr(acting_user, "pk", None):
        entry.decided_by = acting_user
    entry.save(update_fields=["activity", "status", "decided_by"])
    return activity


def harvest_source(source: Source, table: list[tuple[Topic, list[str]]] | None = None) -> Outcome:
    """Fetch, parse and record one source; never raises (the outcome says what happened)."""
    now = timezone.now()
    try:
        fetched = fetch(source)
        items = parse(fetched.body, source.kind) if fetched.status == 200 else []
    except HarvestError as exc:
        Source.objects.filter(pk=source.pk).update(last_checked_at=now, last_error=str(exc)[:500],
                                                   failures=source.failures + 1)
        return Outcome(source, False, message=str(exc))
    except Exception as exc:  # noqa: BLE001 - a hostile document must not stop the other sources
        message = f"Lỗi khi đọc nguồn tin: {type(exc).__name__}."
        Source.objects.filter(pk=source.pk).update(last_checked_at=now, last_error=message,
                                                   failures=source.failures + 1)
        return Outcome(source, False, message=message)
    table = table if table is not None else keyword_table()
    outcome = Outcome(source, True, items=items)
    known = set(Entry.objects.filter(unit_id=source.unit_id).values_list("link_hash", flat=True))
    for item in items:
        digest = link_hash(item.link)
        if digest in known:
            continue
        known.add(digest)
        recognition = recognise(item, table)
        status = (EntryStatus.RECORDED if recognition.sure else
                  EntryStatus.PENDING if recognition.score > 0 else EntryStatus.IGNORED)
        try:
            with transaction.atomic():
                entry = Entry.objects.create(
                    source=source, unit_id=source.unit_id, link=item.link, link_hash=digest, title=item.title,
                    summary=item.summary, published_at=item.published, score=recognition.score,
                    status=EntryStatus.PENDING if status == EntryStatus.RECORDED else status)
                if recognition.topics:
                    entry.topics.set(recognition.topics)
                if status == EntryStatus.RECORDED:
                    record(entry)
                    outcome.recorded += 1
                elif status == EntryStatus.PENDING:
                    outcome.pending += 1
                outcome.new += 1
        except IntegrityError:
            continue  # found at the same moment by another run
    Source.objects.filter(pk=source.pk).update(
        last_checked_at=now, last_ok_at=now, last_error="", failures=0,
        etag=fetched.etag or source.etag, last_modified=fetched.last_modified or source.last_modified)
    if fetched.status == 304:
        outcome.message = "Không có gì mới (304)."
    return outcome


def harvest_all(sources: Any = None) -> list[Outcome]:
    """Every active source, one after the other; a failing one is reported and the next one is read."""
    table = keyword_table()
    queryset = sources if sources is not None else Source.objects.filter(is_active=True).select_related("unit")
    return [harvest_source(source, table) for source in queryset.order_by("pk")]
