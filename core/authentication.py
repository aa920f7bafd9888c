"""Authenticating a call by API key (see core.apikeys for issuing and revoking).

Kept apart from the services: DRF imports its authentication classes while `core.errors`
(which imports DRF) is still loading, so nothing here may import `core.errors`.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from .models import ApiKey, User
from .roles import Role

PREFIX = "amk_"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class KeyHolder:
    """The caller of a request authenticated by a statistics key (not a person)."""

    is_authenticated = True
    is_active = True
    is_anonymous = False
    pk = None
    id = None

    def __init__(self, key: ApiKey) -> None:
        self.key = key
        self.organisation = key.organisation
        self.organisation_id = key.organisation_id

    def has_role(self, role: Role) -> bool:
        return False

    def __str__(self) -> str:
        return f"api key {self.key.prefix}"


def scope_allows(scope: str, method: str, operation: str | None) -> bool:
    """Whether a key of `scope` may call the operation named `operation` with `method`."""
    method = "GET" if method == "HEAD" else method
    allowed = settings.AMANA_API_KEY_SCOPES.get(scope, {})
    return operation is not None and operation in allowed.get(method, ())


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Api-Key"

    def authenticate(self, request: Request) -> tuple[KeyHolder | User, ApiKey] | None:
        header = authentication.get_authorization_header(request).decode(errors="replace")
        if header.startswith("Token "):
            raise exceptions.AuthenticationFailed(
                _(
                    "Tokens are no longer accepted. Issue an API key on the API keys page "
                    'and send "Api-Key amk_<prefix>.<secret>".'
                ),
                code="apikey.token_retired",
            )
        if not header.startswith(f"{self.keyword} "):
            return None
        raw = header[len(self.keyword) + 1 :].strip()
        if not raw.startswith(PREFIX) or "." not in raw:
            raise exceptions.AuthenticationFailed("Malformed API key.")
        prefix, secret = raw[len(PREFIX) :].split(".", 1)
        key = ApiKey.objects.select_related("organisation", "user").filter(prefix=prefix).first()
        if (
            key is None
            or key.revoked_at is not None
            or not hmac.compare_digest(key.digest, digest(secret))
        ):
            raise exceptions.AuthenticationFailed("Unknown or revoked API key.")
        # Only past the digest: whoever learns that a key expired holds it.
        if key.expires_at is not None and key.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed(
                _("This API key has expired. Issue a new one."), code="apikey.expired"
            )
        if key.user is not None and not key.user.is_active:
            raise exceptions.AuthenticationFailed("Unknown or revoked API key.")
        match = getattr(request, "resolver_match", None)
        if not scope_allows(key.scope, request.method or "", match.view_name if match else None):
            raise exceptions.PermissionDenied(
                _("This API key's scope does not cover this call."), code="apikey.scope"
            )
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
        return (key.user if key.user is not None else KeyHolder(key)), key

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """Documents the header in the OpenAPI schema."""

    target_class = "core.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Send "Api-Key amk_<prefix>.<secret>".',
        }
