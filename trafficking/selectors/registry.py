"""Reads of the victim registry: the list a user may see, and the read-back of a record
with the label of every code in the user's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.models import Complaint, Recusal
from core.codes import COUNTRIES
from core.permissions import get_object_and_access_or_404

from .. import codes
from ..models import Victim
from ..permissions import VictimAccess, victim_access, victim_scope

# Each multiple-choice field of a record, with its heading, in the order they read back.
MULTIPLE_CHOICE_HEADINGS = {
    "acts": gettext_lazy("Act"),
    "means": gettext_lazy("Means"),
    "purposes": gettext_lazy("Purpose: types of exploitation"),
    "labour_sectors": gettext_lazy("Labour sectors"),
    "sexual_exploitation_types": gettext_lazy("Types of sexual exploitation"),
    "means_of_control": gettext_lazy("Means of control"),
    "recruiter_relations": gettext_lazy("Relation to the recruiter"),
}


def _not_recused(user: Any) -> Q:
    recused = Recusal.objects.filter(user=user).values("complaint_id")
    return ~Q(complaint_id__in=recused)


def victims_for(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Victim]:
    """The records the user may open (`permissions.victim_scope`), less those that came
    from a complaint the user is recused from; filtered by status, purpose, managing
    organisation and reference (exact, case-insensitive)."""
    queryset = (
        Victim.objects.filter(victim_scope(user))
        .select_related("organisation")
        .order_by("-created_at")
    )
    if user.is_authenticated:
        queryset = queryset.filter(_not_recused(user))
    filters = filters or {}
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("purpose"):
        # A JSON list holds the code: portable across SQLite and PostgreSQL.
        queryset = queryset.filter(purposes__icontains=f'"{filters["purpose"]}"')
    if filters.get("organisation"):
        queryset = queryset.filter(organisation=filters["organisation"])
    if filters.get("reference"):
        queryset = queryset.filter(reference__iexact=filters["reference"].strip())
    return queryset


def victim_for_page() -> QuerySet[Victim]:
    return Victim.objects.select_related(
        "data_key", "organisation", "identified_by", "location", "complaint", "created_by"
    )


def victim_or_404(user: Any, reference: str, need: str = "view") -> tuple[Victim, VictimAccess]:
    """The record and the user's access: 404 for a record they may not see."""
    return get_object_and_access_or_404(
        user, victim_for_page(), victim_access, need=need, reference=reference
    )


@dataclass(frozen=True)
class Flag:
    code: str
    message: str


def victim_flags(victim: Victim) -> list[Flag]:
    """What a reader should notice about a record: incomplete, not refused."""
    flags = []
    if not victim.means and not victim.is_minor:
        flags.append(
            Flag(
                "means_not_recorded",
                _("Palermo means not recorded (required for an adult, waived for a child)."),
            )
        )
    return flags


def _labels(choices: type, values: list[str]) -> list[str]:
    labels = dict(choices.choices)  # type: ignore[attr-defined]
    return [str(labels.get(code, code)) for code in values]


def country_names(values: list[str]) -> list[str]:
    return [str(COUNTRIES.get(code, code)) for code in values]


def victim_detail(victim: Victim) -> dict[str, Any]:
    """The read-back of every coded field, with labels in the active language."""
    return {
        "status": victim.get_status_display(),
        "gender": victim.get_gender_display(),
        "age_band": victim.get_age_band_display(),
        "majority": victim.get_majority_display(),
        "majority_at_exploitation": victim.get_majority_at_exploitation_display(),
        "majority_at_entry": victim.get_majority_at_entry_display(),
        "data_source": victim.get_data_source_display(),
        "duration": victim.get_duration_display(),
        "citizenship": country_names(victim.citizenship),
        "exploitation_countries": country_names(victim.exploitation_countries),
        "transit_countries": country_names(victim.transit_countries),
        "choices": [
            (field, str(heading), _labels(codes.MULTIPLE_CHOICE[field], getattr(victim, field)))
            for field, heading in MULTIPLE_CHOICE_HEADINGS.items()
        ],
        "flags": victim_flags(victim),
    }


def with_list_labels(victims: list[Victim]) -> list[Victim]:
    """What a list row shows: its purposes' labels, and whether the means are missing."""
    for victim in victims:
        victim.purpose_labels = _labels(codes.Purpose, victim.purposes)  # type: ignore[attr-defined]
        victim.means_missing = not victim.means and not victim.is_minor  # type: ignore[attr-defined]
    return victims


def victims_of_complaint(user: Any, complaint: Complaint) -> list[Victim]:
    """The complaint's victim records the user may see."""
    return list(victims_for(user).filter(complaint=complaint))
