"""Writes of the assistance plan (one per victim: services with consent per service,
follow-up visits, closure) and of the referral to the national referral mechanism (NRM).

Every write validates, saves and audits in one transaction; the audit detail holds ids,
codes and field names, never values. Access is checked by the views (permissions.py);
services take the role for the audit trail from the same access function.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.codes import ConsentGivenBy
from core.audit import audit_log
from core.errors import ApplicationError
from core.models import Organisation, User
from notifications.deadlines import Deadline
from notifications.services import notice_queue
from pathways.codes import ServiceType

from .. import codes
from ..models import AssistancePlan, FollowUp, NrmReferral, PlanService, Victim
from ..permissions import nrm_acknowledge_access, victim_access
from ..selectors.plans import providers_offered

# The authority acknowledges a referral within 5 working days (in the operation's
# calendar): a government body's usual answer time, long enough for a weekend and a
# public holiday, short enough that a lost referral is chased within the week.
NRM_ACKNOWLEDGEMENT = Deadline("nrm_acknowledgement", 5, "working_days")

PlanStatus = codes.PlanStatus
ServiceStatus = codes.PlanServiceStatus
NrmStatus = codes.NrmStatus

# What a service may be updated to (referral goes through `plan_service_refer`).
UPDATABLE = {
    ServiceStatus.PLANNED,
    ServiceStatus.IN_PROGRESS,
    ServiceStatus.PROVIDED,
    ServiceStatus.DECLINED_BY_PERSON,
    ServiceStatus.UNAVAILABLE,
}
SHARED = {ServiceStatus.REFERRED, ServiceStatus.IN_PROGRESS, ServiceStatus.PROVIDED}


def _role(actor: User, victim: Victim) -> str:
    return victim_access(actor, victim).role


def _open_plan(plan: AssistancePlan) -> None:
    if plan.status != PlanStatus.OPEN:
        raise ApplicationError("plan.closed", _("This assistance plan is closed."), status=409)


def check_consent_giver(victim: Victim, given_by: str, *, field: str = "given_by") -> None:
    """DOMAIN.md section 9: an adult consents for themself ("caregiver" consent for an
    adult is wrong); a child through a caregiver or, with no safe caregiver, a documented
    best-interests determination, never alone."""
    if given_by not in ConsentGivenBy.values:
        raise ApplicationError("consent.giver_unknown", _("Say who gave the consent."), field=field)
    if victim.is_minor and given_by == ConsentGivenBy.SURVIVOR:
        raise ApplicationError(
            "consent.child_alone",
            _(
                "A child does not consent alone: record the consent of a caregiver, or a "
                "best-interests determination when no safe caregiver exists."
            ),
            field=field,
        )
    if not victim.is_minor and given_by != ConsentGivenBy.SURVIVOR:
        raise ApplicationError(
            "consent.adult_for_themself",
            _("An adult consents for themself: a caregiver or a determination cannot."),
            field=field,
        )


# --- The plan --------------------------------------------------------------------------


@transaction.atomic
def plan_open(
    *,
    actor: User,
    victim: Victim,
    needs_assessment: str = "",
    assessed_on: datetime.date | None = None,
) -> AssistancePlan:
    """Open the person's plan: one per victim."""
    if AssistancePlan.objects.filter(victim=victim).exists():
        raise ApplicationError("plan.exists", _("This person already has a plan."), status=409)
    if assessed_on is not None and assessed_on > timezone.localdate():
        raise ApplicationError(
            "plan.assessed_in_future", _("The assessment date is in the future."),
            field="assessed_on",
        )  # fmt: skip
    plan = AssistancePlan(
        victim=victim, needs_assessment=needs_assessment, assessed_on=assessed_on,
        created_by=actor,
    )  # fmt: skip
    plan.full_clean()
    plan.save()
    audit_log(
        actor=actor, action="victim.plan.open", obj=victim, role=_role(actor, victim),
        detail={"plan": str(plan.pk), "fields": ["needs_assessment"] if needs_assessment else []},
    )  # fmt: skip
    return plan


