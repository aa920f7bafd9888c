"""The base cells of the victim-of-trafficking registry (issue 14, point 7): one-way and
two-way tables of victims, built by `aggregates.stats_rebuild` in the same transaction
(one snapshot) and the same release as the complaints' cells, and perturbed the same way.

Which records count: victims who consent to be counted (`consents_to_statistics`) and
whose status is presumed or identified (never "not a victim"). A record purged at the end
of its retention period keeps its codes and is still counted. Month = the month of
registration (`registered_on`), place = the admin1 of `Victim.location`.

Multi-valued dimensions (the purposes, means, means of control, relations to the
recruiter, countries, assistance given): a victim is counted once under each value they
hold, so a table's rows may add up to more than the number of victims. A record with no
value recorded is counted under the list's own "unknown" code where it has one (`unknown`,
`ZZZ` for countries), else under `not_recorded` (`none` for assistance: no service
provided yet). Assistance given = the plan services whose status is "provided", by
service type (`pathways.codes.ServiceType`); a victim counts once per type.

Disclosure (see `disclosure.py`): every cell, one-way or two-way, sums the record keys
(`Victim.stat_key`) of the victims in it. A multi-valued cell's noise is still a function
of the set of victims in it only, so the cell-key argument holds unchanged: the same
victims always give the same noise, every published figure is a sum of perturbed base
cells, and any difference of two answers is again a sum of perturbed cells, never a count.
A victim who sits in several cells of one table adds their key to each; two cells holding
exactly the same victims get the same noise, which reveals nothing their (equal) true
counts do not already share.

Storage: `StatCell.dimension` is "tip:<name>" for a one-way table and "tip:<a>*<b>" for a
two-way one (short names, see `_STORED`), the key "<code of a>|<code of b>".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Coalesce, TruncMonth

from core.codes import COUNTRY_CHOICES
from pathways.codes import ServiceType
from trafficking import codes
from trafficking.models import PlanService, Victim

from .models import StatCell

# The same place as the complaints' cells (aggregates.ADMIN1; not imported, because
# aggregates imports this module).
ADMIN1 = Coalesce("location__parent__parent_id", "location__parent_id", "location_id")

COUNTRIES = [code for code, _name in COUNTRY_CHOICES]  # every ISO alpha-3 code, and ZZZ
NOT_RECORDED = "not_recorded"

# Every dimension the API offers, with every code it may show (month and admin1: none).
DIMENSIONS: dict[str, list[str]] = {
    "month": [],
    "admin1": [],
    "purpose": [*codes.Purpose.values, NOT_RECORDED],
    "means": [*codes.Means.values, NOT_RECORDED],
    "means_of_control": [*codes.MeansOfControl.values, NOT_RECORDED],
    "recruiter_relation": codes.RecruiterRelation.values,
    "citizenship": COUNTRIES,
    "exploitation_country": COUNTRIES,
    "duration": codes.Duration.values,
    "status": [
        codes.IdentificationStatus.PRESUMED.value,
        codes.IdentificationStatus.IDENTIFIED.value,
    ],
    "gender": codes.Gender.values,
    "age_band": codes.AgeBand.values,
    "assistance": [*ServiceType.values, "none"],
}
# The code a record with nothing recorded counts under, per multi-valued dimension.
EMPTY = {
    "purpose": NOT_RECORDED,
    "means": NOT_RECORDED,
    "means_of_control": NOT_RECORDED,
    "recruiter_relation": codes.RecruiterRelation.UNKNOWN.value,
    "citizenship": "ZZZ",
    "exploitation_country": "ZZZ",
    "assistance": "none",
}
# The two-way tables (cross-tabulations) the API offers, in their stored order; either
# order may be asked for.
TWO_WAY: list[tuple[str, str]] = [
    ("gender", "purpose"),
    ("age_band", "purpose"),
    ("status", "purpose"),
    ("duration", "purpose"),
    ("recruiter_relation", "purpose"),
    ("citizenship", "purpose"),
    ("exploitation_country", "purpose"),
    ("assistance", "purpose"),
    ("gender", "age_band"),
    ("gender", "assistance"),
    ("age_band", "assistance"),
    ("citizenship", "exploitation_country"),
]
_SHORT = {"exploitation_country": "country", "recruiter_relation": "recruiter"}
SEPARATOR = "|"


def stored(by: str, by2: str | None = None) -> str:
    """The `StatCell.dimension` of a one-way (`by`) or two-way (`by`, `by2` in TWO_WAY
    order) table."""
    if by2 is None:
        return f"tip:{by}"
    return f"tip:{_SHORT.get(by, by)}*{_SHORT.get(by2, by2)}"


def two_way(by: str, by2: str) -> tuple[str, str] | None:
    """The stored order of a supported pair, or None when the pair is not offered."""
    if (by, by2) in TWO_WAY:
        return by, by2
    if (by2, by) in TWO_WAY:
        return by2, by
    return None


def _check_sizes() -> None:
    # StatCell.dimension holds 30 characters, StatCell.key 40: every name and key fits.
    for a, b in TWO_WAY:
        longest = max(map(len, DIMENSIONS[a])) + 1 + max(map(len, DIMENSIONS[b]))
        if len(stored(a, b)) > 30 or longest > 40:
            raise ValueError(f"the two-way table {a} x {b} does not fit StatCell")


_check_sizes()

_SINGLE = {"gender": "gender", "age_band": "age_band", "status": "status", "duration": "duration"}
_MULTIPLE = {
    "purpose": "purposes",
    "means": "means",
    "means_of_control": "means_of_control",
    "recruiter_relation": "recruiter_relations",
    "citizenship": "citizenship",
    "exploitation_country": "exploitation_countries",
}


def eligible_victims() -> QuerySet[Victim]:
    """The records counted in the statistics."""
    return Victim.objects.filter(
        consents_to_statistics=True,
        status__in=[codes.IdentificationStatus.PRESUMED, codes.IdentificationStatus.IDENTIFIED],
    )


def _values(dimension: str, raw: Iterable[str]) -> list[str]:
    """A record's codes in one multi-valued dimension: each known code once, or the
    dimension's empty code when none is recorded."""
    known = set(DIMENSIONS[dimension])
    found = [code for code in dict.fromkeys(raw or ()) if code in known]
    return found or [EMPTY[dimension]]


