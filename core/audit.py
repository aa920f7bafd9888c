"""The audit trail: one function that every service calls inside its transaction, the
registry through which case apps name their cases in it, and the alert for unusual
reading (many distinct cases read by one account in a short time)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    Max,
    Min,
    Q,
    QuerySet,
)
from django.utils import timezone

from .models import AuditEvent, User
from .registry import Registry

# The events the trail writes about itself and the alert it raises.
TRAIL_VIEW = "audit.view"
TRAIL_EXPORT = "audit.export"
UNUSUAL_READING = "audit.unusual_reading"


def audit_log(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    role: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. `detail` holds ids, codes and field names, never field values.

    Call it inside the same `transaction.atomic()` as the change, so the change and its
    record commit or roll back together. Reads of case content are logged too.
    """
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_role=str(role),
        actor_organisation_id=getattr(user, "organisation_id", None),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail or {},
    )


def audit_trail_for(obj: models.Model) -> QuerySet[AuditEvent]:
    """Every event about one object, newest first."""
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor", "actor_organisation")


@dataclass(frozen=True)
class CaseType:
    """How a case app names its cases in the trail; core knows no case app, so the app
    registers this (in its `auditing.py`, found at start-up like `admin.py`).

    - `object_type`: the `app_label.model` its case events are written about;
    - `reads`: the actions that read a case (counted for the unusual-reading alert);
    - `references(ids)`: object ids to case references (codes, never content);
    - `find(reference)`: the object ids a reference names (empty if none);
    - `recused_from(user)`: ids of the cases the user is recused from, whose events they
      are never shown;
    - `recused_users(ids)`: ids of the accounts recused from any of these cases, who are
      never told about reading them.
    """

    object_type: str
    reads: frozenset[str]
    references: Callable[[Collection[str]], dict[str, str]]
    find: Callable[[str], list[str]]
    recused_from: Callable[[Any], list[str]]
    recused_users: Callable[[Collection[str]], set[int]]


case_types: Registry[CaseType] = Registry(lambda case: case.object_type, "audited case type")


def case_reads() -> Q:
    """Events that read a case, over every registered case type (none: matches nothing)."""
    condition = Q(pk__in=[])
    for case in case_types:
        condition |= Q(object_type=case.object_type, action__in=case.reads)
    return condition


def reading_window() -> timedelta:
    return timedelta(minutes=settings.AMANA_READING_ALERT_MINUTES)


def _new_burst(reader_id: int, reads: QuerySet[AuditEvent], window: timedelta) -> bool:
    """Whether the account's reading is a burst not yet flagged.

    A burst is a run of reads with no pause as long as the window; one alert per burst.
    After an alert, reading that goes on without such a pause is the same burst; a read
    that comes after one starts a new burst (and is flagged once it reaches the threshold).
    """
    previous = (
        AuditEvent.objects.filter(
            action=UNUSUAL_READING, object_type=User._meta.label_lower, object_id=str(reader_id)
        )
        .order_by("-at", "-id")
        .first()
    )
    if previous is None:
        return True
    last_flagged = datetime.fromisoformat(previous.detail["last_read"])
    earlier = reads.filter(
        at__lt=models.OuterRef("at"),
        at__gte=ExpressionWrapper(models.OuterRef("at") - window, output_field=DateTimeField()),
    )
    return reads.filter(at__gt=last_flagged).exclude(Exists(earlier)).exists()


def unusual_reading_flag(*, now: datetime | None = None) -> list[AuditEvent]:
    """Flag every account that read at least `AMANA_READING_ALERT_CASES` distinct cases in
    the last `AMANA_READING_ALERT_MINUTES`, once per burst (see `_new_burst`).

    The flag is an audit event about the reader's account (counts and times only); the
    notifications app tells the coordinators and auditors from it, the reader and anyone
    recused from one of the cases excepted. Run by beat (`core.tasks`); idempotent: two
    runs at once flag a burst once (the reader's row is locked while deciding).
    """
    now = now or timezone.now()
    window = reading_window()
    threshold = settings.AMANA_READING_ALERT_CASES
    recent = (
        AuditEvent.objects.filter(case_reads(), actor__isnull=False, at__gt=now - window)
        .filter(at__lte=now)
        .order_by()
        .values("actor")
        .annotate(cases=Count("object_id", distinct=True), first=Min("at"), last=Max("at"))
        .filter(cases__gte=threshold)
    )
    flagged = []
    for row in recent:
        with transaction.atomic():
            reader = User.objects.select_for_update().get(pk=row["actor"])
            reads = AuditEvent.objects.filter(case_reads(), actor=reader).order_by()
            if not _new_burst(reader.pk, reads, window):
                continue
            flagged.append(
                audit_log(
                    actor=None,
                    action=UNUSUAL_READING,
                    obj=reader,
                    detail={
                        "cases": row["cases"],
                        "minutes": settings.AMANA_READING_ALERT_MINUTES,
                        "first_read": row["first"].isoformat(),
                        "last_read": row["last"].isoformat(),
                    },
                )
            )
    return flagged


def burst_cases(alert: AuditEvent) -> dict[str, set[str]]:
    """The cases read in the flagged burst, by object type (to leave out the recused)."""
    reads = AuditEvent.objects.filter(
        case_reads(),
        actor_id=int(alert.object_id),
        at__gte=datetime.fromisoformat(alert.detail["first_read"]),
        at__lte=datetime.fromisoformat(alert.detail["last_read"]),
    ).order_by()
    cases: dict[str, set[str]] = {}
    for object_type, object_id in reads.values_list("object_type", "object_id").distinct():
        cases.setdefault(object_type, set()).add(object_id)
    return cases


def recused_from_any(cases: dict[str, set[str]]) -> set[int]:
    """Accounts recused from at least one of these cases."""
    users: set[int] = set()
    for case in case_types:
        if cases.get(case.object_type):
            users |= case.recused_users(cases[case.object_type])
    return users


def trail_record(
    *, actor: User, role: str, action: str, filters: dict[str, Any], rows: int | None = None
) -> AuditEvent:
    """Reading the trail is itself in the trail: who looked or exported, with which
    filters (ids, codes and dates) and, for an export, how many rows left."""
    detail: dict[str, Any] = {key: value for key, value in filters.items() if value}
    if rows is not None:
        detail["rows"] = rows
    with transaction.atomic():
        return audit_log(actor=actor, action=action, role=role, detail=detail)
