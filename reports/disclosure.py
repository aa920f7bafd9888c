"""Disclosure control for published counts: the one module that decides what is shown.

The rule, and why it resists differencing
-----------------------------------------
Every figure is the sum of *base cells*: counts of one (month, admin1, organisation,
category of the breakdown) combination. A base cell with 1 to `threshold - 1` cases
is suppressed: it never enters any published number, and rows or totals built without
it say so (`complete: false`). A published number is therefore always a sum of cells
that could each be published on their own, so no subtraction between published numbers
(a total minus the other rows, one filter minus an overlapping one, one period minus a
longer one) can isolate a suppressed cell: the difference of two sums of publishable
cells is a combination of publishable cells. The same query always gives the same
answer, so repeated releases leak nothing more and no noise or privacy budget is needed;
noise would also make figures that coordinators cannot reconcile with their case list.

Totals are the sums of the published rows, never the true totals (a true total minus the
published rows would give the sum of the suppressed cells).

An organisation's own figures come from cells of its own cases; such a cell is also
suppressed when the rest of the network's count in the same cell is small (1 to
threshold - 1), so that network minus own never reveals a few other cases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings


def threshold() -> int:
    return settings.AMANA_STATS_THRESHOLD


def publishable(count: int, k: int | None = None) -> bool:
    k = threshold() if k is None else k
    return count == 0 or count >= k


@dataclass
class Row:
    key: str
    count: int | None  # None when every cell of the row was suppressed
    suppressed: bool  # at least one cell of the row was left out
    complete: bool

    def as_dict(self) -> dict:
        return {"key": self.key, "count": self.count, "suppressed": self.suppressed}


def table(
    cells: Iterable[tuple[str, int]], *, keys: Iterable[str] = (), k: int | None = None
) -> dict:
    """Rows keyed by the breakdown value from base cells `(key, count)`.

    `keys` lists every possible value, so empty rows show as 0 rather than vanish.
    """
    k = threshold() if k is None else k
    published: dict[str, int] = defaultdict(int)
    dropped: dict[str, int] = defaultdict(int)
    for key, count in cells:
        if publishable(count, k):
            published[key] += count
        else:
            dropped[key] += 1
    rows = []
    for key in dict.fromkeys([*keys, *published, *dropped]):
        if dropped[key] and not published[key]:
            rows.append(Row(key, None, True, False))
        else:
            rows.append(Row(key, published[key], bool(dropped[key]), not dropped[key]))
    total = sum(row.count or 0 for row in rows)
    return {
        "rows": [row.as_dict() for row in rows],
        "total": total,
        "complete": all(row.complete for row in rows),
        "threshold": k,
    }


def own_cells(own: Iterable[tuple[tuple, int]], network: dict[tuple, int], k: int | None = None):
    """An organisation's cells, each suppressed (as a count of 1) when the rest of the
    network in the same cell is small."""
    k = threshold() if k is None else k
    for cell, count in own:
        rest = network.get(cell, 0) - count
        yield cell, (count if publishable(rest, k) else 1)


def ratio(numerator: int, denominator: int, k: int | None = None) -> dict:
    """A percentage, withheld when its parts are small enough to single people out."""
    k = threshold() if k is None else k
    hidden = (
        denominator < k
        or not publishable(numerator, k)
        or not publishable(denominator - numerator, k)
    )
    return {
        "percent": None if hidden else round(100 * numerator / denominator, 1),
        "suppressed": hidden,
        "denominator": denominator if denominator >= k else None,
    }
