"""Who may see and change the registry, meetings, assessments and safe-hiring records."""

from typing import Any

from core.models import Organisation
from core.roles import Role

from .models import Assessment


def may_view_registry(user: Any) -> bool:
    """Network members (any active account of a member organisation) see the full registry."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (
            user.has_role(Role.COORDINATOR)
            or (user.organisation and user.organisation.network_member)
        )
    )


def may_edit_registry(user: Any, organisation: Organisation) -> bool:
    """Coordinators edit every agency's entries; an agency's focal points edit their own."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.has_role(Role.COORDINATOR):
        return True
    return user.has_role(Role.FOCAL_POINT) and user.organisation_id == organisation.pk


def may_manage_network(user: Any) -> bool:
    """Meetings and partner assessments are the coordinator's."""
    return bool(user.is_authenticated and user.is_active and user.has_role(Role.COORDINATOR))


def may_view_assessment(user: Any, assessment: Assessment) -> bool:
    """The coordinator, and the assessed partner's own focal points."""
    return may_manage_network(user) or (
        user.is_authenticated
        and user.has_role(Role.FOCAL_POINT)
        and user.organisation_id == assessment.organisation_id
    )


def may_record_safe_hiring(user: Any, organisation: Organisation) -> bool:
    return may_edit_registry(user, organisation)
