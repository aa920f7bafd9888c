"""The referral steps' reminders, notices and escalations, registered with the
notifications outbox (notifications/registry.py). Messages carry a reference and a link,
never names or details."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from complaints import codes
from complaints.models import Complaint
from complaints.reminders import to_coordinators
from complaints.selectors import not_recused
from core.roles import Role
from core.selectors import role_holders
from notifications.models import Reminder
from notifications.registry import Delivery, Due, ReminderKind, reminder_kinds

from . import deadlines
from .models import AssistanceReferral, AssistanceStatus, InvestigationReferral, InvestigationStatus
from .permissions import agency_handlers, service_consented, with_service_consent

ESCALATION = Reminder.Stage.ESCALATION


def _to_agency(referral: InvestigationReferral, stage: str) -> Delivery:
    """The referred agency's handlers; an escalation goes to the coordinators."""
    if stage == ESCALATION:
        return to_coordinators(referral.complaint, stage)
    return Delivery(
        users=not_recused(agency_handlers(referral.organisation_id), referral.complaint),
        link=reverse("referrals:investigation", args=[referral.pk]),
        label=referral.complaint.reference,
    )


def _to_provider(referral: AssistanceReferral, stage: str) -> Delivery:
    """The provider's service providers; an escalation goes to the coordinators."""
    if stage == ESCALATION:
        return to_coordinators(referral.complaint, stage)
    providers = role_holders(Role.SERVICE_PROVIDER).filter(organisation_id=referral.provider_id)
    return Delivery(
        users=not_recused(providers, referral.complaint),
        link=reverse("referrals:assistance", args=[referral.pk]),
        label=referral.complaint.reference,
    )


def _to_holder(referral: InvestigationReferral | AssistanceReferral, stage: str) -> Delivery:
    """Whoever held what a withdrawn consent allowed: told that access ended, not why.
    The link is their inbox: the referral itself may be closed to them now."""
    if isinstance(referral, AssistanceReferral):
        delivery = _to_provider(referral, stage)
        return Delivery(delivery.users, reverse("referrals:assistance-inbox"), delivery.label)
    delivery = _to_agency(referral, stage)
    return Delivery(delivery.users, reverse("referrals:investigations"), delivery.label)


def _to_funders(referral: InvestigationReferral, stage: str) -> Delivery:
    """The focal points of the UN agencies funding the referred partner: told of the
    allegation (reference and partner), given nothing of the case."""
    funders = referral.organisation.funded_by.values_list("pk", flat=True)
    focal_points = role_holders(Role.FOCAL_POINT).filter(organisation_id__in=funders)
    return Delivery(
        users=not_recused(focal_points, referral.complaint),
        link=reverse("notifications:list"),
        label=f"{referral.complaint.reference} · {referral.organisation.acronym}",
    )


def _acknowledgements_due(now: datetime) -> Iterator[Due]:
    late = InvestigationReferral.objects.filter(
        status=InvestigationStatus.REFERRED, acknowledgement_due_at__lte=now
    ).only("pk", "acknowledgement_due_at")
    return ((referral, referral.acknowledgement_due_at) for referral in late)


def _updates_due(now: datetime) -> Iterator[Due]:
    late = (
        InvestigationReferral.objects.filter(withdrawn_at__isnull=True, update_due_at__lte=now)
        .exclude(status=InvestigationStatus.REFERRED)
        .only("pk", "update_due_at")
    )
    return ((referral, referral.update_due_at) for referral in late)


def _responses_due(now: datetime) -> Iterator[Due]:
    """Providers' answers due, for referrals whose survivor's consent still stands."""
    late = with_service_consent(
        AssistanceReferral.objects.filter(
            status=AssistanceStatus.REFERRED, response_due_at__lte=now
        )
    ).only("pk", "response_due_at")
    return ((referral, referral.response_due_at) for referral in late)


def _sea_referrals_due(now: datetime) -> Iterator[Due]:
    """SEA allegations not referred within 24 hours of receipt (unless the affiliation is
    unknown: then the case stays with the coordinator by design). A case whose referrals
    were all withdrawn is back with the coordinator, who decided that: not reminded."""
    late = Complaint.objects.filter(
        classification__in=[codes.Classification.SEA, codes.Classification.POSSIBLE_SEA],
        status=codes.Status.SCREENED,
        implicated_unknown=False,
        received_at__lte=deadlines.SEA_REFERRAL.started_before(now),
        investigation_referrals__isnull=True,
    ).only("pk", "received_at")
    return ((complaint, deadlines.SEA_REFERRAL.after(complaint.received_at)) for complaint in late)


