"""Access rules for accounts and reference data, and the one way views fetch an object.

Case apps define their own `<model>_access(user, obj)` next to their models; all of them
return an `Access` and go through `get_object_for_or_404`, so an object the user may not
see answers exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from guardian.shortcuts import get_group_perms, get_user_perms

from .roles import Role

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
