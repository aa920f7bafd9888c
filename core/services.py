"""Writes to accounts, organisations and data keys. Each validates, saves and audits in
one transaction; views, the admin and commands all call these."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from axes.models import AccessAttempt
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import crypto
from .approvals import credential_write_allowed
from .audit import audit_log
from .errors import ApplicationError
from .models import AccountRequest, DataKey, Organisation, User
from .permissions import (
    APPROVER_ROLE,
    account_access,
    account_request_access,
    account_request_problem,
    case_roles_granted,
    credential_reset_needs_approval,
    holds_case_role,
)
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


@dataclass(frozen=True)
class UserSaveOutcome:
    """The account as saved, and the request made for what needs a second person."""

    user: User
    request: AccountRequest | None = None


@transaction.atomic
def user_save(
    *, actor: User | None, user: User, changed: list[str], password: str | None = None
) -> UserSaveOutcome:
    """Create or update a staff account.

    Rules: the model's own (administrator holds no case role; roles need an
    organisation); a user cannot change their own roles; a new password is validated by
    the password validators. Separation of duties (core.permissions, the rule): a case role
    granted, or a case role's holder moved to another organisation, is held back and
    becomes a request for a coordinator to approve; the rest is saved at once. A new
    password for an existing account goes through `user_password_set`. The audit records
    which fields changed, never their values.
    """
    adding = user._state.adding
    role_fields = set(ROLE_FIELDS.values())
    stored = None if adding else User.objects.filter(pk=user.pk).first()
    before = stored.roles if stored is not None else frozenset()
    if actor is not None and not adding and actor.pk == user.pk and user.roles != before:
        raise ApplicationError(
            "account.own_roles", _("You cannot change your own roles."), status=403
        )
    if password is not None:
        if stored is not None and credential_reset_needs_approval(actor, stored):
            raise ApplicationError(
                "account.password_through_reset",
                _("Set this account's password through its password form."),
            )
        validate_password(password, user)
        user.set_password(password)
    user.full_clean()  # the change as asked: an impossible one is refused outright
    granted = case_roles_granted(before, user.roles)
    moved = (
        stored is not None
        and holds_case_role(before)
        and holds_case_role(user.roles)
        and user.organisation_id != stored.organisation_id
    )
    new_organisation = user.organisation if moved else None
    for role in granted:
        setattr(user, ROLE_FIELDS[role], False)
    if moved and stored is not None:
        user.organisation = stored.organisation
    user.is_staff = user.is_superuser or user.has_role(Role.ADMIN)  # the admin site is theirs
    user.full_clean()
    with credential_write_allowed():  # a new account's, or one the rule lets through
        user.save()
    held = {ROLE_FIELDS[role] for role in granted} | ({"organisation"} if moved else set())
    fields = set(changed) | {
        f for f in role_fields if stored and getattr(stored, f) != getattr(user, f)
    }
    audit_log(
        actor=actor,
        action="user.create" if adding else "user.update",
        obj=user,
        role=account_access(actor).role,
        detail={"fields": sorted(fields - {"password"} - held)},
    )
    request = None
    if granted or moved:
        request = _account_request_create(
            actor=actor,
            user=user,
            kind=AccountRequest.Kind.ROLES,
            roles=sorted(role.value for role in granted),
            organisation=new_organisation,
        )
    return UserSaveOutcome(user=user, request=request)


@transaction.atomic
def user_password_set(
    *, actor: User | None, user: User, password: str | None
) -> AccountRequest | None:
    """Set (or, with None, disable) an account's password.

    Rules: validated by the password validators. Someone else resetting the password of
    an account that holds a case role makes a request (the new password kept as a hash
    until a coordinator decides); otherwise it takes effect at once, and the account's
    sessions end (Django ties a session to the password hash). Disabling a password only
    takes sight away: at once. Audited without the password.
    """
    if password is None:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        audit_log(actor=actor, action="user.password_disable", obj=user,
                  role=account_access(actor).role)  # fmt: skip
        return None
    validate_password(password, user)
    if credential_reset_needs_approval(actor, user):
        return _account_request_create(
            actor=actor,
            user=user,
            kind=AccountRequest.Kind.PASSWORD,
            password_hash=make_password(password),
        )
    user.set_password(password)
    with credential_write_allowed():
        user.save(update_fields=["password"])
    audit_log(actor=actor, action="user.password_set", obj=user, role=account_access(actor).role)
    return None


@transaction.atomic
def second_factor_reset(*, actor: User | None, user: User) -> AccountRequest | None:
    """Remove an account's second factor (a lost phone); its user enrols again at the next
    sign-in, and every session of theirs stops being verified at once.

    Rules: someone else resetting it on an account that holds a case role makes a request
    for a coordinator to approve; otherwise at once. Audited.
    """
    if credential_reset_needs_approval(actor, user):
        return _account_request_create(
            actor=actor, user=user, kind=AccountRequest.Kind.SECOND_FACTOR
        )
    _second_factor_clear(user)
    audit_log(
        actor=actor, action="user.second_factor_reset", obj=user, role=account_access(actor).role
    )
    return None


def _second_factor_clear(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.second_factor_since = None
    user.save(update_fields=["second_factor_since"])


def _account_request_create(
    *,
    actor: User | None,
    user: User,
    kind: str,
    roles: list[str] | None = None,
    organisation: Organisation | None = None,
    password_hash: str = "",
) -> AccountRequest:
    """A pending request; an earlier pending one of the same kind for the account is
    replaced (the latest word of the requester stands). Audited."""
    replaced = AccountRequest.objects.filter(
        user=user, kind=kind, status=AccountRequest.Status.PENDING
    )
    for old in replaced.select_for_update():
        old.status = AccountRequest.Status.SUPERSEDED
        old.password_hash = ""
        old.save(update_fields=["status", "password_hash"])
    request = AccountRequest(
        user=user,
        kind=kind,
        roles=roles or [],
        organisation=organisation,
        password_hash=password_hash,
        requested_by=actor if actor is not None and actor.pk else None,
    )
    request.full_clean()
    request.save()
    audit_log(
        actor=actor,
        action="account_request.create",
        obj=request,
        role=account_access(actor).role,
        detail=_request_detail(request),
    )
    return request


def _request_detail(request: AccountRequest) -> dict[str, object]:
    detail: dict[str, object] = {"kind": request.kind}
    if request.roles:
        detail["roles"] = list(request.roles)
    if request.organisation_id is not None:
        detail["organisation"] = request.organisation_id
    return detail


@transaction.atomic
def account_request_decide(
    *, actor: User, request: AccountRequest, approve: bool
) -> AccountRequest:
    """Approve or refuse an account request (separation of duties).

    Rules (core.permissions.account_request_access): an active coordinator, not the
    requester, not the account concerned, and the request still pending. Approval applies
    it: the roles granted (and the new organisation), the password hash, or the second
    factor removed. The account's own rules are checked again at that moment (e.g. it has
    become an administrator since). Audited with the decision; a pending password hash is
    dropped either way.
    """
    request = AccountRequest.objects.select_for_update().get(pk=request.pk)
    if not account_request_access(actor, request).view:
        raise ApplicationError(
            "account_request.not_allowed", _("Only a coordinator decides this."), status=403
        )
    problem = account_request_problem(actor, request)
    if problem is not None:
        code, message = problem
        raise ApplicationError(
            code, message, status=409 if code == "account_request.decided" else 403
        )
    user = User.objects.select_for_update().get(pk=request.user_id)
    code = ""
    if approve:
        code = _account_request_apply(actor=actor, request=request, user=user)
    request.status = AccountRequest.Status.APPROVED if approve else AccountRequest.Status.REFUSED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.password_hash = ""
    request.save(update_fields=["status", "decided_by", "decided_at", "password_hash"])
    audit_log(
        actor=actor,
        action="account_request.approve" if approve else "account_request.refuse",
        obj=request,
        role=APPROVER_ROLE,
        detail=_request_detail(request),
    )
    request.handover_code = code
    return request


def _account_request_apply(*, actor: User, request: AccountRequest, user: User) -> str:
    """Apply an approved request; returns the one-time hand-over code it made, if any."""
    if request.kind == AccountRequest.Kind.ROLES:
        fields = [ROLE_FIELDS[Role(role)] for role in request.roles]
        for field in fields:
            setattr(user, field, True)
        if request.organisation_id is not None:
            user.organisation_id = request.organisation_id
            fields.append("organisation")
        user.is_staff = user.is_superuser or user.has_role(Role.ADMIN)
        user.full_clean()
        user.save()
        audit_log(actor=actor, action="user.update", obj=user, role=APPROVER_ROLE,
                  detail={"fields": sorted(fields)})  # fmt: skip
        # Whoever set the password (an administrator) must not enrol their own
        # authenticator: the person enrols again with the coordinator's code.
        _second_factor_clear(user)
        return _handover_code(user)
    if request.kind == AccountRequest.Kind.PASSWORD:
        user.password = request.password_hash
        with credential_write_allowed():  # approved
            user.save(update_fields=["password"])
        audit_log(actor=actor, action="user.password_set", obj=user, role=APPROVER_ROLE)
        return ""  # the account's own authenticator still stands guard
    _second_factor_clear(user)
    audit_log(actor=actor, action="user.second_factor_reset", obj=user, role=APPROVER_ROLE)
    return _handover_code(user)


HANDOVER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def _handover_code(user: User) -> str:
    """A one-time code (12 characters, about 59 bits) for the approving coordinator to
    hand to the person, in person or by phone: enrolling an authenticator needs it. Only
    its hash is kept; a new one replaces the old."""
    chars = "".join(secrets.choice(HANDOVER_ALPHABET) for _ in range(12))
    user.enrolment_code_hash = make_password(chars)
    user.save(update_fields=["enrolment_code_hash"])
    return "-".join(chars[i : i + 4] for i in range(0, 12, 4))


@transaction.atomic
def coordinator_bootstrap(*, user: User) -> User:
    """Make the first coordinator of a new deployment (`manage.py bootstrap_coordinator`):
    no one could approve that request. Refused once an active coordinator exists, so it
    never bypasses the rule afterwards. Audited (by the system)."""
    if User.objects.select_for_update().filter(is_active=True, is_coordinator=True).exists():
        raise ApplicationError(
            "account.coordinator_exists",
            _("There is already a coordinator: ask them to approve the request."),
            status=409,
        )
    user.is_coordinator = True
    user.full_clean()
    user.save()
    audit_log(actor=None, action="user.bootstrap_coordinator", obj=user)
    return user


@transaction.atomic
def second_factor_enrolment_start(*, user: User, key: str | None = None) -> TOTPDevice:
    """The authenticator key offered at enrolment: one unconfirmed device per account,
    kept until confirmed (so reloading the page shows the same key). `key` (hex) only for
    the demo accounts' published key."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        extra = {"key": key} if key is not None else {}
        device = TOTPDevice.objects.create(
            user=user, name="authenticator", confirmed=False, **extra
        )
    return device


