"""Reads of referrals, scoped to the user in one place, and the dashboard figures."""

from __future__ import annotations

import statistics
from datetime import timedelta

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from complaints import codes
from complaints.models import Complaint
from core.roles import Role

from .grants import recipients
from .models import (
    OPEN_INVESTIGATION,
    AssistanceReferral,
    AssistanceStatus,
    InvestigationReferral,
    InvestigationStatus,
    Notification,
)


def investigation_referrals_for(user) -> QuerySet[InvestigationReferral]:
    """Coordinators: all. An agency's investigators (its focal points when it has none):
    the open referrals to their agency. Nobody else. Recused users never see the case."""
    base = InvestigationReferral.objects.select_related("complaint", "organisation")
    if not (user.is_authenticated and user.is_active):
        return base.none()
    base = base.exclude(complaint__recusals__user=user)
    if user.has_role(Role.COORDINATOR):
        return base
    acts = user.has_role(Role.INVESTIGATOR) or (
        user.has_role(Role.FOCAL_POINT)
        and user.organisation_id
        and not recipients(user.organisation).filter(is_investigator=True).exists()
    )
    if acts and user.organisation_id:
        return base.filter(organisation_id=user.organisation_id, withdrawn_at__isnull=True)
    return base.none()


def assistance_referrals_for(user) -> QuerySet[AssistanceReferral]:
    base = AssistanceReferral.objects.select_related(
        "complaint", "provider", "survivor__data_key", "data_key"
    )
    if not (user.is_authenticated and user.is_active):
        return base.none()
    if user.has_role(Role.COORDINATOR):
        return base
    if user.has_role(Role.SERVICE_PROVIDER) and user.organisation_id:
        return base.filter(provider_id=user.organisation_id)
    return base.none()


def referrals_of_complaint(complaint):
    return (
        list(complaint.investigation_referrals.select_related("organisation")),
        list(complaint.assistance_referrals.select_related("provider")),
    )


def unread_notifications(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, read_at__isnull=True)


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def coordinator_dashboard(now=None) -> dict:
    """Figures for the coordinator's dashboard, in a fixed number of queries."""
    now = now or timezone.now()
    investigations = InvestigationReferral.objects.filter(withdrawn_at__isnull=True)
    by_stage = list(
        investigations.values("organisation__acronym", "status")
        .annotate(n=Count("id"))
        .order_by("organisation__acronym", "status")
    )
    overdue = list(
        investigations.filter(
            Q(status=InvestigationStatus.REFERRED, acknowledgement_due_at__lt=now)
            | Q(status__in=OPEN_INVESTIGATION, update_due_at__lt=now)
        )
        .select_related("complaint", "organisation")
        .order_by("acknowledgement_due_at")[:20]
    )
    overdue_assistance = list(
        AssistanceReferral.objects.filter(status=AssistanceStatus.REFERRED, response_due_at__lt=now)
        .select_related("complaint", "provider")
        .order_by("response_due_at")[:20]
    )
    # % of SEA allegations referred within 24 hours of receipt (unreferred ones count as late).
    sea = list(
        Complaint.objects.filter(
            classification__in=[codes.Classification.SEA, codes.Classification.POSSIBLE_SEA]
        )
        .annotate(first=Min("investigation_referrals__referred_at"))
        .values_list("received_at", "first")
    )
    within = sum(1 for received, first in sea if first and first - received <= timedelta(hours=24))
    acknowledgements = [
        (ack - referred).total_seconds() / 3600
        for referred, ack in investigations.filter(acknowledged_at__isnull=False).values_list(
            "referred_at", "acknowledged_at"
        )
    ]
    assistance = dict(
        AssistanceReferral.objects.values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    trend = list(
        Complaint.objects.exclude(status=codes.Status.DRAFT)
        .annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )[-12:]
    peak = max((row["n"] for row in trend), default=0)
    labels = dict(InvestigationStatus.choices)
    return {
        "by_stage": [
            {**row, "label": labels.get(row["status"], row["status"])} for row in by_stage
        ],
        "overdue": overdue,
        "overdue_assistance": overdue_assistance,
        "referred_within_24h": _percent(within, len(sea)),
        "sea_count": len(sea),
        "median_ack_hours": round(statistics.median(acknowledgements), 1)
        if acknowledgements
        else None,
        "assistance": [
            {"label": label, "n": assistance.get(value, 0)}
            for value, label in AssistanceStatus.choices
        ],
        "trend": trend,
        "peak": peak,
    }
