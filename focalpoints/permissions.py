"""Who may see and change the registry, meetings, assessments and safe-hiring records:
the one place these rules live. Each access carries the role it was granted under, which
is what the audit trail records."""

from typing import Any

from core.models import Organisation
from core.permissions import NONE, Access
from core.roles import Role

from .models import Assessment, FocalPoint


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def registry_access(user: Any, organisation: Organisation | None = None) -> Access:
    """The registry (of one agency when `organisation` is given).

    Rules: coordinators see it all and change every agency's entries; any active account
    of a network member organisation sees it; an agency's focal points change their own
    agency's entries (and its safe-hiring records); nobody else.
    """
    if not _active(user):
        return NONE
    if user.has_role(Role.COORDINATOR):
        return Access(view=True, change=True, role=Role.COORDINATOR)
    member = bool(user.organisation and user.organisation.network_member)
    own = (
        organisation is not None
        and user.has_role(Role.FOCAL_POINT)
        and user.organisation_id == organisation.pk
    )
    if own:
        return Access(view=True, change=True, role=Role.FOCAL_POINT)
    return Access(view=member)


def focal_point_access(user: Any, focal_point: FocalPoint) -> Access:
    """A focal point's entry: as its agency's registry (`registry_access`)."""
    return registry_access(user, focal_point.organisation)


def network_access(user: Any) -> Access:
    """Meetings: network members read them; meetings, action points and partner
    assessments are kept by the coordinator."""
    if not _active(user):
        return NONE
    if user.has_role(Role.COORDINATOR):
        return Access(view=True, change=True, role=Role.COORDINATOR)
    return Access(view=registry_access(user).view)


def assessment_access(user: Any, assessment: Assessment) -> Access:
    """A partner assessment: the coordinator, and the assessed partner's own focal points
    (read only)."""
    if not _active(user):
        return NONE
    if user.has_role(Role.COORDINATOR):
        return Access(view=True, change=True, role=Role.COORDINATOR)
    if user.has_role(Role.FOCAL_POINT) and user.organisation_id == assessment.organisation_id:
        return Access(view=True, role=Role.FOCAL_POINT)
    return NONE


# Page-level predicates, from the access functions above.


def may_view_registry(user: Any) -> bool:
    """Network members (any active account of a member organisation) see the full registry."""
    return registry_access(user).view


def may_edit_registry(user: Any, organisation: Organisation) -> bool:
    """Coordinators edit every agency's entries; an agency's focal points edit their own."""
    return registry_access(user, organisation).change


def may_keep_registry_entries(user: Any) -> bool:
    """The pages that add entries and safe-hiring records: coordinators and focal points
    (each for the organisations `core.selectors.organisations_acted_for` gives)."""
    return _active(user) and (user.has_role(Role.COORDINATOR) or user.has_role(Role.FOCAL_POINT))


def may_manage_network(user: Any) -> bool:
    """Meetings and partner assessments are the coordinator's."""
    return network_access(user).change


def may_record_safe_hiring(user: Any, organisation: Organisation) -> bool:
    return registry_access(user, organisation).change
