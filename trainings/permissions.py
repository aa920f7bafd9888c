"""Who may plan and record trainings."""

from core.roles import Role
from focalpoints.permissions import may_view_registry


def may_view_trainings(user) -> bool:
    """Network members see sessions and reports (no community member is ever named)."""
    return may_view_registry(user)


def may_plan_sessions(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.has_role(Role.COORDINATOR) or user.has_role(Role.FOCAL_POINT))
    )


def may_change_session(user, session) -> bool:
    """Coordinators, and focal points of the organising agency."""
    if not may_plan_sessions(user):
        return False
    return user.has_role(Role.COORDINATOR) or user.organisation_id == session.organisation_id


def may_manage_modules(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(Role.COORDINATOR))
