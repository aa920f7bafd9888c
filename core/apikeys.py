"""API keys, the one credential for calls without a session: issue, revoke, authenticate.

A key reads "amk_<prefix>.<secret>". The prefix finds the row; the secret is compared by
digest in constant time. Revocation and expiry take effect on the next call.

Two kinds share the model and this code. A statistics key belongs to an organisation and
reads anonymised figures (reports.api). An integration key acts as the user who issued it
(a hotline tool, a KoboToolbox webhook): the call is that user's, with that user's rights
at the time of the call, narrowed to the key's scope. Which API operations each scope
opens is `settings.AMANA_API_KEY_SCOPES` (operation names of the apps above this one);
everything else is refused, so a new endpoint takes no key until it is listed there.

DRF's plain-text `Token` is retired (migration 0008); a call that still sends one is
told where to get a key. The authentication itself is `core.authentication`.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit import audit_log

# The authentication lives apart (DRF imports it while core.errors is still loading);
# re-exported here, where the statistics API has always found it.
from .authentication import PREFIX, digest
from .authentication import ApiKeyAuthentication as ApiKeyAuthentication
from .authentication import KeyHolder as KeyHolder
from .errors import ApplicationError
from .models import ApiKey, Organisation, User
from .permissions import api_key_access, integration_key_access

# An integration key lives at most a year: the holder issues a new one, which forces a
# look at whether the integration still needs it.
MAX_DAYS = 365
# Statistics keys issued without a stated lifetime (the statistics page) last a year.
DEFAULT_DAYS = 365


def _new_secret() -> tuple[str, str]:
    return secrets.token_hex(6), secrets.token_urlsafe(32)


def _expiry(days: int) -> Any:
    if not 1 <= days <= MAX_DAYS:
        raise ApplicationError(
            "apikey.expiry",
            _("A key is valid for 1 to %(days)s days.") % {"days": MAX_DAYS},
            field="days",
        )
    return timezone.now() + timedelta(days=days)


@transaction.atomic
def api_key_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    scope: str,
    days: int = DEFAULT_DAYS,
) -> tuple[ApiKey, str]:
    """A statistics key for an organisation (coordinators). Returns the key row and the
    full key, which is never shown again."""
    if scope not in ApiKey.STATISTICS_SCOPES:
        raise ApplicationError("apikey.scope", _("Not a statistics scope."), field="scope")
    return _key_issue(
        actor=actor, role=api_key_access(actor).role, days=days,
        organisation=organisation, name=name, scope=scope,
    )  # fmt: skip


def _key_issue(*, actor: User, role: str, days: int, **fields: Any) -> tuple[ApiKey, str]:
    """Issue a key of either kind: a new secret, kept only as its digest, expiring in
    `days`; audited. Returns the row and the full key, shown once."""
    prefix, secret = _new_secret()
    key = ApiKey(
        prefix=prefix, digest=digest(secret), created_by=actor, expires_at=_expiry(days),
        **fields,
    )  # fmt: skip
    key.full_clean()
    key.save()
    audit_log(
        actor=actor, action="apikey.create", obj=key, role=role,
        detail={"scope": fields["scope"], "days": days},
    )  # fmt: skip
    return key, f"{PREFIX}{prefix}.{secret}"


@transaction.atomic
def integration_key_create(*, actor: User, name: str, scope: str, days: int) -> tuple[ApiKey, str]:
    """An integration key acting as `actor`, who issues it for their own tool.

    Rules (core.permissions.integration_key_access): focal points and coordinators, the
    roles that log complaints, issue keys for themselves only, so no one (an administrator
    least of all) holds a credential acting as someone else. 1 to 365 days. Returns the
    key row and the full key, shown once.
    """
    access = integration_key_access(actor)
    if not access.change:
        raise ApplicationError("apikey.forbidden", _("You may not issue API keys."), status=403)
    if scope not in ApiKey.INTEGRATION_SCOPES:
        raise ApplicationError("apikey.scope", _("Not an integration scope."), field="scope")
    if actor.organisation is None:  # every role that may issue one has an organisation
        raise ApplicationError("apikey.forbidden", _("You may not issue API keys."), status=403)
    return _key_issue(
        actor=actor, role=access.role, days=days,
        organisation=actor.organisation, user=actor, name=name, scope=scope,
    )  # fmt: skip


@transaction.atomic
def api_key_revoke(*, actor: User, key: ApiKey) -> None:
    """Revoke one key: coordinators any key, a holder their own integration keys."""
    access = integration_key_access(actor, key) if key.user_id else api_key_access(actor)
    if not access.change:
        raise ApplicationError("apikey.forbidden", _("You may not revoke this key."), status=403)
    ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit_log(actor=actor, action="apikey.revoke", obj=key, role=access.role)


def api_keys_revoke_for(*, user: User, reason: str) -> int:
    """Revoke every live key acting as `user` (their password changed or the account was
    deactivated: core.credentials). Each revocation is audited with the reason; the
    actor is whoever made the change, which the user's own audit event records."""
    keys = list(ApiKey.objects.filter(user=user, revoked_at__isnull=True))
    ApiKey.objects.filter(pk__in=[k.pk for k in keys]).update(revoked_at=timezone.now())
    for key in keys:
        audit_log(actor=None, action="apikey.revoke", obj=key, detail={"reason": reason})
    return len(keys)