def victim_cells() -> Iterator[StatCell]:
    """Every base cell of the registry: the network's grid, then each managing
    organisation's own (for its organisation-scoped key). Two queries: the records, and
    the services provided to them; counted here rather than by GROUP BY, because the
    multi-valued codes are JSON lists (one query per country would be 249)."""
    fields = ["stat_key", "organisation_id", *_SINGLE.values(), *_MULTIPLE.values()]
    rows = (
        eligible_victims()
        .annotate(m=TruncMonth("registered_on"), a1=ADMIN1)
        .values_list("pk", "m", "a1", *fields)
        .order_by()
    )
    provided: dict[Any, set[str]] = defaultdict(set)
    services = PlanService.objects.filter(
        status=codes.PlanServiceStatus.PROVIDED, plan__victim__in=eligible_victims()
    ).values_list("plan__victim_id", "service")
    for victim_id, service in services:
        provided[victim_id].add(service)
    cells: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for pk, month, admin1, stat_key, organisation, *codes_of in rows:
        record = dict(zip(fields[2:], codes_of, strict=True))
        keys: dict[str, list[str]] = {"month": [""], "admin1": [""]}
        for dimension, field in _SINGLE.items():
            keys[dimension] = [record[field]]
        for dimension, field in _MULTIPLE.items():
            keys[dimension] = _values(dimension, record[field])
        keys["assistance"] = _values("assistance", sorted(provided.get(pk, ())))
        tables: list[tuple[str, list[str]]] = [(stored(d), keys[d]) for d in DIMENSIONS]
        for a, b in TWO_WAY:
            pairs = [f"{x}{SEPARATOR}{y}" for x in keys[a] for y in keys[b]]
            tables.append((stored(a, b), pairs))
        grids = [None, organisation] if organisation else [None]
        for grid in grids:
            for dimension, values in tables:
                for value in values:
                    cell = cells[(dimension, month, admin1, grid, value)]
                    cell[0] += 1
                    cell[1] += stat_key
    for (dimension, month, admin1, organisation, value), (count, key_sum) in cells.items():
        yield StatCell(
            dimension=dimension,
            month=month if isinstance(month, date) else month.date(),
            admin1_id=admin1,
            organisation_id=organisation,
            key=value,
            count=count,
            key_sum=key_sum,
        )
