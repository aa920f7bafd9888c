"""Who may plan and record trainings: the one place these rules live. Each access carries
the role it was granted under, which is what the audit trail records."""

from typing import Any

from core.permissions import NONE, Access
from core.roles import Role
from focalpoints.permissions import may_view_registry

from .models import Session


def session_access(user: Any, session: Session) -> Access:
    """Rules: network members see every session (no community member is ever named);
    coordinators change every session; focal points change their own agency's."""
    if not may_view_registry(user):
        return NONE
    if user.has_role(Role.COORDINATOR):
        return Access(view=True, change=True, role=Role.COORDINATOR)
    if user.has_role(Role.FOCAL_POINT) and user.organisation_id == session.organisation_id:
        return Access(view=True, change=True, role=Role.FOCAL_POINT)
    return Access(view=True)


def module_access(user: Any) -> Access:
    """Modules: network members read them; coordinators keep them."""
    if not may_view_registry(user):
        return NONE
    if user.has_role(Role.COORDINATOR):
        return Access(view=True, change=True, role=Role.COORDINATOR)
    return Access(view=True)


# Page-level predicates.


def may_view_trainings(user: Any) -> bool:
    """Network members see sessions and reports (no community member is ever named)."""
    return may_view_registry(user)


def may_plan_sessions(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.has_role(Role.COORDINATOR) or user.has_role(Role.FOCAL_POINT))
    )


def may_change_session(user: Any, session: Session) -> bool:
    """Coordinators, and focal points of the organising agency."""
    return session_access(user, session).change


def may_manage_modules(user: Any) -> bool:
    return module_access(user).change