@transaction.atomic
def plan_service_add(
    *,
    actor: User,
    plan: AssistancePlan,
    service: str,
    provider: Organisation | None = None,
    needs: str = "",
    planned_for: datetime.date | None = None,
) -> PlanService:
    """Add a service to an open plan. The provider, when chosen, must be one the service
    map offers for that service where the person is now (with the map's own fallback).
    Nothing is shared until the person consents and the service is referred."""
    _open_plan(plan)
    if service not in ServiceType.values:
        raise ApplicationError("plan.service_unknown", _("Choose a service."), field="service")
    victim = plan.victim
    if (
        provider is not None
        and not providers_offered(service, victim.location).filter(pk=provider.pk).exists()
    ):
        raise ApplicationError(
            "plan.provider_not_offered",
            _("This organisation does not offer this service where the person is now."),
            field="provider",
        )
    item = PlanService(
        plan=plan, service=service, provider=provider, needs=needs, planned_for=planned_for
    )
    item.full_clean()
    item.save()
    audit_log(
        actor=actor, action="victim.plan.service_add", obj=victim,
        role=_role(actor, victim),
        detail={
            "service": str(item.pk), "code": service,
            "provider": provider.acronym if provider else "",
        },
    )  # fmt: skip
    return item


@transaction.atomic
def plan_service_consent(*, actor: User, service: PlanService, given_by: str) -> PlanService:
    """Record the person's consent to this one service (consent is per service), given
    by the right person (`check_consent_giver`)."""
    plan = service.plan
    _open_plan(plan)
    victim = plan.victim
    check_consent_giver(victim, given_by)
    if service.consented and service.consent_withdrawn_at is None:
        raise ApplicationError(
            "plan.consent_recorded", _("Consent to this service is already recorded."),
            status=409,
        )  # fmt: skip
    withdrawn_before = service.consent_withdrawn_at is not None
    service.consented = True
    service.consent_given_by = given_by
    service.consent_recorded_at = timezone.now()
    service.consent_withdrawn_at = None
    if service.status in (ServiceStatus.REFERRED, ServiceStatus.IN_PROGRESS) or (
        service.status == ServiceStatus.DECLINED_BY_PERSON and withdrawn_before
    ):
        # Consent given again after a withdrawal: referred again explicitly, not by itself.
        service.status = ServiceStatus.PLANNED
    service.save()
    audit_log(
        actor=actor, action="victim.plan.service_consent", obj=victim,
        role=_role(actor, victim),
        detail={"service": str(service.pk), "code": service.service, "given_by": given_by},
    )  # fmt: skip
    return service


@transaction.atomic
def plan_service_refer(*, actor: User, service: PlanService) -> PlanService:
    """Refer the service to its provider: only with standing consent to that service and
    a provider chosen. The provider's service providers are told (reference only)."""
    plan = service.plan
    _open_plan(plan)
    victim = plan.victim
    if not service.consented or service.consent_withdrawn_at is not None:
        raise ApplicationError(
            "plan.no_consent",
            _("The person has not consented to this service: record the consent first."),
        )
    if service.provider_id is None:
        raise ApplicationError("plan.no_provider", _("Choose a provider first."))
    if service.status != ServiceStatus.PLANNED:
        raise ApplicationError(
            "plan.already_referred", _("This service is not waiting to be referred."), status=409
        )
    service.status = ServiceStatus.REFERRED
    service.save()
    notice_queue(kind="trafficking_service_referred", subject=service, due_at=timezone.now())
    audit_log(
        actor=actor, action="victim.plan.service_refer", obj=victim,
        role=_role(actor, victim),
        detail={"service": str(service.pk), "code": service.service,
                "provider": service.provider.acronym if service.provider else ""},
    )  # fmt: skip
    return service


@transaction.atomic
def plan_service_update(
    *,
    actor: User,
    service: PlanService,
    status: str,
    provided_on: datetime.date | None = None,
) -> PlanService:
    """Record where a service stands (by the managing officer, or by the provider)."""
    plan = service.plan
    _open_plan(plan)
    victim = plan.victim
    if status not in UPDATABLE:
        raise ApplicationError("plan.bad_status", _("Choose a status."), field="status")
    if status in (ServiceStatus.IN_PROGRESS, ServiceStatus.PROVIDED) and (
        not service.shared_with_provider
    ):
        raise ApplicationError(
            "plan.not_referred",
            _("Refer the service, with the person's consent, before recording it."),
        )
    if status == ServiceStatus.PROVIDED:
        provided_on = provided_on or timezone.localdate()
        if provided_on > timezone.localdate():
            raise ApplicationError(
                "plan.provided_in_future", _("The date is in the future."), field="provided_on"
            )
    else:
        provided_on = None
    if status == ServiceStatus.PLANNED and service.status in SHARED:
        raise ApplicationError(
            "plan.already_referred",
            _("A referred service goes back only when consent is withdrawn."),
            status=409,
        )
    service.status = status
    service.provided_on = provided_on
    service.save()
    audit_log(
        actor=actor, action="victim.plan.service_update", obj=victim,
        role=_role(actor, victim) or "service_provider",
        detail={"service": str(service.pk), "status": status},
    )  # fmt: skip
    return service


