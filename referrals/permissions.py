"""Who may do what to a referral: the one place these rules live."""

from __future__ import annotations

from dataclasses import dataclass

from core.roles import Role

from .models import AssistanceReferral, InvestigationReferral


@dataclass(frozen=True)
class ReferralAccess:
    view: bool = False
    act: bool = False  # acknowledge / report status; or, for a provider, respond
    manage: bool = False  # withdraw, re-route (coordinator)


NONE = ReferralAccess()


def investigation_access(user, referral: InvestigationReferral) -> ReferralAccess:
    """Rules: the coordinator sees and manages every referral; the referred agency's
    investigators (its focal points when it has none) see and act on it until it is
    withdrawn; nobody else, and a recused user never."""
    from complaints.permissions import is_recused

    if not (user.is_authenticated and user.is_active) or is_recused(user, referral.complaint):
        return NONE
    if user.has_role(Role.COORDINATOR):
        return ReferralAccess(view=True, manage=referral.withdrawn_at is None)
    if referral.withdrawn_at is not None or user.organisation_id != referral.organisation_id:
        return NONE
    if user.has_role(Role.INVESTIGATOR):
        return ReferralAccess(view=True, act=True)
    if user.has_role(Role.FOCAL_POINT) and not _agency_has_investigators(referral):
        return ReferralAccess(view=True, act=True)
    return NONE


def _agency_has_investigators(referral) -> bool:
    from .grants import recipients

    return recipients(referral.organisation).filter(is_investigator=True).exists()


def assistance_access(user, referral: AssistanceReferral) -> ReferralAccess:
    """Rules: the coordinator sees and manages every assistance referral; service
    providers of the provider organisation see and answer the ones sent to it (contact
    and needs only); nobody else."""
    if not (user.is_authenticated and user.is_active):
        return NONE
    if user.has_role(Role.COORDINATOR):
        return ReferralAccess(view=True, manage=True)
    if user.has_role(Role.SERVICE_PROVIDER) and user.organisation_id == referral.provider_id:
        return ReferralAccess(view=True, act=True)
    return NONE
