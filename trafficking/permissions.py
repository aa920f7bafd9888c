"""Who may see and do what in the victim-of-trafficking registry: the one place these
rules live (DOMAIN.md sections 9 and 10).

Need-to-know, as for SEA:
- the coordinator sees every record (unless recused from the complaint it came from);
- a counter-trafficking officer sees the records their organisation manages, and a
  record they opened before an organisation was assigned;
- a service provider sees, of a record, only what the person consented to share with
  their organisation for a service in the plan (contact and needs), while the consent
  stands and the service is referred to them: withdrawal ends it at once;
- anyone else: nothing, and a 404 (never a hint the record exists).

Every access function is declared with `@victim_rule`, which runs the case gate first:
signed in, active, and not recused from the complaint the record came from.
`victim_scope` says the same as a query, for lists; the permission matrix tests hold the
two together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.db.models import Q

from complaints.permissions import is_recused
from core.roles import Role

from .models import NrmReferral, PlanService, Victim


@dataclass(frozen=True)
class VictimAccess:
    view: bool = False  # the record's codes (Palermo elements, CTDC fields), status, dates
    identity: bool = False  # name, alias, phone, notes
    edit: bool = False  # change the record, identification, plan, follow-ups
    refer: bool = False  # refer to the national referral mechanism, plan services
    assign: bool = False  # choose the managing organisation
    # A provider: only the plan services referred to their organisation, with consent.
    provider_of: int | None = None
    role: str = ""  # the role the access was granted under: what the audit trail records


NONE = VictimAccess()

A = TypeVar("A")
O = TypeVar("O")  # noqa: E741


def may_touch_victim(user: Any, victim: Victim) -> bool:
    """The gate of every registry access function."""
    if not (user.is_authenticated and user.is_active) or victim.purged_at is not None:
        return False  # a purged record's identity is destroyed: no one opens it again
    return not (victim.complaint is not None and is_recused(user, victim.complaint))


def victim_rule(
    victim_of: Callable[[Any], Victim], denied: A
) -> Callable[[Callable[[Any, O], A]], Callable[[Any, O], A]]:
    """Declare a registry access function: `victim_of(obj)` names the record the object
    belongs to; a user stopped at the gate gets `denied`."""

    def decorate(rule: Callable[[Any, O], A]) -> Callable[[Any, O], A]:
        @wraps(rule)
        def access(user: Any, obj: O) -> A:
            if not may_touch_victim(user, victim_of(obj)):
                return denied
            return rule(user, obj)

        return access

    return decorate


def _manages(user: Any, victim: Victim) -> bool:
    if not user.has_role(Role.COUNTER_TRAFFICKING):
        return False
    if victim.organisation_id is None:
        return victim.created_by_id == user.pk
    return victim.organisation_id == user.organisation_id


@victim_rule(lambda victim: victim, NONE)
def victim_access(user: Any, victim: Victim) -> VictimAccess:
    if user.has_role(Role.COORDINATOR):
        return VictimAccess(
            view=True, identity=True, edit=True, refer=True, assign=True, role=Role.COORDINATOR
        )
    if _manages(user, victim):
        return VictimAccess(
            view=True, identity=True, edit=True, refer=True, role=Role.COUNTER_TRAFFICKING
        )
    if (
        user.has_role(Role.SERVICE_PROVIDER)
        and user.organisation_id is not None
        and any(
            service.provider_id == user.organisation_id and service.shared_with_provider
            for service in provider_services(victim)
        )
    ):
        return VictimAccess(provider_of=user.organisation_id, role=Role.SERVICE_PROVIDER)
    return NONE


@victim_rule(lambda service: service.plan.victim, False)
def plan_service_provider_access(user: Any, service: PlanService) -> bool:
    """Whether a provider may read this service's shared contact and needs."""
    return bool(
        user.has_role(Role.SERVICE_PROVIDER)
        and user.organisation_id is not None
        and service.provider_id == user.organisation_id
        and service.shared_with_provider
    )


@victim_rule(lambda referral: referral.victim, False)
def nrm_acknowledge_access(user: Any, referral: NrmReferral) -> bool:
    """Who records the authority's acknowledgement of an NRM referral: whoever may refer
    the record (the managing counter-trafficking officers, the coordinator: they record
    the reply the authority sent them), or a counter-trafficking officer of the authority
    itself. The authority's officer gets no other access to the record through this."""
    if victim_access(user, referral.victim).refer:
        return True
    return bool(
        user.has_role(Role.COUNTER_TRAFFICKING)
        and user.organisation_id is not None
        and user.organisation_id == referral.authority_id
    )


def nrm_authority_scope(user: Any) -> Q:
    """The NRM referrals an authority's counter-trafficking officers see (their inbox, as
    a filter on NrmReferral): those to their organisation, while the person's consent
    stands (awaiting acknowledgement or acknowledged). The person's name and contact
    only where the person agreed to share them (`shares_identity`, read by the page)."""
    if not (
        user.is_authenticated
        and user.is_active
        and user.has_role(Role.COUNTER_TRAFFICKING)
        and user.organisation_id is not None
    ):
        return Q(pk__in=[])
    return Q(authority_id=user.organisation_id, status__in=["referred", "acknowledged"])


def provider_services(victim: Victim) -> list[PlanService]:
    plan = getattr(victim, "plan", None)
    return list(plan.services.all()) if plan is not None else []


def victim_scope(user: Any) -> Q:
    """The records a user may open, as a filter on Victim (lists, search, the API).
    Recusal is applied by the selectors (`selectors.victims_for`)."""
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    if user.has_role(Role.COORDINATOR):
        return Q(purged_at__isnull=True)
    scope = Q(pk__in=[])
    if user.has_role(Role.COUNTER_TRAFFICKING):
        scope |= Q(organisation_id=user.organisation_id) | Q(
            organisation__isnull=True, created_by_id=user.pk
        )
    return scope & Q(purged_at__isnull=True)


def may_register_victims(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and (user.has_role(Role.COORDINATOR) or user.has_role(Role.COUNTER_TRAFFICKING))
    )


def may_import_registry(user: Any) -> bool:
    """Loading coded records (a CTDC-shaped file): the same people who register victims."""
    return may_register_victims(user)


def may_export_registry(user: Any) -> bool:
    """The de-identified CTDC export (k-anonymous): also for the network's analysts."""
    return may_register_victims(user) or bool(user.is_authenticated and user.has_role(Role.ANALYST))


def registry_export_scope(user: Any) -> Q:
    """The records a de-identified export draws from (before the statistics consent and
    k-anonymity filters): every record for the coordinator and the network's analysts, a
    counter-trafficking officer's own (`victim_scope`); nothing for anyone else."""
    if not may_export_registry(user):
        return Q(pk__in=[])
    if user.has_role(Role.COORDINATOR) or user.has_role(Role.ANALYST):
        return Q()
    return victim_scope(user)
