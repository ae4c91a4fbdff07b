"""Rate limits shared by every process (through the cache: the database, or Redis when REDIS_URL is set).

    from cchc.core.ratelimit import client_ip, hit
    if not hit(f"feedback:{client_ip(request)}", limit=5, window=3600):
        ...refuse, store nothing, say why...

A fixed window per key: ``hit`` counts one request and answers whether it is still within the limit.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the last untrusted address of X-Forwarded-For when the request
    came through one of ``CCHC_TRUSTED_PROXIES`` (addresses of the reverse proxies in front of the site)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = set(getattr(settings, "CCHC_TRUSTED_PROXIES", []) or [])
    if remote in trusted:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        for address in reversed(forwarded):
            if address not in trusted:
                return address
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
