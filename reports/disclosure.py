"""Disclosure control for published counts: the one module that decides what is shown.

The model: consistent perturbation of base cells (the cell-key method)
-----------------------------------------------------------------------
Design note: README, "Statistics: what is promised". In short:

- Every counted case carries a *record key*, a random number from 0 to 255 drawn once at
  intake (`Complaint.stat_key`) and never changed. A survivor, a referral or a
  trafficking record counts with the key of its case.
- Every base cell (one month x admin1 x organisation x value of the breakdown) sums the
  keys of the cases in it; the sum modulo 256 is the *cell key*. The cell's published
  value is its true count plus a small noise read from a fixed table (`PTABLE`) at that
  cell key: the same cases always give the same noise, whoever asks and however often.
- Every published figure is a sum of perturbed base cells. Figures are therefore additive
  (a total is the sum of its rows, a period the sum of its months), and subtracting one
  published figure from another yields a sum of perturbed cells, never a count of people:
  differencing recovers a cell's perturbed value, which is the same along every path, so
  averaging many differences learns nothing more.
- A new case in a cell changes the cell key, so the noise of the next release is drawn
  afresh: two releases differ by noise, not by the cases that arrived in between.
- Noise is bounded (`NOISE_BOUND`), zero on average, never makes a count negative, and is
  never added to a cell with no case (zeros stay zero: an empty category is not invented).
- Below national level (a province filter, a breakdown by province, an organisation's own
  figures), DOMAIN.md section 7 still holds: a published value from 1 to `threshold - 1`
  is not shown ("fewer than 5"), and the total is the sum of the rows shown. At national
  level small groups are shown, perturbed, so national figures of rare groups (trans or
  gender non-conforming victims, young children) are not lost.

What it does not promise: exact counts (every published count may be off by up to the
noise bound per base cell), nor protection against someone who already knows all but one
of the cases of a cell (no method without exactness loss gives that).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

# The cell key space: record keys and cell keys run from 0 to KEY_SPACE - 1.
KEY_SPACE = 256
NOISE_BOUND = 2

# Noise per true count, as (noise, chance) with chances out of KEY_SPACE: zero on average,
# never below -count. Rows are for counts 1, 2 and 3 or more.
PTABLE: dict[int, list[tuple[int, int]]] = {
    1: [(-1, 64), (0, 140), (1, 40), (2, 12)],
    2: [(-2, 20), (-1, 56), (0, 104), (1, 56), (2, 20)],
    3: [(-2, 20), (-1, 56), (0, 104), (1, 56), (2, 20)],
}


def _lookup() -> dict[int, list[int]]:
    table = {}
    for count, row in PTABLE.items():
        if sum(chance for _noise, chance in row) != KEY_SPACE:
            raise ValueError(f"PTABLE row {count} must share out {KEY_SPACE} cell keys")
        slots: list[int] = []
        for noise, chance in row:
            slots += [noise] * chance
        table[count] = slots
    return table


_NOISE = _lookup()


def threshold() -> int:
    return settings.AMANA_STATS_THRESHOLD


def perturb(count: int, key_sum: int) -> int:
    """A base cell's published value: its count plus the noise at its cell key."""
    if count <= 0:
        return 0
    return count + _NOISE[min(count, 3)][key_sum % KEY_SPACE]


@dataclass
class Row:
    key: str
    count: int | None  # None when withheld (below the threshold, below national level)
    suppressed: bool

    def as_dict(self) -> dict:
        return {"key": self.key, "count": self.count, "suppressed": self.suppressed}


def table(
    cells: Iterable[tuple[str, int]],
    *,
    keys: Iterable[str] = (),
    national: bool = True,
    k: int | None = None,
) -> dict:
    """Rows keyed by the breakdown value, from perturbed base cells `(key, value)`.

    `keys` lists every possible value, so empty rows show as 0 rather than vanish. Below
    national level a row from 1 to k - 1 is withheld; the total is the sum of the rows
    shown (never a true total)."""
    k = threshold() if k is None else k
    sums: dict[str, int] = defaultdict(int)
    for key, value in cells:
        sums[key] += value
    rows = []
    for key in dict.fromkeys([*keys, *sums]):
        value = sums.get(key, 0)
        if not national and 0 < value < k:
            rows.append(Row(key, None, True))
        else:
            rows.append(Row(key, value, False))
    return {
        "rows": [row.as_dict() for row in rows],
        "total": sum(row.count or 0 for row in rows),
        "complete": not any(row.suppressed for row in rows),
        "threshold": k,
    }


def ratio(numerator: int, denominator: int, k: int | None = None) -> dict:
    """A percentage of published (perturbed) values, withheld when its parts are small
    enough to single people out."""
    k = threshold() if k is None else k
    hidden = denominator < k or 0 < numerator < k or 0 < denominator - numerator < k
    return {
        "percent": None if hidden else round(100 * numerator / denominator, 1),
        "suppressed": hidden,
        "denominator": denominator if denominator >= k else None,
    }
