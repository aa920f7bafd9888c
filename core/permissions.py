"""Access rules for accounts and reference data, and the one way views fetch an object.

Case apps define their own `<model>_access(user, obj)` next to their models; all of them
return an `Access` and go through `get_object_for_or_404`, so an object the user may not
see answers exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from guardian.shortcuts import get_group_perms, get_user_perms

from .roles import CASE_ROLES, Role

M = TypeVar("M", bound=Model)


class Grants(Protocol):
    """What every access object has (`Access`, and each case app's own)."""

    @property
    def view(self) -> bool: ...


G = TypeVar("G", bound=Grants)


@dataclass(frozen=True)
class Access:
    view: bool = False
    change: bool = False
    role: str = ""  # the role this access was granted under: what the audit trail records


NONE = Access()
SUPERUSER = "superuser"  # the audit role of the break-glass account


def account_access(user: Any) -> Access:
    """Accounts, organisations and reference data (the admin site).

    Rules: an active user holding the administrator role, or the break-glass superuser
    (to create the first organisations and administrators). Neither reads cases: case
    access functions ask for case roles and grants, never for these.
    """
    if user is None or not (user.is_authenticated and user.is_active):
        return NONE
    if user.has_role(Role.ADMIN):
        return Access(view=True, change=True, role=Role.ADMIN)
    if user.is_superuser:
        return Access(view=True, change=True, role=SUPERUSER)
    return NONE


def can_manage_accounts(user: Any) -> bool:
    return account_access(user).change


def api_key_access(user: Any) -> Access:
    """Statistics API keys are issued and revoked by coordinators."""
    if user is None or not (user.is_authenticated and user.is_active):
        return NONE
    if user.has_role(Role.COORDINATOR):
        return Access(view=True, change=True, role=Role.COORDINATOR)
    return NONE


def audit_trail_access(user: Any) -> Access:
    """The audit trail (who read or changed which case, when): ids and codes, no content.

    Rules: an active auditor (a role that reads the trail and never a case), or an active
    coordinator (who is told of unusual reading and must be able to look). No one else,
    administrators included: they manage the accounts whose use the trail records. Events
    about a case the user is recused from are left out by the selector, not here.
    """
    if user is None or not (user.is_authenticated and user.is_active):
        return NONE
    if user.has_role(Role.AUDITOR):
        return Access(view=True, role=Role.AUDITOR)
    if user.has_role(Role.COORDINATOR):
        return Access(view=True, role=Role.COORDINATOR)
    return NONE


def integration_key_access(user: Any, key: Any = None) -> Access:
    """Integration keys (an API key acting as a user). Without `key`: whether the user may
    issue keys for themself; with it: whether they may see and revoke that key.

    Rules: an active focal point or coordinator (the roles that log complaints) issues
    keys for themself only, so no one holds a key acting as someone else (an
    administrator least of all: they hold no case role). A holder sees and revokes
    their own keys; an active coordinator sees and revokes every integration key.
    No one else, administrators included.
    """
    if user is None or not (user.is_authenticated and user.is_active):
        return NONE
    if key is not None and user.has_role(Role.COORDINATOR):
        return Access(view=True, change=True, role=Role.COORDINATOR)
    for role in (Role.COORDINATOR, Role.FOCAL_POINT):
        if user.has_role(role) and (key is None or key.user_id == user.pk):
            return Access(view=True, change=True, role=role)
    return NONE


def has_grant(user: Any, codename: str, obj: Model) -> bool:
    """A per-object grant (django-guardian) to the user or to one of their groups.

    Unlike `user.has_perm`, superuser status does not count: case access is given
    object by object, never by a flag.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    return (
        get_user_perms(user, obj).filter(codename=codename).exists()
        or get_group_perms(user, obj).filter(codename=codename).exists()
    )


def get_object_and_access_or_404(
    user: Any,
    queryset: QuerySet[M],
    access: Callable[[Any, M], G],
    *,
    need: str = "view",
    **lookup: Any,
) -> tuple[M, G]:
    """The object and the user's access to it, by the one rule every view follows:

    - it does not exist, or the user may not view it: Http404, the same answer for both;
    - the user may view it but not do `need` (an attribute of the access, e.g. "change"):
      PermissionDenied (403).
    """
    try:
        obj = queryset.get(**lookup)
    # The plugin gives DoesNotExist to concrete models only, not to the bound of M.
    except (queryset.model.DoesNotExist, ValidationError, ValueError, TypeError):  # type: ignore[attr-defined]
        raise Http404 from None
    granted = access(user, obj)
    if not granted.view:
        raise Http404
    if not getattr(granted, need):
        raise PermissionDenied
    return obj, granted


def get_object_for_or_404(
    user: Any, queryset: QuerySet[M], access: Callable[[Any, M], Grants], **lookup: Any
) -> M:
    """The object, or Http404 if it does not exist *or* the user may not view it."""
    return get_object_and_access_or_404(user, queryset, access, **lookup)[0]


# --- Separation of duties: the one statement of the rule -----------------------------------
#
# Whoever manages accounts must never be able to give themself (or an account they control)
# sight of cases. So these changes are requests that take effect only when a second person
# approves them (core.services.account_request_decide applies them):
# - granting a case role (`CASE_ROLES`, core/roles.py: a role joins the rule by being listed
#   there), on a new account or an existing one;
# - moving an account that holds a case role to another organisation (what it reads changes);
# - resetting the password or the second factor of an account that holds a case role, by
#   anyone but the account's own user.
# Removing a role or deactivating an account takes no one: it only takes sight away.
# The approver is an active coordinator who is neither the requester nor the account
# concerned. Nobody is exempt: the break-glass superuser and the system (commands) request
# like anyone else; only the very first coordinator is made by `bootstrap_coordinator`.
APPROVER_ROLE = Role.COORDINATOR


def case_roles_granted(before: Iterable[Role], after: Iterable[Role]) -> frozenset[Role]:
    """The case roles a change from `before` to `after` would give: they need approval."""
    return (frozenset(after) - frozenset(before)) & CASE_ROLES


def holds_case_role(roles: Iterable[Role]) -> bool:
    """An account holding one of these needs approval for a move or a credential reset."""
    return bool(frozenset(roles) & CASE_ROLES)


def credential_reset_needs_approval(actor: Any, user: Any) -> bool:
    """Resetting `user`'s password or second factor: a request unless the account holds no
    case role, or `actor` is the account's own user (changing their own credentials)."""
    if actor is not None and getattr(actor, "pk", None) == user.pk:
        return False
    return holds_case_role(user.roles)


def account_request_problem(user: Any, request: Any) -> tuple[str, str] | None:
    """Why `user` may not decide `request` (a code and a message), or None if they may."""
    if request.status != "pending":
        return "account_request.decided", _("This request has already been decided.")
    if request.requested_by_id is not None and request.requested_by_id == user.pk:
        return "account_request.own_request", _("You cannot decide your own request.")
    if request.user_id == user.pk:
        return "account_request.own_account", _(
            "You cannot decide a request about your own account."
        )
    return None


def account_request_access(user: Any, request: Any) -> Access:
    """Account requests (separation of duties, the rule above).

    Rules: active coordinators see every request (nobody else, administrators included:
    404); they decide one that is pending, that they did not make and that is not about
    their own account (else 403: they may read it, not decide it).
    """
    if not can_decide_account_requests(user):
        return NONE
    return Access(
        view=True,
        change=account_request_problem(user, request) is None,
        role=APPROVER_ROLE,
    )


def can_decide_account_requests(user: Any) -> bool:
    """Whether the user is one of those who decide account requests: an active
    coordinator (the page of requests, the count on their home page)."""
    if user is None or not (user.is_authenticated and user.is_active):
        return False
    return bool(user.has_role(APPROVER_ROLE))
