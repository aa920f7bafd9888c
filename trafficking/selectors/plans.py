"""Reads of the assistance plan and the NRM referral: the plan section of a victim's page,
the providers offered for a service, and a provider's inbox of referred services."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import F, Prefetch, QuerySet
from django.http import HttpRequest
from django.urls import reverse

from core.models import Organisation
from core.roles import Role
from pathways.codes import ServiceType
from pathways.selectors import provider_map, providers_for

from .. import codes
from ..forms import plans as forms
from ..models import AssistancePlan, FollowUp, NrmReferral, PlanService, Victim
from ..permissions import VictimAccess, nrm_authority_scope

# The statuses in which a service is shared with its provider (with standing consent).
SHARED_STATUSES = [
    codes.PlanServiceStatus.REFERRED,
    codes.PlanServiceStatus.IN_PROGRESS,
    codes.PlanServiceStatus.PROVIDED,
]


def victim_page(victim: Victim) -> str:
    """The record's page (the registry's route), where the plan section lives."""
    return reverse("trafficking:victim", kwargs={"reference": victim.reference})


def service_label(code: str) -> str:
    """The translated name of a `pathways.codes.ServiceType` code (the model stores the
    code: the list belongs to the service map)."""
    try:
        return str(ServiceType(code).label)
    except ValueError:
        return code


def with_labels(services: Iterable[PlanService]) -> list[PlanService]:
    items = list(services)
    for item in items:
        item.label = service_label(item.service)  # type: ignore[attr-defined]
    return items


def providers_offered(service: str, location: Any) -> QuerySet[Organisation]:
    """The organisations the service map offers for `service` where the person is now,
    with the map's own fallback (every active network member while it lists no point
    for the service)."""
    return providers_for(service, location)


def provider_choices(location: Any) -> QuerySet[Organisation]:
    """The organisations offered for any service where the person is now (the add form's
    list; the service checks the pair), from one read of the map."""
    offered = provider_map(location)
    ids = {pk for pk, _acronym in offered.everyone}
    for serving in offered.serving.values():
        ids.update(pk for pk, _acronym in serving)
    return Organisation.objects.filter(pk__in=ids).order_by("acronym")


def plan_services_shared(queryset: QuerySet[PlanService]) -> QuerySet[PlanService]:
    """The services a provider may read: referred to them with standing consent (the same
    rule as `PlanService.shared_with_provider`, as a query)."""
    return queryset.filter(
        provider__isnull=False,
        consented=True,
        consent_withdrawn_at__isnull=True,
        status__in=SHARED_STATUSES,
    )


def provider_inbox(user: Any) -> QuerySet[PlanService]:
    """The plan services referred to the provider's organisation with standing consent,
    by planned date (undated last). Nothing for anyone but a service provider; services
    of a record whose complaint the user is recused from are left out."""
    if not (
        user.is_authenticated
        and user.is_active
        and user.has_role(Role.SERVICE_PROVIDER)
        and user.organisation_id is not None
    ):
        return PlanService.objects.none()
    return (
        plan_services_shared(PlanService.objects.filter(provider_id=user.organisation_id))
        .exclude(plan__victim__complaint__recusals__user=user)
        .order_by(F("planned_for").asc(nulls_last=True), "pk")
        .only("pk", "service", "status", "planned_for", "plan_id", "provider_id")
    )


def provider_service(pk: Any) -> QuerySet[PlanService]:
    """The queryset a provider's page reads one service from: what the access rule and
    the decrypted contact and needs take, in one query."""
    return PlanService.objects.select_related(
        "data_key", "plan__victim__data_key", "plan__victim__complaint"
    ).filter(pk=pk)


def plan_section(request: HttpRequest, victim: Victim, access: VictimAccess) -> dict | None:
    """The context of `trafficking/_plan_section.html` on the victim's page, or None for
    a user who may not see the plan (a provider sees their services on their own page).
    Three queries: the plan, its services (with providers), its follow-ups; and one for
    the NRM referrals (with authorities)."""
    if not access.view or access.provider_of is not None:
        return None
    plan = (
        AssistancePlan.objects.filter(victim=victim)
        .select_related("data_key")
        .prefetch_related(
            Prefetch(
                "services",
                queryset=PlanService.objects.select_related("provider").order_by(
                    F("planned_for").asc(nulls_last=True), "service"
                ),
            ),
            Prefetch("follow_ups", queryset=FollowUp.objects.select_related("done_by")),
        )
        .first()
    )
    nrm = list(
        NrmReferral.objects.filter(victim=victim)
        .select_related("authority", "data_key")
        .order_by("-referred_at")
    )
    is_open = plan is not None and plan.status == codes.PlanStatus.OPEN
    may_edit = access.edit and is_open
    return {
        "victim": victim,
        "plan": plan,
        "plan_services": with_labels(plan.services.all()) if plan else [],
        "follow_ups": list(plan.follow_ups.all()) if plan else [],
        "nrm_referrals": nrm,
        "may_edit_plan": may_edit,
        "may_refer": access.refer and is_open,
        "may_refer_nrm": access.refer,
        "open_form": forms.PlanOpenForm() if access.edit and plan is None else None,
        "service_form": forms.PlanServiceAddForm(
            victim=victim, providers=provider_choices(victim.location)
        )
        if may_edit
        else None,
        "consent_form": forms.ConsentForm(victim=victim),
        "update_form": forms.ServiceUpdateForm(),
        "follow_up_form": forms.FollowUpScheduleForm(),
        "record_form": forms.FollowUpRecordForm(),
        "close_form": forms.PlanCloseForm(),
        "nrm_form": forms.NrmReferForm(victim=victim) if access.refer else None,
        "acknowledge_form": forms.NrmAcknowledgeForm(),
        "withdraw_form": forms.ConfirmForm(),
    }


def nrm_inbox(user: Any) -> QuerySet[NrmReferral]:
    """The referrals to the user's authority with the person's consent standing, awaiting
    acknowledgement first, then newest; none from a record whose complaint the user is
    recused from. The victim and the data key come along (reference, shared identity)."""
    return (
        NrmReferral.objects.filter(nrm_authority_scope(user))
        .exclude(victim__complaint__recusals__user=user)
        .select_related("victim__data_key", "data_key")
        .order_by("-status", "-referred_at")
    )