@transaction.atomic
def second_factor_enrol(
    *, user: User, device: TOTPDevice, handover_code: str | None = None
) -> list[str]:
    """Confirm the authenticator (its code was checked by the caller) and make ten
    recovery codes, each usable once: returned to be shown once. Any earlier device of the
    account goes. Audited.

    After a coordinator approved a case role or a second-factor reset, the one-time code
    they handed over is needed too (`_handover_code`), and is spent."""
    if user.enrolment_code_hash:
        typed = "".join(c for c in (handover_code or "").upper() if c.isalnum())
        if not check_password(typed, user.enrolment_code_hash):
            raise ApplicationError(
                "second_factor.handover_code",
                _("That is not the set-up code your coordinator gave you."),
                field="handover_code",
                status=403,
            )
        user.enrolment_code_hash = ""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=user).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_make(user)
    user.second_factor_since = timezone.now()
    user.save(update_fields=["second_factor_since", "enrolment_code_hash"])
    audit_log(actor=user, action="user.second_factor_enrol", obj=user)
    return codes


RECOVERY_CODES = 10


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    """Ten new recovery codes for the user's own account (the old ones stop working),
    returned to be shown once. Rules: the account has a second factor; the caller checked
    that this session passed it (the page is not open before the code). Audited."""
    if user.second_factor_since is None:
        raise ApplicationError(
            "second_factor.not_set_up", _("Set up your second factor first."), status=409
        )
    codes = recovery_codes_make(user)
    audit_log(actor=user, action="user.recovery_codes_renew", obj=user)
    return codes


def recovery_codes_make(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


@transaction.atomic
def second_factor_verify(*, user: User, code: str) -> bool:
    """Check a code from the authenticator (usable once: a code at or before the last
    accepted time step is refused) or a recovery code (deleted once used). Repeated
    failures slow the device down (django-otp's throttling). A success is audited, saying
    whether a recovery code was used."""
    code = "".join(code.split()).lower()
    if user.second_factor_since is None:
        return False
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if code.isdigit() and device.verify_token(code):
            audit_log(actor=user, action="user.second_factor_verify", obj=user,
                      detail={"method": "totp"})  # fmt: skip
            return True
    for static in StaticDevice.objects.filter(user=user, confirmed=True):
        if not code.isdigit() and static.verify_token(code):
            audit_log(actor=user, action="user.second_factor_verify", obj=user,
                      detail={"method": "recovery_code"})  # fmt: skip
            return True
    return False


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