@transaction.atomic
def plan_service_consent_withdraw(*, actor: User, service: PlanService) -> PlanService:
    """The person withdraws consent to this service. The provider's access ends at once
    (the access rule reads `consent_withdrawn_at`); if the service had been referred, the
    provider is told that access ended, never why."""
    victim = service.plan.victim
    if not service.consented or service.consent_withdrawn_at is not None:
        raise ApplicationError(
            "plan.no_consent_to_withdraw", _("There is no consent to withdraw."), status=409
        )
    was_shared = service.shared_with_provider
    service.consent_withdrawn_at = timezone.now()
    service.consented = False
    if service.status in SHARED and service.status != ServiceStatus.PROVIDED:
        service.status = ServiceStatus.DECLINED_BY_PERSON
    service.save()
    if was_shared:
        notice_queue(
            kind="trafficking_access_ended", subject=service, due_at=service.consent_withdrawn_at
        )
    audit_log(
        actor=actor, action="victim.plan.service_consent_withdraw", obj=victim,
        role=_role(actor, victim),
        detail={"service": str(service.pk), "code": service.service, "provider_told": was_shared},
    )  # fmt: skip
    return service


@transaction.atomic
def follow_up_schedule(*, actor: User, plan: AssistancePlan, due_on: datetime.date) -> FollowUp:
    """Schedule a follow-up visit on an open plan (a reminder goes out once when late)."""
    _open_plan(plan)
    if due_on < timezone.localdate():
        raise ApplicationError(
            "plan.follow_up_in_past", _("Choose today or a later day."), field="due_on"
        )
    follow_up = FollowUp(plan=plan, due_on=due_on)
    follow_up.full_clean()
    follow_up.save()
    audit_log(
        actor=actor, action="victim.plan.follow_up_schedule", obj=plan.victim,
        role=_role(actor, plan.victim), detail={"follow_up": str(follow_up.pk)},
    )  # fmt: skip
    return follow_up


@transaction.atomic
def follow_up_record(
    *, actor: User, follow_up: FollowUp, done_on: datetime.date, notes: str = ""
) -> FollowUp:
    """Record a visit made (not in the future; once)."""
    plan = follow_up.plan
    _open_plan(plan)
    if follow_up.done_on is not None:
        raise ApplicationError(
            "plan.follow_up_done", _("This visit is already recorded."), status=409
        )
    if done_on > timezone.localdate():
        raise ApplicationError(
            "plan.follow_up_future", _("The date is in the future."), field="done_on"
        )
    follow_up.done_on = done_on
    follow_up.done_by = actor
    follow_up.notes = notes
    follow_up.save()
    audit_log(
        actor=actor, action="victim.plan.follow_up_record", obj=plan.victim,
        role=_role(actor, plan.victim),
        detail={"follow_up": str(follow_up.pk), "fields": ["notes"] if notes else []},
    )  # fmt: skip
    return follow_up


@transaction.atomic
def plan_close(*, actor: User, plan: AssistancePlan, reason: str) -> AssistancePlan:
    """Close the plan with a reason. Follow-up visits not yet made are cancelled (deleted:
    a visit that will not happen must not remind anyone, and an empty visit row would
    read as a missed one); visits made stay. Services not yet provided end as they stand:
    consents are not withdrawn by a closure, referred providers keep what they were given.
    Rather than refusing to close while visits are open, which would leave a person who
    declined assistance or was lost to contact with a plan that never closes."""
    _open_plan(plan)
    if reason not in codes.PlanClosure.values:
        raise ApplicationError("plan.closure_reason", _("Choose a reason."), field="reason")
    cancelled = [
        str(pk) for pk in plan.follow_ups.filter(done_on__isnull=True).values_list("pk", flat=True)
    ]
    plan.follow_ups.filter(done_on__isnull=True).delete()
    plan.status = PlanStatus.CLOSED
    plan.closed_at = timezone.now()
    plan.closure_reason = reason
    plan.save()
    audit_log(
        actor=actor, action="victim.plan.close", obj=plan.victim,
        role=_role(actor, plan.victim),
        detail={"plan": str(plan.pk), "reason": reason, "follow_ups_cancelled": cancelled},
    )  # fmt: skip
    return plan


# --- The national referral mechanism ---------------------------------------------------


