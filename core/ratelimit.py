"""Counting requests per client without keeping who the client is.

The client key is a keyed hash of the address, truncated, kept only in the cache for the
length of the window: no address is stored in the database or written to a log.

Every limit here counts one client (or one receipt) against itself: there is no shared
cap that one client could fill for everyone else (issue 12). What a shared cap used to
do for the public channel, `core.proof_of_work` does by making each report cost work.
"""

import hashlib
import hmac
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger(__name__)


def client_address(request: HttpRequest) -> str:
    """The client's address; behind `AMANA_TRUSTED_PROXIES` proxies, the one they saw."""
    proxies = settings.AMANA_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def keyed(value: str) -> str:
    """A keyed hash of `value`: the cache holds this, never the value itself."""
    digest = hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256)
    return digest.hexdigest()[:16]


def client_key(request: HttpRequest) -> str:
    return keyed(client_address(request))


def allow(bucket: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one hit; False once `limit` hits were counted in the current window."""
    return hit(bucket, key, window_seconds=window_seconds) <= limit


def hit(bucket: str, key: str, *, window_seconds: int) -> int:
    """Count one hit and return the hits counted in the current window (0: no cache)."""
    cache_key = f"ratelimit:{bucket}:{key}"
    try:
        cache.add(cache_key, 0, timeout=window_seconds)
        try:
            return cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=window_seconds)
            return 1
    except Exception:
        # The cache (Redis) is down: a report must still be saved, so let it through.
        logger.warning("rate limit cache unavailable; %s not counted", bucket)
        return 0


def hits(bucket: str, key: str) -> int:
    """The hits counted in the current window, without counting one more."""
    try:
        return int(cache.get(f"ratelimit:{bucket}:{key}") or 0)
    except Exception:
        logger.warning("rate limit cache unavailable; %s not read", bucket)
        return 0
