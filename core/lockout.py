"""Sign-in throttling that no attacker can turn against a known user.

Three layers, each counted without keeping who the client is:

- django-axes locks a client out of one account after `AXES_FAILURE_LIMIT` failures, for
  `AXES_COOLOFF_TIME` (lockout parameters: username AND client). Whoever guesses at a
  known account locks out only themself; the owner signs in from their own device.
- An account that has had `AMANA_LOGIN_SLOWDOWN_AFTER` failures within the hour, from
  any clients, is slowed down, never locked: each client gets one try per
  `AMANA_LOGIN_SLOWDOWN_SECONDS` on it. The turn is per client, so hammering the account
  from elsewhere never takes the owner's turn.
- A client that has failed that often, on any accounts (password spraying), gets one try
  per `AMANA_LOGIN_SLOWDOWN_SECONDS` in all.

Clients are told apart by a keyed hash of their address (behind `AMANA_TRUSTED_PROXIES`,
as every rate limit here): axes stores it as an address in `fd00::/8`, never the real one;
the slow-down counters live only in the cache. A refused turn reaches no authentication
backend, so it counts as no failure anywhere.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .ratelimit import client_address

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60 * 60
# The sign-in forms whose posts take turns (the staff sign-in and the admin site's).
SIGN_IN_VIEWS = frozenset({"login", "admin:login"})


def _keyed(kind: str, value: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256)
    return digest.hexdigest()[:24]


def client_pseudonym(request: HttpRequest) -> str:
    """The client's address as axes records it: a keyed hash in the private range
    fd00::/8, the same for the same client, revealing nothing of the real one."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"axes:{client_address(request)}".encode(), hashlib.sha256
    ).digest()
    return str(ipaddress.IPv6Address(b"\xfd" + digest[:15]))


def _account_key(username: str) -> str:
    return _keyed("account", username)


def _client_key(request: HttpRequest) -> str:
    return _keyed("client", client_address(request))


def _failures(key: str) -> int:
    try:
        return int(cache.get(f"login-failures:{key}", 0))
    except Exception:  # the cache is down: throttling fails open, axes still locks
        logger.warning("sign-in slow-down: cache unavailable")
        return 0


def _count(key: str) -> None:
    name = f"login-failures:{key}"
    try:
        if not cache.add(name, 1, timeout=WINDOW_SECONDS):
            cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=WINDOW_SECONDS)
    except Exception:
        logger.warning("sign-in slow-down: cache unavailable")


@receiver(user_login_failed)
def _count_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if request is None:
        return
    _count(f"account:{_account_key(str(credentials.get('username') or ''))}")
    _count(f"client:{_client_key(request)}")


def _take_turn(name: str) -> bool:
    """True if this client may try now (and its turn starts), False if it must wait."""
    try:
        return bool(
            cache.add(f"login-turn:{name}", 1, timeout=settings.AMANA_LOGIN_SLOWDOWN_SECONDS)
        )
    except Exception:
        logger.warning("sign-in slow-down: cache unavailable")
        return True


def slowed_down(request: HttpRequest, username: str) -> bool:
    """Whether this sign-in attempt must wait for the client's next turn."""
    limit = settings.AMANA_LOGIN_SLOWDOWN_AFTER
    account, client = _account_key(username), _client_key(request)
    if _failures(f"client:{client}") >= limit and not _take_turn(f"client:{client}"):
        return True
    return _failures(f"account:{account}") >= limit and not _take_turn(
        f"account:{account}:{client}"
    )


class LoginSlowdownMiddleware:
    """Answers a sign-in post that must wait with 429 before any backend sees it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if request.method != "POST" or match is None or match.view_name not in SIGN_IN_VIEWS:
            return None
        username = str(request.POST.get(getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")))
        if not slowed_down(request, username):
            return None
        return render(
            request,
            "registration/slowed_down.html",
            {"seconds": settings.AMANA_LOGIN_SLOWDOWN_SECONDS},
            status=429,
        )