@transaction.atomic
def nrm_refer(
    *,
    actor: User,
    victim: Victim,
    authority: Organisation,
    consent_given_by: str,
    shares_identity: bool,
    note: str = "",
) -> NrmReferral:
    """Refer the person to the national referral mechanism or anti-trafficking authority:
    an explicit step with the person's consent (given by the right person), saying
    whether their identity may be shared. One open referral per authority; an
    acknowledgement is due within `NRM_ACKNOWLEDGEMENT`."""
    check_consent_giver(victim, consent_given_by, field="consent_given_by")
    if authority.type != Organisation.Type.GOVERNMENT or not authority.is_active:
        raise ApplicationError(
            "nrm.not_an_authority", _("Choose a national authority."), field="authority"
        )
    now = timezone.now()
    referral = NrmReferral(
        victim=victim, authority=authority, consent_given_by=consent_given_by,
        shares_identity=shares_identity, note=note, referred_by=actor, referred_at=now,
        acknowledgement_due_at=NRM_ACKNOWLEDGEMENT.after(now),
    )  # fmt: skip
    if NrmReferral.objects.filter(
        victim=victim, authority=authority, status__in=[NrmStatus.REFERRED, NrmStatus.ACKNOWLEDGED]
    ).exists():
        raise ApplicationError(
            "nrm.already_referred", _("This person is already referred to this authority."),
            status=409,
        )  # fmt: skip
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError:  # a second click at the same moment
        raise ApplicationError(
            "nrm.already_referred", _("This person is already referred to this authority."),
            status=409,
        ) from None  # fmt: skip
    notice_queue(kind="trafficking_nrm_referred", subject=referral, due_at=now)
    audit_log(
        actor=actor, action="victim.nrm.refer", obj=victim, role=_role(actor, victim),
        detail={"referral": str(referral.pk), "authority": authority.acronym,
                "given_by": consent_given_by, "shares_identity": shares_identity},
    )  # fmt: skip
    return referral


@transaction.atomic
def nrm_acknowledge(*, actor: User, referral: NrmReferral, reference: str = "") -> NrmReferral:
    """Record the authority's acknowledgement (and its reference, if it gave one): by the
    referring side recording the reply, or by a counter-trafficking officer of the
    authority (`nrm_acknowledge_access`)."""
    if not nrm_acknowledge_access(actor, referral):
        raise ApplicationError(
            "nrm.not_yours", _("Only the referring side or the authority records this."),
            status=403,
        )  # fmt: skip
    if referral.status != NrmStatus.REFERRED:
        raise ApplicationError(
            "nrm.not_awaiting", _("This referral is not awaiting acknowledgement."), status=409
        )
    referral.status = NrmStatus.ACKNOWLEDGED
    referral.acknowledged_at = timezone.now()
    referral.acknowledgement_reference = reference
    referral.save()
    audit_log(
        actor=actor, action="victim.nrm.acknowledge", obj=referral.victim,
        role=_role(actor, referral.victim) or "counter_trafficking",
        detail={"referral": str(referral.pk),
                "fields": ["acknowledgement_reference"] if reference else []},
    )  # fmt: skip
    return referral


@transaction.atomic
def nrm_withdraw(*, actor: User, referral: NrmReferral) -> NrmReferral:
    """The person withdrew consent to the referral: it ends, and the authority's officers
    are told that it was withdrawn (not why)."""
    if referral.status not in (NrmStatus.REFERRED, NrmStatus.ACKNOWLEDGED):
        raise ApplicationError("nrm.closed", _("This referral is already closed."), status=409)
    referral.status = NrmStatus.WITHDRAWN
    referral.save()
    notice_queue(kind="trafficking_nrm_withdrawn", subject=referral, due_at=timezone.now())
    audit_log(
        actor=actor, action="victim.nrm.withdraw", obj=referral.victim,
        role=_role(actor, referral.victim), detail={"referral": str(referral.pk)},
    )  # fmt: skip
    return referral


@transaction.atomic
def plan_service_record_view(*, actor: User, service: PlanService) -> None:
    """A provider read the person's contact and the needs shared for this service."""
    audit_log(
        actor=actor, action="victim.plan.service_read", obj=service.plan.victim,
        role=_role(actor, service.plan.victim),
        detail={"service": str(service.pk), "fields": ["name", "phone", "needs"]},
    )  # fmt: skip


@transaction.atomic
def nrm_inbox_record_view(*, actor: User, referrals: list[NrmReferral]) -> None:
    """An authority's officer saw these referrals; where the identity was shared, that is
    a read of the person's name and contact, audited per record."""
    for referral in referrals:
        if referral.shares_identity:
            audit_log(
                actor=actor, action="victim.nrm.read", obj=referral.victim,
                role="counter_trafficking",
                detail={"referral": str(referral.pk), "fields": ["name", "phone"]},
            )  # fmt: skip
