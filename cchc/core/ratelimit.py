"""Rate limits shared by every process (through the cache: the database, or Redis when REDIS_URL is set).

    from cchc.core.ratelimit import client_ip, hit
    if not hit(f"feedback:{client_ip(request)}", limit=5, window=3600):
        ...refuse, store nothing, say why...

A fixed window per key: ``hit`` counts one request and answers whether it is still within the limit.
"""

from __future__ import annotations

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _networks(entries: list[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue
    return networks


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.7:51000
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or — only when the request came through one of ``CCHC_TRUSTED_PROXIES``
    (addresses or networks such as ``10.0.0.0/8`` of the reverse proxies in front of the site) — the last address of
    X-Forwarded-For that is not itself a trusted proxy. A client cannot forge its address: whatever it writes in
    X-Forwarded-For sits to the left of what the trusted proxy appended, and a direct request's header is ignored.
    Lock-outs (django-axes, ``AXES_CLIENT_IP_CALLABLE``) and rate limits use this address."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = _networks(list(getattr(settings, "CCHC_TRUSTED_PROXIES", []) or []))
    if not trusted:
        return remote

    def is_trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
        return address is not None and any(address in network for network in trusted)

    if not is_trusted(_address(remote)):
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for part in reversed(forwarded):
        address = _address(part)
        if address is None:
            return remote  # a malformed hop: trust nothing beyond the proxy
        if not is_trusted(address):
            return str(address)
    return remote


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one request under ``key``; True while at most ``limit`` requests fell in the current window
    of ``window`` seconds."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    cache_key = f"rl:{digest}"
    if cache.add(cache_key, 1, timeout=window):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        return True
    return count <= limit
