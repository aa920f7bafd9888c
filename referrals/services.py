"""Writes to referrals. Each validates, saves, audits and queues its notices in one
transaction; the notices are rows (see reminders.py), so nothing is lost when the broker
or e-mail is down, and nothing is published when the transaction rolls back."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import codes
from complaints.models import Complaint, Person
from complaints.permissions import complaint_access
from complaints.services import complaint_transition
from core.audit import audit_log
from core.errors import ApplicationError
from core.models import Organisation, User
from notifications.services import notice_queue
from pathways.selectors import map_covers, providers_for

from . import deadlines, grants
from .models import (
    OPEN_INVESTIGATION,
    OUTCOMES,
    AssistanceReferral,
    AssistanceStatus,
    InvestigationReferral,
    InvestigationStatus,
    ReferralBasis,
    WithdrawalReason,
)
from .permissions import agency_handlers, assistance_access, investigation_access

REFERABLE = {
    codes.Classification.SEA,
    codes.Classification.POSSIBLE_SEA,
    codes.Classification.TRAFFICKING,
}


def aid_personnel_implicated(complaint: Complaint) -> bool:
    """An implicated organisation is recorded, or an alleged perpetrator works for one
    (reads the complaint's persons, prefetched on the case page)."""
    return complaint.implicated_organisation_id is not None or any(
        person.is_perpetrator and person.affiliation_id is not None
        for person in complaint.persons.all()
    )


def investigation_referable(complaint: Complaint) -> bool:
    """Whether the case may go to an agency's investigators at all: screened as SEA or
    possible SEA, or as trafficking with aid personnel implicated (DOMAIN.md section 10:
    otherwise trafficking goes to the national referral mechanism and assistance)."""
    if complaint.classification == codes.Classification.TRAFFICKING:
        return aid_personnel_implicated(complaint)
    return complaint.classification in REFERABLE


def _consented(complaint: Complaint, scope: str) -> bool:
    return complaint.consents.standing().filter(scope=scope).exists()


@transaction.atomic
def investigation_refer(
    *,
    actor: User,
    complaint: Complaint,
    organisation: Organisation | None = None,
    basis: str = ReferralBasis.CONSENT,
) -> InvestigationReferral:
    """Refer a screened SEA complaint to the implicated agency's investigating entity.

    Rules: the complaint is screened as SEA, possible SEA or trafficking, and a
    trafficking case only when aid personnel are implicated (an implicated organisation
    recorded, or an alleged perpetrator with an affiliation): traffickers are mostly not
    aid workers, and their track is the national referral mechanism and assistance (the
    victim registry); the agency is named (an unknown affiliation stays with the
    coordinator); one open referral per
    agency; and its basis holds: the survivor consented to referral for investigation,
    or, the duty to report not being consent, the allegation goes without the survivor's
    consent (the investigators then never see who the survivor, the complainant or the
    witnesses are: identity needs consent), or no survivor is known at all. The basis is
    recorded and audited. The agency's handlers get the case at once.
    """
    organisation = organisation or complaint.implicated_organisation
    if complaint.classification not in REFERABLE:
        raise ApplicationError(
            "referral.not_referable",
            _("Only a complaint screened as SEA or trafficking is referred for investigation."),
        )
    if not investigation_referable(complaint):
        raise ApplicationError(
            "referral.trafficking_not_aid_personnel",
            _(
                "No aid worker is implicated in this trafficking case, so it is not referred "
                "to an agency's investigators: its track is the national referral mechanism "
                "(with the victim's consent) and assistance, through the victim registry. "
                "Record the implicated organisation or the alleged perpetrator's "
                "affiliation if aid personnel are involved."
            ),
        )
    if organisation is None:
        raise ApplicationError(
            "referral.affiliation_unknown",
            _("The affiliation is unknown: the case stays with the coordinator until known."),
        )
    if basis not in ReferralBasis.values:
        raise ApplicationError("referral.bad_basis", _("Say on what the case is referred."))
    if basis == ReferralBasis.CONSENT and not _consented(
        complaint, codes.ConsentScope.INVESTIGATION
    ):
        raise ApplicationError(
            "referral.no_consent",
            _(
                "The survivor has not consented to referral for investigation: refer the "
                "allegation without identity under the duty to report, or seek consent."
            ),
        )
    if (
        basis == ReferralBasis.NO_SURVIVOR_KNOWN
        and complaint.persons.filter(is_survivor=True).exists()
    ):
        raise ApplicationError(
            "referral.survivor_known",
            _("A survivor is recorded: refer with their consent, or under the duty to report."),
        )
    if complaint.investigation_referrals.filter(
        organisation=organisation, withdrawn_at__isnull=True
    ).exists():
        raise ApplicationError(
            "referral.already_referred",
            _("This complaint is already referred to that organisation."),
            status=409,
        )
    if not agency_handlers(organisation.pk).exists():
        raise ApplicationError(
            "referral.no_handler",
            _("That organisation has no active investigator or focal point to receive it."),
        )
    complaint_transition(actor=actor, complaint=complaint, name="refer")
    now = timezone.now()
    referral = InvestigationReferral.objects.create(
        complaint=complaint,
        organisation=organisation,
        referred_by=actor,
        referred_at=now,
        acknowledgement_due_at=deadlines.ACKNOWLEDGEMENT.after(now),
        basis=basis,
    )
    granted_to = grants.grant(complaint, organisation)
    notice_queue(kind="new_investigation", subject=referral, due_at=now)
    # UN Protocol on implementing partners: the UN agencies funding the partner are told
    # that an allegation against its personnel was referred (no access to the case).
    funders = sorted(organisation.funded_by.values_list("acronym", flat=True))
    if funders:
        notice_queue(kind="partner_allegation", subject=referral, due_at=now)
    detail = {
        "referral": referral.pk,
        "organisation": organisation.acronym,
        "funders_informed": funders,
        "to": granted_to,
        "basis": basis,
    }
    audit_log(
        actor=actor,
        action="referral.investigation.create",
        obj=complaint,
        role=complaint_access(actor, complaint).role,
        detail=detail,
    )
    return referral


@transaction.atomic
def investigation_acknowledge(
    *, actor: User, referral: InvestigationReferral
) -> InvestigationReferral:
    if referral.status != InvestigationStatus.REFERRED:
        raise ApplicationError(
            "referral.already_acknowledged",
            _("This referral was already acknowledged."),
            status=409,
        )
    now = timezone.now()
    referral.status = InvestigationStatus.ACKNOWLEDGED
    referral.acknowledged_at = now
    referral.acknowledged_by = actor
    referral.update_due_at = deadlines.INVESTIGATION_UPDATE.after(now)
    referral.save()
    audit_log(
        actor=actor, action="referral.investigation.acknowledge", obj=referral.complaint,
        role=investigation_access(actor, referral).role, detail={"referral": referral.pk},
    )  # fmt: skip
    return referral


@transaction.atomic
def investigation_report(
    *,
    actor: User,
    referral: InvestigationReferral,
    status: str,
    actions_taken: list[str] | None = None,
) -> InvestigationReferral:
    """Report progress or the outcome. Rules: acknowledged first; an outcome closes the
    referral; actions taken are recorded with an outcome only."""
    if referral.status == InvestigationStatus.REFERRED:
        raise ApplicationError(
            "referral.not_acknowledged", _("Acknowledge the referral first."), status=409
        )
    if referral.status not in OPEN_INVESTIGATION:
        raise ApplicationError("referral.closed", _("This referral is closed."), status=409)
    if (
        status
        not in {InvestigationStatus.PRELIMINARY, InvestigationStatus.INVESTIGATING} | OUTCOMES
    ):
        raise ApplicationError("referral.bad_status", _("Choose a status or an outcome."))
    now = timezone.now()
    referral.status = status
    if status in OUTCOMES:
        referral.outcome_at = now
        referral.update_due_at = None
        referral.actions_taken = sorted(set(actions_taken or []))
    else:
        referral.update_due_at = deadlines.INVESTIGATION_UPDATE.after(now)
    referral.save()
    audit_log(
        actor=actor, action="referral.investigation.report", obj=referral.complaint,
        role=investigation_access(actor, referral).role,
        detail={"referral": referral.pk, "status": status, "actions": referral.actions_taken},
    )  # fmt: skip
    return referral


@transaction.atomic
def investigation_request_consent(*, actor: User, referral: InvestigationReferral) -> None:
    """The investigators ask, through the system, that the survivor's consent be sought
    (e.g. to interview her): the coordinators are told; the request is recorded once."""
    if referral.basis == ReferralBasis.CONSENT:
        raise ApplicationError(
            "referral.consent_given", _("This referral was made with the survivor's consent.")
        )
    if referral.withdrawn_at is not None:
        raise ApplicationError("referral.closed", _("This referral is closed."), status=409)
    now = timezone.now()
    referral.consent_requested_at = now
    referral.save(update_fields=["consent_requested_at"])
    notice_queue(kind="consent_requested", subject=referral.complaint, due_at=now)
    audit_log(
        actor=actor, action="referral.investigation.consent_requested", obj=referral.complaint,
        role=investigation_access(actor, referral).role, detail={"referral": referral.pk},
    )  # fmt: skip


@transaction.atomic
def investigation_package_record(
    *, actor: User, referral: InvestigationReferral, identity: bool, role: str
) -> None:
    """An export of the referral package is a read of the case: audited on the complaint,
    with the referral, whether identities were in it and the role it was made under."""
    audit_log(
        actor=actor, action="complaint.export", obj=referral.complaint, role=role,
        detail={"referral": referral.pk, "identity": identity, "format": "pdf"},
    )  # fmt: skip


@transaction.atomic
def investigation_withdraw(*, actor: User, referral: InvestigationReferral, reason: str) -> None:
    """Withdraw a referral; the agency loses the case on its next request. When no open
    referral is left, the complaint goes back to "screened" (to be referred again)."""
    if referral.withdrawn_at is not None:
        raise ApplicationError(
            "referral.already_withdrawn", _("This referral was already withdrawn."), status=409
        )
    if reason not in WithdrawalReason.values:
        raise ApplicationError("referral.no_reason", _("Give the reason for withdrawing."))
    complaint = referral.complaint
    role = investigation_access(actor, referral).role
    referral.status = InvestigationStatus.WITHDRAWN
    referral.withdrawn_at = timezone.now()
    referral.withdrawal_reason = reason
    referral.save()
    grants.revoke(complaint, referral.organisation)
    if not complaint.investigation_referrals.filter(withdrawn_at__isnull=True).exists():
        complaint_transition(actor=actor, complaint=complaint, name="unrefer")
    audit_log(
        actor=actor, action="referral.investigation.withdraw", obj=complaint,
        role=role, detail={"referral": referral.pk, "reason": reason},
    )  # fmt: skip


@transaction.atomic
def investigation_reroute(
    *, actor: User, referral: InvestigationReferral, organisation: Organisation, reason: str
) -> InvestigationReferral:
    """Send the case to another agency instead (e.g. the affiliation was wrong)."""
    complaint = referral.complaint
    investigation_withdraw(actor=actor, referral=referral, reason=reason)
    complaint.implicated_organisation = organisation
    complaint.save(update_fields=["implicated_organisation", "updated_at"])
    return investigation_refer(
        actor=actor, complaint=complaint, organisation=organisation, basis=referral.basis
    )


@transaction.atomic
def assistance_refer(
    *,
    actor: User,
    complaint: Complaint,
    survivor: Person,
    service: str,
    provider: Organisation,
    needs: str = "",
) -> AssistanceReferral:
    """Refer one survivor for one service. Rules: the survivor consented to that service;
    the provider is one the service map offers for the service at the complaint's place
    (`pathways.selectors.providers_for`; any organisation while the map lists no one for
    the service); the provider answers within the deadline set by the complaint's
    priority."""
    if survivor.complaint_id != complaint.pk or not survivor.is_survivor:
        raise ApplicationError("referral.not_a_survivor", _("Choose a survivor of this complaint."))
    if not complaint.consents.standing().filter(survivor=survivor, scope=service).exists():
        raise ApplicationError(
            "referral.no_consent",
            _("The survivor has not consented to a referral for this service."),
        )
    # The service map (pathways) names who serves the survivor's place; until it lists
    # anyone for the service, any organisation may be chosen.
    if (
        map_covers(service)
        and not providers_for(service, complaint.location_id).filter(pk=provider.pk).exists()
    ):
        raise ApplicationError(
            "referral.provider_not_on_map",
            _(
                "%(provider)s is not on the service map for this service at the survivor's "
                "location. Choose a provider the map lists, or ask the coordinator to update "
                "the map."
            )
            % {"provider": provider.acronym},
            field="provider",
        )
    now = timezone.now()
    referral = AssistanceReferral(
        complaint=complaint, survivor=survivor, service=service,
        provider=provider, needs=needs, referred_by=actor, referred_at=now,
        response_due_at=deadlines.provider_response(complaint.priority).after(now),
    )  # fmt: skip
    referral.save()
    notice_queue(kind="new_assistance", subject=referral, due_at=now)
    audit_log(
        actor=actor, action="referral.assistance.create", obj=complaint,
        role=complaint_access(actor, complaint).role,
        detail={"referral": str(referral.pk), "service": service, "provider": provider.acronym},
    )  # fmt: skip
    return referral


PROVIDER_ANSWERS = {
    AssistanceStatus.ACCEPTED,
    AssistanceStatus.DECLINED,
    AssistanceStatus.PROVIDED,
    AssistanceStatus.ALREADY_RECEIVED,
    AssistanceStatus.DECLINED_BY_SURVIVOR,
    AssistanceStatus.UNAVAILABLE,
}


@transaction.atomic
def assistance_respond(
    *, actor: User, referral: AssistanceReferral, status: str
) -> AssistanceReferral:
    """The provider accepts, declines or records the service provided."""
    if status not in PROVIDER_ANSWERS:
        raise ApplicationError("referral.bad_answer", _("Choose an answer."))
    if referral.status in (AssistanceStatus.PROVIDED, AssistanceStatus.DECLINED):
        raise ApplicationError("referral.closed", _("This referral is already closed."), status=409)
    now = timezone.now()
    referral.status = status
    referral.responded_at = referral.responded_at or now
    if status == AssistanceStatus.PROVIDED:
        referral.provided_at = now
    referral.save()
    audit_log(
        actor=actor, action="referral.assistance.respond", obj=referral.complaint,
        role=assistance_access(actor, referral).role,
        detail={"referral": str(referral.pk), "status": status},
    )  # fmt: skip
    return referral
