"""Who may do what to a referral: the one place these rules live.

Both access functions are case rules (`complaints.permissions.case_rule`): they run only
past the case gate, so a recused user sees no referral of the case, of either kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from complaints.models import Consent
from complaints.permissions import case_rule
from core.models import User
from core.roles import Role
from core.selectors import role_holders

from .models import AssistanceReferral, InvestigationReferral


@dataclass(frozen=True)
class ReferralAccess:
    view: bool = False
    act: bool = False  # acknowledge / report status; or, for a provider, respond
    manage: bool = False  # withdraw, re-route (coordinator)
    role: str = ""  # the role this access was granted under: what the audit trail records


NONE = ReferralAccess()


def handler_role(organisation_id: int) -> Role:
    """Who acts for an agency on a referral: its investigators; its focal points when it
    has no active investigator. The one place this rule is written."""
    has_investigators = User.objects.filter(
        organisation_id=organisation_id, is_investigator=True, is_active=True
    ).exists()
    return Role.INVESTIGATOR if has_investigators else Role.FOCAL_POINT


def agency_handlers(organisation_id: int) -> QuerySet[User]:
    """The active accounts that act for the agency on its referrals (`handler_role`)."""
    return role_holders(handler_role(organisation_id)).filter(organisation_id=organisation_id)


def acts_for_agency(user: Any, organisation_id: int | None) -> bool:
    """The user acts on referrals to this agency (`handler_role`)."""
    if organisation_id is None or user.organisation_id != organisation_id:
        return False
    if not (user.has_role(Role.INVESTIGATOR) or user.has_role(Role.FOCAL_POINT)):
        return False
    return user.has_role(handler_role(organisation_id))


@case_rule(lambda referral: referral.complaint, NONE)
def investigation_access(user: Any, referral: InvestigationReferral) -> ReferralAccess:
    """Rules (after the case gate):

    1. The coordinator sees and manages every referral (manage while it is not withdrawn).
    2. The referred agency's handlers (`handler_role`) see and act on it until it is
       withdrawn.
    3. Nobody else.
    """
    if user.has_role(Role.COORDINATOR):
        return ReferralAccess(
            view=True, manage=referral.withdrawn_at is None, role=Role.COORDINATOR
        )
    if referral.withdrawn_at is None and acts_for_agency(user, referral.organisation_id):
        role = Role.INVESTIGATOR if user.has_role(Role.INVESTIGATOR) else Role.FOCAL_POINT
        return ReferralAccess(view=True, act=True, role=role)
    return NONE


@case_rule(lambda referral: referral.complaint, NONE)
def assistance_access(user: Any, referral: AssistanceReferral) -> ReferralAccess:
    """Rules (after the case gate):

    1. The coordinator sees and manages every assistance referral.
    2. Service providers of the provider organisation see and answer the ones sent to it
       (the survivor's contact and the needs written for it, nothing else of the case),
       while the survivor's consent to that service stands: withdrawn, it is gone.
    3. Nobody else.
    """
    if user.has_role(Role.COORDINATOR):
        return ReferralAccess(view=True, manage=True, role=Role.COORDINATOR)
    if (
        user.has_role(Role.SERVICE_PROVIDER)
        and user.organisation_id == referral.provider_id
        and service_consented(referral)
    ):
        return ReferralAccess(view=True, act=True, role=Role.SERVICE_PROVIDER)
    return NONE


def service_consented(referral: AssistanceReferral) -> bool:
    """The survivor's consent to the referral's service stands."""
    return (
        Consent.objects.standing()
        .filter(survivor_id=referral.survivor_id, scope=referral.service)
        .exists()
    )


def with_service_consent(referrals: QuerySet[AssistanceReferral]) -> QuerySet[AssistanceReferral]:
    """The referrals whose survivor's consent to the service stands (list scoping)."""
    return referrals.filter(
        Exists(
            Consent.objects.standing().filter(
                survivor=OuterRef("survivor"), scope=OuterRef("service")
            )
        )
    )


def may_open_investigation_inbox(user: Any) -> bool:
    return any(
        user.has_role(role) for role in (Role.INVESTIGATOR, Role.FOCAL_POINT, Role.COORDINATOR)
    )


def may_open_assistance_inbox(user: Any) -> bool:
    return user.has_role(Role.SERVICE_PROVIDER) or user.has_role(Role.COORDINATOR)
