"""The audit trail: one function that every service calls inside its transaction."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import QuerySet

from .models import AuditEvent, User


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
