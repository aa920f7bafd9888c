"""Who may plan and record trainings."""

from typing import Any

from core.roles import Role
from focalpoints.permissions import may_view_registry

from .models import Session


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
    if not may_plan_sessions(user):
        return False
    return user.has_role(Role.COORDINATOR) or user.organisation_id == session.organisation_id


def may_manage_modules(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(Role.COORDINATOR))
