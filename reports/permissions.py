"""Who may read the reports: page-level predicates (no case-level object lives here)."""

from __future__ import annotations

from typing import Any

from core.permissions import api_key_access
from core.roles import Role


def may_view_dashboard(user: Any) -> bool:
    """The coordinator's dashboard shows case references: coordinators only."""
    return bool(user.is_authenticated) and user.has_role(Role.COORDINATOR)


def may_manage_api_keys(user: Any) -> bool:
    return api_key_access(user).change


def may_read_statistics(user: Any) -> bool:
    """Signed-in analysts and coordinators (API keys are checked by the API itself)."""
    return bool(user and user.is_authenticated) and (
        user.has_role(Role.ANALYST) or user.has_role(Role.COORDINATOR)
    )


API_KEY = "api_key"  # the audit role of a call made with an organisation's API key


def statistics_role(user: Any) -> str:
    """The role a signed-in statistics reader reads under (what the audit trail records);
    a call with an API key is recorded as API_KEY."""
    return Role.COORDINATOR if user.has_role(Role.COORDINATOR) else Role.ANALYST
