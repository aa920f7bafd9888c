"""The cache of the public pages (information windows and published service points).

Each public page's data is cached per page and language under a key that carries a
generation number; every write to the map or the windows (the services, once their
transaction commits) moves the generation on, so every cached page is read afresh at the
next visit. Writes are rare and reads many: simpler and safer than deleting keys one by
one, and no page can miss an invalidation. Only data is cached, never a rendered
response (the page's CSRF token and language switcher stay per visitor).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache

GENERATION = "pathways:generation"
TIMEOUT = 60 * 60  # an hour: a missed invalidation (another cache node) heals itself


def _generation() -> int:
    generation = cache.get(GENERATION)
    if generation is None:
        cache.add(GENERATION, 1, None)
        generation = cache.get(GENERATION, 1)
    return int(generation)


def invalidate() -> None:
    """Drop every cached public page (call through `transaction.on_commit`)."""
    try:
        cache.incr(GENERATION)
    except ValueError:  # not set yet (or evicted): start afresh
        cache.set(GENERATION, 2, None)


def cached(key: str, compute: Callable[[], Any]) -> Any:
    full_key = f"pathways:{_generation()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, TIMEOUT)
    return value
