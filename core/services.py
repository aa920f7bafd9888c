"""Writes to accounts, organisations and data keys. Each validates, saves and audits in
one transaction; views, the admin and commands all call these."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.db import models, transaction
from django.utils.translation import gettext as _

from . import crypto
from .audit import audit_log
from .errors import ApplicationError
from .models import DataKey, User
from .permissions import account_access
from .roles import ROLE_FIELDS, Role

M = TypeVar("M", bound=models.Model)


@transaction.atomic
def reference_data_save(*, actor: User | None, obj: M, changed: list[str]) -> M:
    """Create or update reference data: organisations, the location list (administrators;
    checked by the caller). The audit names the fields changed, never their values."""
    adding = obj._state.adding
    obj.full_clean()
    obj.save()
    name = obj._meta.model_name
    audit_log(
        actor=actor,
        action=f"{name}.create" if adding else f"{name}.update",
        obj=obj,
        role=account_access(actor).role,
        detail={"fields": sorted(changed)},
    )
    return obj


@transaction.atomic
def user_save(
    *, actor: User | None, user: User, changed: list[str], password: str | None = None
) -> User:
    """Create or update a staff account.

    Rules: the model's own (administrator holds no case role; roles need an
    organisation); a user cannot change their own roles; a new password is validated by
    the password validators. The audit records which fields changed, never their values.
    """
    adding = user._state.adding
    role_fields = set(ROLE_FIELDS.values())
    if actor is not None and not adding and actor.pk == user.pk and role_fields & set(changed):
        raise ApplicationError(
            "account.own_roles", _("You cannot change your own roles."), status=403
        )
    if password is not None:
        validate_password(password, user)
        user.set_password(password)
    user.is_staff = user.is_superuser or user.has_role(Role.ADMIN)  # the admin site is theirs
    user.full_clean()
    user.save()
    audit_log(
        actor=actor,
        action="user.create" if adding else "user.update",
        obj=user,
        role=account_access(actor).role,
        detail={"fields": sorted(set(changed) - {"password"})},
    )
    return user


@transaction.atomic
def data_key_shred(*, actor: User | None, data_key: DataKey, reason: str) -> None:
    """Crypto-shred one record: its data key is destroyed and its content with it.

    `reason` is a code (e.g. "retention_expired", "survivor_request"), never free text.
    """
    crypto.data_key_shred(data_key)
    audit_log(
        actor=actor,
        action="datakey.shred",
        obj=data_key,
        role=account_access(actor).role,
        detail={"reason": reason},
    )


@transaction.atomic
def lockout_clear(*, actor: User, attempts: Iterable[AccessAttempt]) -> None:
    """Unlock accounts locked by failed sign-ins (administrators; checked by the caller)."""
    for attempt in attempts:
        audit_log(
            actor=actor,
            action="user.unlock",
            obj=User.objects.filter(username=attempt.username).first(),
            role=account_access(actor).role,
        )
        attempt.delete()
