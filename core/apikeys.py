"""API keys for the statistics API: issue, revoke, authenticate.

A key reads "amk_<prefix>.<secret>". The prefix finds the row; the secret is compared by
digest in constant time. Revocation takes effect on the next call.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from .audit import audit_log
from .models import ApiKey, Organisation, User
from .permissions import api_key_access
from .roles import Role

PREFIX = "amk_"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_key_create(
    *, actor: User, organisation: Organisation, name: str, scope: str
) -> tuple[ApiKey, str]:
    """Returns the key row and the full key, which is never shown again."""
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    key = ApiKey(
        organisation=organisation,
        name=name,
        scope=scope,
        prefix=prefix,
        digest=_digest(secret),
        created_by=actor,
    )
    key.full_clean()
    key.save()
    audit_log(
        actor=actor,
        action="apikey.create",
        obj=key,
        role=api_key_access(actor).role,
        detail={"scope": scope},
    )
    return key, f"{PREFIX}{prefix}.{secret}"


@transaction.atomic
def api_key_revoke(*, actor: User, key: ApiKey) -> None:
    ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit_log(actor=actor, action="apikey.revoke", obj=key, role=api_key_access(actor).role)


class KeyHolder:
    """The caller of a request authenticated by an API key (not a person)."""

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


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Api-Key"

    def authenticate(self, request: Request) -> tuple[KeyHolder, ApiKey] | None:
        header = authentication.get_authorization_header(request).decode(errors="replace")
        if not header.startswith(f"{self.keyword} "):
            return None
        raw = header[len(self.keyword) + 1 :].strip()
        if not raw.startswith(PREFIX) or "." not in raw:
            raise exceptions.AuthenticationFailed("Malformed API key.")
        prefix, secret = raw[len(PREFIX) :].split(".", 1)
        key = ApiKey.objects.select_related("organisation").filter(prefix=prefix).first()
        if (
            key is None
            or key.revoked_at is not None
            or not hmac.compare_digest(key.digest, _digest(secret))
        ):
            raise exceptions.AuthenticationFailed("Unknown or revoked API key.")
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
        return KeyHolder(key), key

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """Documents the header in the OpenAPI schema."""

    target_class = "core.apikeys.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Send "Api-Key amk_<prefix>.<secret>".',
        }
