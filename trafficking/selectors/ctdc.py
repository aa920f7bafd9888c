"""Reads for the CTDC export: the records an export draws from, as CTDC rows, and the
k-anonymity summary (shown before anything leaves; the download itself is the audited
service `services.ctdc.ctdc_export`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from .. import anonymity, codes, ctdc
from ..models import Victim
from ..permissions import registry_export_scope

EXPORTED_STATUSES = (codes.IdentificationStatus.PRESUMED, codes.IdentificationStatus.IDENTIFIED)

# The only fields an export reads: codes and the registration date. Never an identity
# field, a reference, an id or a date finer than the year (`ctdc.victim_to_row`).
EXPORT_FIELDS = (
    "registered_on",
    *ctdc.CHOICE_FIELDS,
    *ctdc.LIST_FIELDS,
    "means",
    "purposes",
    "age_band",
)


def registry_export_queryset(user: Any) -> QuerySet[Victim]:
    """The records the user's export draws from (`permissions.registry_export_scope`)."""
    return Victim.objects.filter(registry_export_scope(user))


@dataclass(frozen=True)
class CtdcRows:
    header: tuple[str, ...]
    rows: list[dict[str, str]]
    summary: anonymity.Summary
    excluded: int  # records in scope that may not leave (no statistics consent, not a victim)


def ctdc_rows(queryset: QuerySet[Victim], *, k: int | None = None) -> CtdcRows:
    """The records as de-identified, k-anonymous CTDC rows. Two queries: the count of
    records in scope, and their codes (`.values()`: no encrypted field is ever loaded)."""
    in_scope = queryset.count()
    eligible = queryset.filter(consents_to_statistics=True, status__in=EXPORTED_STATUSES)
    rows = [
        ctdc.victim_to_row(values)
        for values in eligible.order_by().values(*dict.fromkeys(EXPORT_FIELDS)).iterator()
    ]
    kept, summary = anonymity.k_anonymise(rows, k=k)
    return CtdcRows(ctdc.HEADER, kept, summary, excluded=in_scope - summary.rows_in)