def _assistance_offers_due(now: datetime) -> Iterator[Due]:
    """SEA allegations with a survivor and no assistance referral yet, past the deadline
    for offering assistance (24 hours from receipt at high priority, else 72): assistance
    never waits for the investigation."""
    for high, deadline in (
        (True, deadlines.ASSISTANCE_OFFER_HIGH),
        (False, deadlines.ASSISTANCE_OFFER_MEDIUM),
    ):
        priority = Q(priority=codes.Priority.HIGH) if high else ~Q(priority=codes.Priority.HIGH)
        late = (
            Complaint.objects.filter(
                priority,
                classification__in=[codes.Classification.SEA, codes.Classification.POSSIBLE_SEA],
                status__in=[codes.Status.SCREENED, codes.Status.REFERRED],
                received_at__lte=deadline.started_before(now),
                persons__is_survivor=True,
                assistance_referrals__isnull=True,
            )
            .distinct()
            .only("pk", "received_at")
        )
        for complaint in late:
            yield complaint, deadline.after(complaint.received_at)


def _feedback_due(now: datetime) -> Iterator[Due]:
    """Feedback to the complainant, due after a referral and after an outcome."""
    delay = deadlines.FEEDBACK.after(now) - now
    wants_feedback = ~Q(complaint__feedback_channel=codes.FeedbackChannel.NONE)
    for field in ("referred_at", "outcome_at"):
        late = (
            InvestigationReferral.objects.filter(
                wants_feedback, withdrawn_at__isnull=True, **{f"{field}__lte": now - delay}
            )
            .exclude(complaint__feedback__given_at__gte=F(field))
            .values_list("complaint_id", field)
        )
        for complaint_id, started in late:
            yield Complaint(pk=complaint_id), started + delay


def _still_unacknowledged(referral: InvestigationReferral, due_at: datetime) -> bool:
    return InvestigationReferral.objects.filter(
        pk=referral.pk, status=InvestigationStatus.REFERRED
    ).exists()


def _update_still_due(referral: InvestigationReferral, due_at: datetime) -> bool:
    return InvestigationReferral.objects.filter(pk=referral.pk, update_due_at=due_at).exists()


def _still_unanswered(referral: AssistanceReferral, due_at: datetime) -> bool:
    return service_consented(referral) and (
        AssistanceReferral.objects.filter(pk=referral.pk, status=AssistanceStatus.REFERRED).exists()
    )


for kind in [
    ReminderKind("new_investigation", _("New referral for investigation"), _to_agency),
    ReminderKind("new_assistance", _("New referral for assistance"), _to_provider),
    ReminderKind("access_ended", _("Access to a case ended"), _to_holder),
    ReminderKind(
        "partner_allegation",
        _("An SEA allegation against a partner you fund was referred for investigation"),
        _to_funders,
    ),
    ReminderKind(
        "consent_requested", _("Investigators ask for consent to be sought"), to_coordinators
    ),
    ReminderKind(
        "acknowledgement", _("Acknowledgement due"), _to_agency,
        due_items=_acknowledgements_due, still_late=_still_unacknowledged,
    ),
    ReminderKind(
        "investigation_update", _("Investigation update due"), _to_agency,
        due_items=_updates_due, still_late=_update_still_due,
    ),
    ReminderKind(
        "provider_response", _("Provider response due"), _to_provider,
        due_items=_responses_due, still_late=_still_unanswered,
    ),
    ReminderKind(
        "sea_referral", _("SEA referral due"), to_coordinators, due_items=_sea_referrals_due
    ),
    ReminderKind(
        "feedback", _("Feedback to the complainant due"), to_coordinators, due_items=_feedback_due
    ),
    ReminderKind(
        "assistance_offer", _("Assistance not yet offered"), to_coordinators,
        due_items=_assistance_offers_due,
    ),
]:  # fmt: skip
    reminder_kinds.register(kind)
