"""Counting requests per client without keeping who the client is.

The client key is a keyed hash of the address, truncated, kept only in the cache for the
length of the window: no address is stored in the database or written to a log.
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


def client_key(request: HttpRequest) -> str:
    address = client_address(request)
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return digest.hexdigest()[:16]


def allow(bucket: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one hit; False once `limit` hits were counted in the current window."""
    cache_key = f"ratelimit:{bucket}:{key}"
    try:
        cache.add(cache_key, 0, timeout=window_seconds)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=window_seconds)
            count = 1
    except Exception:
        # The cache (Redis) is down: a report must still be saved, so let it through.
        logger.warning("rate limit cache unavailable; %s not counted", bucket)
        return True
    return count <= limit
