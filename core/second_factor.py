"""The second factor in a session: which pages an unverified user reaches, and how a
session is marked verified.

A session is verified for one enrolment of one user: the mark holds the user's id and
`User.second_factor_since`. A reset of the second factor clears that date, so every
session of the account stops being verified at once, and the check costs no query (the
session and the user are read for every signed-in request anyway).

Writes (enrolment, checking a code, resets) are services in core.services; resets of an
account holding a case role go through the separation-of-duties rule (core.permissions).
"""

from __future__ import annotations

import base64

import segno
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

SESSION_KEY = "amana_second_factor"


def _mark(user: User) -> str:
    since = user.second_factor_since
    return f"{user.pk}:{since.isoformat()}" if since is not None else ""


def is_verified(request: HttpRequest) -> bool:
    """The signed-in user entered a code of their current second factor in this session."""
    user = request.user
    if not isinstance(user, User) or user.second_factor_since is None:
        return False
    return bool(request.session.get(SESSION_KEY)) and request.session[SESSION_KEY] == _mark(user)


def mark_verified(request: HttpRequest, user: User) -> None:
    """After a code was accepted: the session is verified (the key is new since sign-in)."""
    request.session[SESSION_KEY] = _mark(user)


def open_paths() -> tuple[str, ...]:
    """What a signed-in user reaches before the second factor: its own pages (all under
    the first path), signing out, the language switch, static files and the health check."""
    return (
        reverse("second-factor"),
        reverse("logout"),
        reverse("set_language"),
        reverse("healthz"),
        settings.STATIC_URL,
    )


def safe_next(request: HttpRequest, default: str = "") -> str:
    """The page asked for before the second factor, if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse("home")


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an authenticator app."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice, title: str) -> str:
    """The enrolment QR code as inline SVG (no image request, nothing third-party)."""
    return str(
        segno.make(device.config_url, error="m").svg_inline(
            scale=5, border=4, title=title, light="#fff"
        )
    )
