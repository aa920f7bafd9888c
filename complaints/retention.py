"""How long a closed case is kept: the one place the retention rule is read.

A case's retention clock starts when it is closed or forwarded (`closed_at`) and stops
when it is reopened. Its period is `settings.AMANA_RETENTION_DAYS`: the category's when one
is set for it (the screening classification, else the intake category), else the closure
reason's ("forwarded" for a forwarded case), else the default. An unattributed case is
never purged before its re-review date. The coordinators are reminded
`AMANA_RETENTION_WARNING_DAYS` before (reminders.py); the daily task then purges it
(services.complaints_purge_expired).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, NullIf

from . import codes
from .models import Complaint

FORWARDED = "forwarded"  # the reason key of a forwarded case (it has no closure reason)
ENDED = (codes.Status.CLOSED, codes.Status.FORWARDED)


def _policy() -> tuple[int, dict[str, int], dict[str, int]]:
    policy = settings.AMANA_RETENTION_DAYS
    return int(policy["default"]), dict(policy.get("reason", {})), dict(policy.get("category", {}))


def retention_category(complaint: Complaint) -> str:
    return complaint.classification or complaint.category


def retention_days(*, category: str, reason: str) -> int:
    """Days a case of this category, closed for this reason, is kept."""
    default, by_reason, by_category = _policy()
    if category in by_category:
        return by_category[category]
    return by_reason.get(reason, default)


def purge_due_at(complaint: Complaint) -> datetime | None:
    """When the case is purged; None while it is open (or was never closed)."""
    if complaint.status not in ENDED or complaint.closed_at is None:
        return None
    forwarded = complaint.status == codes.Status.FORWARDED
    reason = FORWARDED if forwarded else complaint.closure_reason
    days = retention_days(category=retention_category(complaint), reason=reason)
    due = complaint.closed_at + timedelta(days=days)
    if complaint.rereview_on is not None:
        zone = ZoneInfo(settings.AMANA_OPERATION_TIME_ZONE)
        due = max(due, datetime.combine(complaint.rereview_on + timedelta(days=1), time(0), zone))
    return due


def _due_by(moment: datetime) -> Q:
    """Cases whose purge is due at or before `moment`, as one filter (no row is loaded to
    decide): for each period in use, the categories and reasons it applies to."""
    default, by_reason, by_category = _policy()
    categories = list(by_category)
    terms = Q()
    for category, days in by_category.items():
        terms |= Q(retention_category=category, closed_at__lte=moment - timedelta(days=days))
    for reason, days in by_reason.items():
        terms |= Q(retention_reason=reason, closed_at__lte=moment - timedelta(days=days)) & ~Q(
            retention_category__in=categories
        )
    terms |= (
        Q(closed_at__lte=moment - timedelta(days=default))
        & ~Q(retention_category__in=categories)
        & ~Q(retention_reason__in=list(by_reason))
    )
    zone = ZoneInfo(settings.AMANA_OPERATION_TIME_ZONE)
    reviewed: date = (moment.astimezone(zone) - timedelta(days=1)).date()
    return terms & (Q(rereview_on__isnull=True) | Q(rereview_on__lte=reviewed))


def due_for_purge(moment: datetime) -> QuerySet[Complaint]:
    """Ended cases whose retention period is over at `moment`."""
    return (
        Complaint.objects.filter(status__in=ENDED, closed_at__isnull=False)
        .annotate(
            retention_category=Coalesce(
                NullIf(F("classification"), Value("")), F("category"), output_field=CharField()
            ),
            retention_reason=Case(
                When(status=codes.Status.FORWARDED, then=Value(FORWARDED)),
                default=F("closure_reason"),
                output_field=CharField(),
            ),
        )
        .filter(_due_by(moment))
        .order_by("closed_at")
    )


def warning_period() -> timedelta:
    return timedelta(days=settings.AMANA_RETENTION_WARNING_DAYS)
