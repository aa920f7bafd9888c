"""Access rules for accounts and reference data, and the one way views fetch an object.

Case apps define their own `<model>_access(user, obj)` next to their models; all of them
return an `Access` and go through `get_object_for_or_404`, so an object the user may not
see answers exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from .roles import Role


M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Access:
    view: bool = False
    change: bool = False


NO_ACCESS = Access()


def can_manage_accounts(user) -> bool:
    """Administrators manage users, organisations and reference data.

    Rules: an active user holding the administrator role. Superuser status alone is
    not enough, and no role that reads cases comes with it.
    """
    return bool(user.is_authenticated and user.has_role(Role.ADMIN))


def user_access(actor, target) -> Access:
    """Rules: administrators view and change any account except their own roles (see
    `core.services.user_save`); every user views their own account."""
    if can_manage_accounts(actor):
        return Access(view=True, change=True)
    if actor.is_authenticated and actor.pk == target.pk:
        return Access(view=True)
    return NO_ACCESS


def get_object_for_or_404(
    user,
    queryset: QuerySet[M],
    access: Callable[[object, M], Access],
    **lookup,
) -> M:
    """The object, or Http404 if it does not exist *or* the user may not view it."""
    try:
        obj = queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not access(user, obj).view:
        raise Http404
    return obj
