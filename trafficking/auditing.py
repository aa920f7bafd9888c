"""How victim records are named in the audit trail (core.audit.case_types): by their
reference, never by content; a record identified through a complaint inherits that
complaint's recusals, so the trail and its alerts leave the recused out."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from complaints.models import Recusal
from core.audit import CaseType, case_types

from .models import Victim


def _references(ids: Collection[str]) -> dict[str, str]:
    rows = Victim.objects.filter(pk__in=list(ids)).values_list("pk", "reference")
    return {str(pk): reference for pk, reference in rows}


def _find(reference: str) -> list[str]:
    rows = Victim.objects.filter(reference=reference.strip().upper()).values_list("pk")
    return [str(pk) for (pk,) in rows]


def _recused_from(user: Any) -> list[str]:
    complaints = Recusal.objects.filter(user=user).values("complaint_id")
    rows = Victim.objects.filter(complaint_id__in=complaints).values_list("pk")
    return [str(pk) for (pk,) in rows]


def _recused_users(ids: Collection[str]) -> set[int]:
    complaints = Victim.objects.filter(pk__in=list(ids)).values("complaint_id")
    recusals = Recusal.objects.filter(complaint_id__in=complaints)
    return set(recusals.values_list("user_id", flat=True))


case_types.register(
    CaseType(
        object_type=Victim._meta.label_lower,
        # The record's page and API answer ("victim.read"), a provider's read of a service
        # ("victim.plan.service_read"), the authority's read of a referral ("victim.nrm.read").
        reads=frozenset({"victim.read", "victim.plan.service_read", "victim.nrm.read"}),
        references=_references,
        find=_find,
        recused_from=_recused_from,
        recused_users=_recused_users,
    )
)
