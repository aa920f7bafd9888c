"""Reads of referrals, scoped to the user in one place."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from complaints.models import Complaint
from core.roles import Role

from .models import AssistanceReferral, InvestigationReferral
from .permissions import acts_for_agency, with_service_consent


def investigation_referrals_for(user: Any) -> QuerySet[InvestigationReferral]:
    """Coordinators: all. An agency's investigators (its focal points when it has none):
    the open referrals to their agency. Nobody else. Recused users never see the case."""
    base = InvestigationReferral.objects.select_related("complaint", "organisation")
    if not (user.is_authenticated and user.is_active):
        return base.none()
    base = base.exclude(complaint__recusals__user=user)
    if user.has_role(Role.COORDINATOR):
        return base
    if acts_for_agency(user, user.organisation_id):
        return base.filter(organisation_id=user.organisation_id, withdrawn_at__isnull=True)
    return base.none()


def assistance_referrals_for(user: Any) -> QuerySet[AssistanceReferral]:
    base = AssistanceReferral.objects.select_related(
        "complaint", "provider", "survivor__data_key", "data_key"
    )
    if not (user.is_authenticated and user.is_active):
        return base.none()
    base = base.exclude(complaint__recusals__user=user)
    if user.has_role(Role.COORDINATOR):
        return base
    if user.has_role(Role.SERVICE_PROVIDER) and user.organisation_id:
        return with_service_consent(base.filter(provider_id=user.organisation_id))
    return base.none()


def referrals_of_complaint(
    complaint: Complaint,
) -> tuple[list[InvestigationReferral], list[AssistanceReferral]]:
    return (
        list(complaint.investigation_referrals.select_related("organisation")),
        list(complaint.assistance_referrals.select_related("provider")),
    )
