"""Who may read and keep the service map and the information windows: the one place these
rules live. Each access carries the role it was granted under (what the audit records)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from core.models import Organisation
from core.permissions import NONE, Access
from core.roles import Role

from .models import ServicePoint

# The roles whose holders keep their own organisation's entries on the map.
MAP_KEEPERS = (Role.FOCAL_POINT, Role.SERVICE_PROVIDER, Role.COUNTER_TRAFFICKING)


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _keeper_role(user: Any) -> Role | None:
    return next((role for role in MAP_KEEPERS if user.has_role(role)), None)


def service_point_access(user: Any, point: ServicePoint) -> Access:
    """A service point on the internal map.

    Rules: every active signed-in account reads the whole map (it is contact data of the
    organisations, not personal data); a coordinator changes every point; a focal point,
    service provider or counter-trafficking officer changes the points of their own
    organisation only; nobody else changes any. The public never comes here: it reads
    published points through `selectors.published_points`.
    """
    if not _active(user):
        return NONE
    if user.has_role(Role.COORDINATOR):
        return Access(view=True, change=True, role=Role.COORDINATOR)
    role = _keeper_role(user)
    if role is not None and user.organisation_id == point.organisation_id:
        return Access(view=True, change=True, role=role)
    return Access(view=True)


def editable_service_points(user: Any, points: QuerySet[ServicePoint]) -> QuerySet[ServicePoint]:
    """`points` narrowed to those the user may change (the edit pages look a point up
    here, so another organisation's point answers 404, like one that does not exist)."""
    if not _active(user):
        return points.none()
    if user.has_role(Role.COORDINATOR):
        return points
    if _keeper_role(user) is None or user.organisation_id is None:
        return points.none()
    return points.filter(organisation_id=user.organisation_id)


def service_point_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations whose points the user may add: every active one for a
    coordinator, their own for a keeper, none for anyone else."""
    active = Organisation.objects.filter(is_active=True)
    if not _active(user):
        return active.none()
    if user.has_role(Role.COORDINATOR):
        return active
    if _keeper_role(user) is None:
        return active.none()
    return active.filter(pk=user.organisation_id)


def may_read_map(user: Any) -> bool:
    """The internal map: every active signed-in account."""
    return _active(user)


def may_keep_map(user: Any) -> bool:
    """Adding points: the coordinator and the keepers of each organisation's entries."""
    return _active(user) and (user.has_role(Role.COORDINATOR) or _keeper_role(user) is not None)


def may_edit_service_point(user: Any, point: ServicePoint) -> bool:
    return service_point_access(user, point).change


def info_window_access(user: Any) -> Access:
    """Information windows and their texts (public pages): the coordinator writes and
    publishes them; the staff pages are the coordinator's alone (404 for anyone else).
    The public reads published windows without signing in."""
    if _active(user) and user.has_role(Role.COORDINATOR):
        return Access(view=True, change=True, role=Role.COORDINATOR)
    return NONE


def may_edit_info_windows(user: Any) -> bool:
    return info_window_access(user).change
