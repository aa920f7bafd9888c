"""Reads of referrals, scoped to the user in one place."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from complaints import codes
from complaints.models import Complaint, Person
from complaints.permissions import ComplaintAccess, referred_agency_view
from core.errors import ApplicationError
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


def investigation_package(
    referral: InvestigationReferral, role: str
) -> tuple[Complaint, ComplaintAccess, list[Person]]:
    """The case as the referred agency may see it, for its referral package: the complaint,
    the agency's access to it, and its persons. A withdrawn referral or a closed case gives
    the agency nothing more to see, so there is nothing to export."""
    if referral.withdrawn_at is not None:
        raise ApplicationError(
            "package.withdrawn",
            _("This referral was withdrawn: the agency no longer sees the case."),
            status=409,
        )
    complaint = (
        Complaint.objects.select_related(
            "data_key", "location__parent__parent", "implicated_organisation"
        )
        .prefetch_related(
            Prefetch("persons", queryset=Person.objects.select_related("affiliation", "data_key"))
        )
        .get(pk=referral.complaint_id)
    )
    if complaint.status == codes.Status.CLOSED:
        raise ApplicationError(
            "package.closed",
            _("The case is closed: the agency no longer sees it."),
            status=409,
        )
    return complaint, referred_agency_view(complaint, role), list(complaint.persons.all())
