"""Roles a user can hold. A role is a capability; pages ask access functions, not roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FOCAL_POINT = "focal_point", _("Focal point")
    COORDINATOR = "coordinator", _("Coordinator")
    INVESTIGATOR = "investigator", _("Investigator")
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    ANALYST = "analyst", _("Analyst")
    ADMIN = "admin", _("Administrator")
    # Reads the audit trail (who read or changed which case, when), never a case itself.
    AUDITOR = "auditor", _("Auditor")
    # Keeps the victim-of-trafficking registry and assistance plans of their organisation
    # (DOMAIN.md section 10).
    COUNTER_TRAFFICKING = "counter_trafficking", _("Counter-trafficking officer")


# The User column that records each role.
ROLE_FIELDS: dict[Role, str] = {
    Role.FOCAL_POINT: "is_focal_point",
    Role.COORDINATOR: "is_coordinator",
    Role.INVESTIGATOR: "is_investigator",
    Role.SERVICE_PROVIDER: "is_service_provider",
    Role.ANALYST: "is_analyst",
    Role.ADMIN: "is_account_admin",
    Role.AUDITOR: "is_auditor",
    Role.COUNTER_TRAFFICKING: "is_counter_trafficking",
}

# Roles that read case content. Separation of duties: whoever manages accounts holds none
# of them, so an administrator can never read a case, even by granting themself a role.
CASE_ROLES = frozenset(
    {
        Role.FOCAL_POINT,
        Role.COORDINATOR,
        Role.INVESTIGATOR,
        Role.SERVICE_PROVIDER,
        # Not case content, but who read which case and when: granted like a case role.
        Role.AUDITOR,
        Role.COUNTER_TRAFFICKING,
    }
)
