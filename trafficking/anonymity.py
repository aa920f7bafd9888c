"""k-anonymity for the de-identified CTDC export (DOMAIN.md section 7).

Quasi-identifiers (`QUASI_IDENTIFIERS`): the columns an outsider could know about a
person from elsewhere and link back to her: gender, age band, citizenship, country of
exploitation and year of registration (CTDC's own list for its k-anonymised release).
`majorityStatus` travels with the age band: it is a function of the band where the band
is known, and where it is not it says what the band would have, so the two count as one
quasi-identifier. The exploitation types, means of control and recruiter relations are
the analytic content CTDC publishes: they are not generalised (a class is defined on the
quasi-identifiers only, as in CTDC's release).

Every equivalence class over the quasi-identifiers leaves with at least k rows (setting
`AMANA_CTDC_K`, default 5; CTDC itself used k = 11). Rows already in a class of k or more
are written unchanged. The others climb a ladder, one rung at a time, re-counting the
classes after each rung, least informative loss first (as CTDC did):

1. `ageBroad` -> the majority band "0--17" / "18+" (an unknown age stays unknown);
2. `citizenship` suppressed (empty);
3. `CountryOfExploitation` suppressed;
4. `yearOfRegistration` suppressed;
5. `gender` suppressed.

A row still in a class smaller than k at the top of the ladder is dropped, and counted.
Rows that move only ever join classes (a class of k or more never shrinks), so the
rows already safe are never touched. The rows come out sorted, so their order tells
nothing about when they were registered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings

from . import codes

QUASI_IDENTIFIERS: tuple[str, ...] = (
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "CountryOfExploitation",
    "yearOfRegistration",
)

MINOR_BAND = "0--17"
ADULT_BAND = "18+"
_MINOR_BANDS = {band.value for band in codes.MINOR_AGE_BANDS}


def _age_to_majority(row: dict[str, str]) -> None:
    band = row["ageBroad"]
    if band and band not in {MINOR_BAND, ADULT_BAND}:
        row["ageBroad"] = MINOR_BAND if band in _MINOR_BANDS else ADULT_BAND


def _suppress(column: str) -> Callable[[dict[str, str]], None]:
    def step(row: dict[str, str]) -> None:
        row[column] = ""

    return step


# The ladder: (name of the rung, what it does to a row).
LADDER: tuple[tuple[str, Callable[[dict[str, str]], None]], ...] = (
    ("ageBroad", _age_to_majority),
    ("citizenship", _suppress("citizenship")),
    ("CountryOfExploitation", _suppress("CountryOfExploitation")),
    ("yearOfRegistration", _suppress("yearOfRegistration")),
    ("gender", _suppress("gender")),
)


def k_threshold() -> int:
    return max(2, int(settings.AMANA_CTDC_K))


@dataclass
class Summary:
    k: int
    rows_in: int = 0
    unchanged: int = 0
    generalised: int = 0
    dropped: int = 0
    # Per column of the ladder: how many exported rows had it generalised or suppressed.
    by_column: dict[str, int] = field(default_factory=dict)

    @property
    def exported(self) -> int:
        return self.unchanged + self.generalised

    def as_detail(self) -> dict[str, object]:
        return {
            "k": self.k,
            "rows_in": self.rows_in,
            "exported": self.exported,
            "unchanged": self.unchanged,
            "generalised": self.generalised,
            "dropped": self.dropped,
            "by_column": dict(self.by_column),
        }


def _key(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(row[column] for column in QUASI_IDENTIFIERS)


def k_anonymise(
    rows: Iterable[dict[str, str]], *, k: int | None = None
) -> tuple[list[dict[str, str]], Summary]:
    """The rows (CTDC-shaped dicts) made k-anonymous on `QUASI_IDENTIFIERS`, and what it
    took. The input rows are not modified."""
    k = k_threshold() if k is None else k
    originals = list(rows)
    work = [dict(row) for row in originals]
    summary = Summary(k=k, rows_in=len(work))
    levels = [0] * len(work)
    while True:
        sizes = Counter(_key(row) for row in work)
        climbing = [
            index
            for index, row in enumerate(work)
            if sizes[_key(row)] < k and levels[index] < len(LADDER)
        ]
        if not climbing:
            break
        for index in climbing:
            LADDER[levels[index]][1](work[index])
            levels[index] += 1
    sizes = Counter(_key(row) for row in work)
    kept: list[dict[str, str]] = []
    for index, row in enumerate(work):
        if sizes[_key(row)] < k:
            summary.dropped += 1
            continue
        kept.append(row)
        changed = [
            column for column in QUASI_IDENTIFIERS if row[column] != originals[index][column]
        ]
        if not changed:
            summary.unchanged += 1
            continue
        summary.generalised += 1
        for column in changed:
            summary.by_column[column] = summary.by_column.get(column, 0) + 1
    kept.sort(key=lambda row: tuple(row.values()))
    return kept, summary
