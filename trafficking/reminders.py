"""The assistance plan's and the NRM referral's reminders and notices, registered with
the notifications outbox (notifications/registry.py), which sends each exactly once.
Labels carry the victim's reference, never a name; links lead to pages the recipient
may open (a provider whose access ended is sent to their inbox)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from complaints.selectors import not_recused
from core.models import User
from core.roles import Role
from core.selectors import role_holders
from notifications.models import Reminder
from notifications.registry import Delivery, Due, ReminderKind, reminder_kinds

from . import codes
from .models import FollowUp, NrmReferral, PlanService, Victim
from .selectors.plans import victim_page

ESCALATION = Reminder.Stage.ESCALATION


def _not_recused(users: QuerySet[User], victim: Victim) -> QuerySet[User]:
    complaint = victim.complaint
    return not_recused(users, complaint) if complaint is not None else users


def _victim_link(victim: Victim) -> str:
    return victim_page(victim)


def _to_coordinators(victim: Victim) -> Delivery:
    return Delivery(
        users=_not_recused(role_holders(Role.COORDINATOR), victim),
        link=_victim_link(victim),
        label=victim.reference,
    )


def to_managers(victim: Victim, stage: str = "") -> Delivery:
    """The counter-trafficking officers managing the record (its organisation's, or the
    officer who opened it before an organisation was assigned); the coordinators when
    there are none, and for an escalation."""
    if stage == ESCALATION:
        return _to_coordinators(victim)
    officers = role_holders(Role.COUNTER_TRAFFICKING)
    if victim.organisation_id is not None:
        officers = officers.filter(organisation=victim.organisation_id)
    else:
        officers = officers.filter(pk__in=[victim.created_by_id] if victim.created_by_id else [])
    if not officers.exists():
        return _to_coordinators(victim)
    return Delivery(
        users=_not_recused(officers, victim), link=_victim_link(victim), label=victim.reference
    )


def _providers(service: PlanService) -> QuerySet[User]:
    victim = service.plan.victim
    users = role_holders(Role.SERVICE_PROVIDER).filter(organisation=service.provider_id)
    return _not_recused(users, victim)


def _to_provider(service: PlanService, stage: str) -> Delivery:
    """A service referred to the provider's organisation: its service providers."""
    return Delivery(
        users=_providers(service),
        link=reverse("trafficking:provider-service", args=[service.pk]),
        label=service.plan.victim.reference,
    )


def _to_former_provider(service: PlanService, stage: str) -> Delivery:
    """Consent withdrawn: the provider learns that access ended, not why; the link is
    their inbox (the service is closed to them now)."""
    return Delivery(
        users=_providers(service),
        link=reverse("trafficking:provider-inbox"),
        label=service.plan.victim.reference,
    )


def _to_authority(referral: NrmReferral, stage: str) -> Delivery:
    """The counter-trafficking officers of the authority referred to (reference only)."""
    officers = role_holders(Role.COUNTER_TRAFFICKING).filter(organisation_id=referral.authority_id)
    return Delivery(
        users=_not_recused(officers, referral.victim),
        link=reverse("trafficking:nrm-inbox"),
        label=referral.victim.reference,
    )


def _follow_up_to_managers(follow_up: FollowUp, stage: str) -> Delivery:
    return to_managers(follow_up.plan.victim, stage)


def _nrm_to_referrer(referral: NrmReferral, stage: str) -> Delivery:
    """The referring side: the managing officers (who chase the authority)."""
    return to_managers(referral.victim, stage)


def follow_up_due_at(due_on: Any) -> datetime:
    """A visit due on a day is late from the start of the next day, operation time."""
    zone = ZoneInfo(settings.AMANA_OPERATION_TIME_ZONE)
    return datetime.combine(due_on + timedelta(days=1), datetime.min.time(), zone)


def _follow_ups_due(now: datetime) -> Iterator[Due]:
    """Visits not made by the end of their day, on open plans."""
    today = now.astimezone(ZoneInfo(settings.AMANA_OPERATION_TIME_ZONE)).date()
    late = FollowUp.objects.filter(
        done_on__isnull=True, due_on__lt=today, plan__status=codes.PlanStatus.OPEN
    ).only("pk", "due_on")
    return ((follow_up, follow_up_due_at(follow_up.due_on)) for follow_up in late)


def _follow_up_still_late(follow_up: FollowUp, due_at: datetime) -> bool:
    return FollowUp.objects.filter(
        pk=follow_up.pk, done_on__isnull=True, plan__status=codes.PlanStatus.OPEN
    ).exists()


def _acknowledgements_due(now: datetime) -> Iterator[Due]:
    late = NrmReferral.objects.filter(
        status=codes.NrmStatus.REFERRED, acknowledgement_due_at__lte=now
    ).only("pk", "acknowledgement_due_at")
    return ((referral, referral.acknowledgement_due_at) for referral in late)


def _still_unacknowledged(referral: NrmReferral, due_at: datetime) -> bool:
    return NrmReferral.objects.filter(pk=referral.pk, status=codes.NrmStatus.REFERRED).exists()


for kind in [
    ReminderKind(
        "trafficking_service_referred",
        _("A service for a victim of trafficking was referred to you"), _to_provider,
    ),
    ReminderKind("trafficking_access_ended", _("Access to a service ended"), _to_former_provider),
    ReminderKind(
        "trafficking_nrm_referred", _("A victim of trafficking was referred to your authority"),
        _to_authority,
    ),
    ReminderKind(
        "trafficking_nrm_withdrawn", _("A referral to your authority was withdrawn"),
        _to_authority,
    ),
    ReminderKind(
        "trafficking_follow_up", _("Follow-up visit overdue"), _follow_up_to_managers,
        due_items=_follow_ups_due, still_late=_follow_up_still_late,
    ),
    ReminderKind(
        "trafficking_nrm_acknowledgement", _("NRM acknowledgement overdue"), _nrm_to_referrer,
        due_items=_acknowledgements_due, still_late=_still_unacknowledged,
    ),
]:  # fmt: skip
    reminder_kinds.register(kind)
