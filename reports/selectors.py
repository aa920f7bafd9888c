"""Reads that span apps: the coordinator dashboard's figures."""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from complaints import codes
from complaints.models import Complaint
from focalpoints.selectors import network_indicators
from referrals.models import (
    OPEN_INVESTIGATION,
    AssistanceReferral,
    AssistanceStatus,
    InvestigationReferral,
    InvestigationStatus,
)
from trainings.selectors import focal_point_status, sessions

from .aggregates import could_be_referred


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def coordinator_dashboard(user: Any, now: datetime | None = None) -> dict[str, Any]:
    """Figures for the coordinator's dashboard, in a fixed number of queries. The overdue
    lists name cases: a case the user is recused from is left out of them."""
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
        .exclude(complaint__recusals__user=user)
        .select_related("complaint", "organisation")
        .order_by("acknowledgement_due_at")[:20]
    )
    overdue_assistance = list(
        AssistanceReferral.objects.filter(status=AssistanceStatus.REFERRED, response_due_at__lt=now)
        .exclude(complaint__recusals__user=user)
        .select_related("complaint", "provider")
        .order_by("response_due_at")[:20]
    )
    # % of SEA allegations referred within 24 hours of receipt, counting fairly: only those
    # that could be referred (a known affiliation, and consent or a referral made on another
    # basis); unknown affiliation and no consent are counted apart.
    rows = list(
        Complaint.objects.filter(
            classification__in=[codes.Classification.SEA, codes.Classification.POSSIBLE_SEA]
        )
        .annotate(
            first=Min("investigation_referrals__referred_at"),
            referable=ExpressionWrapper(could_be_referred(), output_field=BooleanField()),
        )
        .values_list("received_at", "first", "implicated_unknown", "referable")
    )
    unknown = sum(1 for _r, _f, is_unknown, _ref in rows if is_unknown)
    sea = [(received, first) for received, first, _u, referable in rows if referable]
    no_consent = len(rows) - unknown - len(sea)
    within = sum(1 for received, first in sea if first and first - received <= timedelta(hours=24))
    acknowledgements = [
        # `ack` is never None (filtered below); the plugin types the column as nullable.
        (ack - referred).total_seconds() / 3600  # type: ignore[operator]
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
        "sea_unknown_affiliation": unknown,
        "sea_no_consent": no_consent,
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


def network_figures() -> dict[str, Any]:
    """The network's side of the dashboard: focal points, trainings, assessments."""
    status = focal_point_status()
    reached = sessions().filter(status="held").aggregate(total=Sum("reached"))["total"] or 0
    return {
        "network": network_indicators(),
        "trained": sum(1 for fp in status if fp.status == "trained"),
        "focal_points": len(status),
        "reached": reached,
    }
