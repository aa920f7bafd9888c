"""How long a victim-of-trafficking record keeps its identity: the one place the rule is
read.

The clock starts when the person's assistance plan is closed, or, for a record without
an open plan, when the person was assessed not to be a victim (the record's last change).
A presumed or identified victim whose plan is open, or who has no plan yet, is kept. The
period is `settings.AMANA_REGISTRY_RETENTION_DAYS`; then the daily task
(`services.retention.victims_purge_expired`) destroys the record's data key.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet

from . import codes
from .models import Victim


def _period() -> timedelta:
    return timedelta(days=settings.AMANA_REGISTRY_RETENTION_DAYS)


def purge_due_at(victim: Victim) -> datetime | None:
    """When the record's identity is destroyed; None while it is kept."""
    plan = getattr(victim, "plan", None)
    if plan is not None and plan.status == codes.PlanStatus.CLOSED and plan.closed_at:
        return plan.closed_at + _period()
    if (plan is None or plan.status == codes.PlanStatus.CLOSED) and (
        victim.status == codes.IdentificationStatus.NOT_A_VICTIM
    ):
        return victim.updated_at + _period()
    return None


def due_by(moment: datetime) -> QuerySet[Victim]:
    """Records whose period is over at `moment`, as one query."""
    before = moment - _period()
    plan_closed = Q(plan__status=codes.PlanStatus.CLOSED, plan__closed_at__lte=before)
    not_a_victim = Q(status=codes.IdentificationStatus.NOT_A_VICTIM, updated_at__lte=before) & (
        Q(plan__isnull=True) | Q(plan__status=codes.PlanStatus.CLOSED)
    )
    return Victim.objects.filter(purged_at__isnull=True).filter(plan_closed | not_a_victim)
