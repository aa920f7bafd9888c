"""How complaints are named in the audit trail (core.audit.case_types): by reference,
never by content; who is recused from which, so the trail and its alerts leave them out."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from core.audit import CaseType, case_types

from .models import Complaint, Recusal


def _references(ids: Collection[str]) -> dict[str, str]:
    rows = Complaint.objects.filter(pk__in=list(ids)).values_list("pk", "reference")
    return {str(pk): reference for pk, reference in rows}


def _find(reference: str) -> list[str]:
    rows = Complaint.objects.filter(reference=reference.strip().upper()).values_list("pk")
    return [str(pk) for (pk,) in rows]


def _recused_from(user: Any) -> list[str]:
    recusals = Recusal.objects.filter(user=user).values_list("complaint_id", flat=True)
    return [str(pk) for pk in recusals]


def _recused_users(ids: Collection[str]) -> set[int]:
    return set(Recusal.objects.filter(complaint_id__in=list(ids)).values_list("user_id", flat=True))


case_types.register(
    CaseType(
        object_type=Complaint._meta.label_lower,
        # Every page, API answer and download that shows a case records "complaint.view";
        # the referral package, "complaint.export".
        reads=frozenset({"complaint.view", "complaint.export"}),
        references=_references,
        find=_find,
        recused_from=_recused_from,
        recused_users=_recused_users,
    )
)
