"""The differencing attack of issue 13, as a test (DOMAIN.md section 7).

A synthetic network: three provinces, four months, a few cases per province and month
(many cells of 1 to 4), one survivor per case. The attacker holds an analyst's access and
asks the API everything it allows: every breakdown x no province or each province x every
period of consecutive months, in two successive releases (a few cases arrive between
them). Then, for every protected cell (a province-month count of 1 to 4 in one breakdown,
and every 1-to-4 change between the releases), they derive every estimate the answers
allow:

- the cell's own row (a withheld row still says "1 to 4");
- every difference of two periods that differ by that month only;
- the national row minus the other provinces' rows;
- the province-month total (the breakdown by month) minus the breakdown's other rows;
- the second release minus the first;

each with the uncertainty the published method admits (`disclosure.NOISE_BOUND` per base
cell whose noise it carries: Kerckhoffs, the attacker knows the method), and intersect
them, alone and with a linear programme over every breakdown of the same province-month
(the breakdowns of one population share its total). A cell is recovered when only one
value is left. The test fails if any is, and if any interval misses the truth (the method
would not keep its own bound).

It also checks that national figures of small groups are shown.
"""

import math
import random
from collections import defaultdict
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from scipy.optimize import linprog

from complaints import services
from complaints.models import Complaint
from complaints.services import PersonData
from core.models import Location
from reports import disclosure
from reports.aggregates import stats_rebuild
from reports.models import StatCell

from ..complaints.conftest import intake_data

pytestmark = pytest.mark.django_db

MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04"]
# The breakdowns of one population (each case has one survivor, so the survivors'
# breakdowns share the cases' total).
DIMENSIONS = {
    "category": ["sea", "possible_sea", "trafficking", "other_misconduct"],
    "entry_point": ["hotline", "focal_point", "box", "web_form"],
    "sex": ["female", "male", "other_unknown"],
    "age_group": ["0-11", "12-17", "18-25", "26-59"],
}
BOUND = getattr(disclosure, "NOISE_BOUND", 0)
K = 5


def windows():
    return [(MONTHS[i], MONTHS[j]) for i in range(len(MONTHS)) for j in range(i, len(MONTHS))]


def add_cases(actor, provinces, rng, per_cell):
    for month_index, month in enumerate(MONTHS):
        for province in provinces:
            for _ in range(per_cell(month_index, province)):
                values = {
                    "sex": rng.choice(DIMENSIONS["sex"]),
                    "age_group": rng.choice(DIMENSIONS["age_group"]),
                }
                child = values["age_group"] in ("0-11", "12-17")
                consent = {
                    "consents": {"statistics": True},
                    "consent_given_by": "caregiver" if child else "survivor",
                    "consent_child_assent": True if values["age_group"] == "12-17" else None,
                    "caregiver_name": "A caregiver" if child else "",
                }
                complaint = services.complaint_intake(
                    actor=actor,
                    data=intake_data(
                        location=province,
                        entry_point=rng.choice(DIMENSIONS["entry_point"]),
                        persons=[PersonData(roles={"survivor"}, values=values, **consent)],
                    ),
                    submit=True,
                )
                year, number = map(int, month.split("-"))
                Complaint.objects.filter(pk=complaint.pk).update(
                    received_at=datetime(year, number, 12, tzinfo=UTC),
                    classification=rng.choice(DIMENSIONS["category"]),
                )


def truth():
    """{(dimension, key, month, province id): true count}, network-wide."""
    counts = {}
    for cell in StatCell.objects.filter(organisation__isnull=True):
        counts[(cell.dimension, cell.key, cell.month.strftime("%Y-%m"), cell.admin1_id)] = (
            cell.count
        )
    return counts


def publish(client, provinces):
    """Everything the API answers: {(dimension, province or None, start, end): body}."""
    answers = {}
    for dimension in [*DIMENSIONS, "month"]:
        for province in [None, *provinces]:
            for start, end in windows():
                params = {"by": dimension, "start": start, "end": end}
                if province is not None:
                    params["admin1"] = province.pk
                response = client.get(reverse("stats-complaints"), params)
                assert response.status_code == 200, response.content
                body = response.json()
                answers[(dimension, province and province.pk, start, end)] = {
                    "rows": {row["key"]: row for row in body["rows"]},
                    "total": body["total"],
                    "complete": body["complete"],
                }
    return answers


def row(answers, dimension, province, start, end, key):
    """(value, withheld) of one row of one answer: the value only where the row says it
    counts every case of its cells (no cell left out or withheld)."""
    found = answers[(dimension, province, start, end)]["rows"].get(key)
    if found is None:
        return 0, False
    if found["suppressed"]:
        return None, True
    return found["count"], False


def intervals_for(answers, dimension, key, month, province, provinces):
    """Every interval for one province-month cell the answers allow."""
    out = []
    value, withheld = row(answers, dimension, province, month, month, key)
    if value is not None:
        out.append((value - BOUND, value + BOUND))
    elif withheld:
        out.append((1 - BOUND, K - 1 + BOUND))
    # Two periods that differ by this month only.
    index = MONTHS.index(month)
    for start, end in windows():
        i, j = MONTHS.index(start), MONTHS.index(end)
        if not i <= index <= j or (i, j) == (index, index):
            continue
        if index == i:
            other = (MONTHS[i + 1], end)
        elif index == j:
            other = (start, MONTHS[j - 1])
        else:
            continue
        wide, _w = row(answers, dimension, province, start, end, key)
        narrow, _n = row(answers, dimension, province, *other, key)
        if wide is not None and narrow is not None:
            out.append((wide - narrow - BOUND, wide - narrow + BOUND))
    # The national row minus the other provinces'.
    national, _n = row(answers, dimension, None, month, month, key)
    others = [row(answers, dimension, p.pk, month, month, key)[0] for p in provinces]
    others = [v for p, v in zip(provinces, others, strict=True) if p.pk != province]
    if national is not None and all(v is not None for v in others):
        estimate = national - sum(others)
        out.append((estimate - BOUND, estimate + BOUND))
    # The province-month total minus the breakdown's other rows.
    total, _t = row(answers, "month", province, month, month, month)
    rest = [
        row(answers, dimension, province, month, month, other)[0]
        for other in DIMENSIONS[dimension]
        if other != key
    ]
    if total is not None and all(v is not None for v in rest):
        cells = 1 + len(rest)  # a row shown as 0 may hide a case or two under the noise
        estimate = total - sum(rest)
        out.append((estimate - BOUND * cells, estimate + BOUND * cells))
    return out


def intersect(intervals):
    low = max([0, *(lo for lo, _hi in intervals)])
    high = min(hi for _lo, hi in intervals) if intervals else math.inf
    return low, high


def linear_programme(bounds, target):
    """Min and max of `target` over the counts of one province-month, every breakdown
    summing to the same total, each count within its interval."""
    names = sorted(bounds)
    index = {name: i for i, name in enumerate(names)}
    equalities, rhs = [], []
    for dimension, keys in DIMENSIONS.items():
        line = [0.0] * len(names)
        for key in keys:
            line[index[(dimension, key)]] = 1.0
        line[index[("month", "total")]] = -1.0
        equalities.append(line)
        rhs.append(0.0)
    limits = [(bounds[name][0], bounds[name][1]) for name in names]
    objective = [0.0] * len(names)
    objective[index[target]] = 1.0
    low = linprog(objective, A_eq=equalities, b_eq=rhs, bounds=limits, method="highs")
    high = linprog([-c for c in objective], A_eq=equalities, b_eq=rhs, bounds=limits)
    assert low.status == 0 and high.status == 0
    return math.ceil(low.fun - 1e-9), math.floor(-high.fun + 1e-9)


def attack(answers, counts, provinces):
    recovered, misses = [], []
    for month in MONTHS:
        for province in [p.pk for p in provinces]:
            bounds = {}
            total_value, _w = row(answers, "month", province, month, month, month)
            bounds[("month", "total")] = (
                (max(0, total_value - BOUND), total_value + BOUND)
                if total_value is not None
                else (max(0, 1 - BOUND), K - 1 + BOUND)
            )
            for dimension, keys in DIMENSIONS.items():
                for key in keys:
                    found = intervals_for(answers, dimension, key, month, province, provinces)
                    low, high = intersect(found)
                    true = counts.get((dimension, key, month, province), 0)
                    bounds[(dimension, key)] = (low, min(high, 10_000))
                    if not low <= true <= high:
                        misses.append((dimension, key, month, province, true, low, high))
                    elif 0 < true < K and low == high:
                        recovered.append((dimension, key, month, province, true, "intervals"))
            for dimension, keys in DIMENSIONS.items():
                for key in keys:
                    true = counts.get((dimension, key, month, province), 0)
                    done = any(r[:4] == (dimension, key, month, province) for r in recovered)
                    if not 0 < true < K or done:
                        continue
                    low, high = linear_programme(bounds, (dimension, key))
                    if low == high:
                        recovered.append((dimension, key, month, province, true, "programme"))
    return recovered, misses


def _count(counts, where):
    dimension, key, month, province = where
    return sum(
        n for (d, k, m, a), n in counts.items()
        if (d, k, m) == (dimension, key, month) and (province is None or a == province)
    )  # fmt: skip


def release_differences(first, second, counts_first, counts_second, provinces):
    """Cells that gained 1 to 4 cases between the releases, attacked by subtracting the
    first release's row from the second's: (recovered, misses, how many were tried). The
    difference carries the noise of both releases' cells."""
    recovered, misses, tried = [], [], 0
    for dimension in DIMENSIONS:
        for key in DIMENSIONS[dimension]:
            for month in MONTHS:
                for province in [None, *(p.pk for p in provinces)]:
                    where = (dimension, key, month, province)
                    gained = _count(counts_second, where) - _count(counts_first, where)
                    if not 0 < gained < K:
                        continue
                    after, _a = row(second, dimension, province, month, month, key)
                    before, _b = row(first, dimension, province, month, month, key)
                    if after is None or before is None:
                        continue
                    tried += 1
                    cells = sum(
                        1 for (d, k, m, a) in counts_second
                        if (d, k, m) == (dimension, key, month)
                        and (province is None or a == province)
                    )  # fmt: skip
                    width = 2 * BOUND * cells
                    low, high = max(0, after - before - width), after - before + width
                    if not low <= gained <= high:
                        misses.append((*where, gained, low, high))
                    elif low == high:
                        recovered.append((*where, gained, "releases"))
    return recovered, misses, tried


def test_no_protected_cell_is_recovered_by_differencing_or_a_linear_programme(personas, settings):
    settings.AMANA_STATS_RATE = "100000/min"  # the attacker has all the time they need
    rng = random.Random(13)
    provinces = [Location.objects.create(name=f"Province {n}", level=1) for n in range(3)]
    add_cases(personas["focal_a"], provinces, rng, lambda m, p: rng.randint(2, 9))
    stats_rebuild()
    client = APIClient()
    client.force_authenticate(personas["analyst"])
    first, counts_first = publish(client, provinces), truth()
    add_cases(personas["focal_a"], provinces[:1], rng, lambda m, p: 1 if m in (1, 2) else 0)
    stats_rebuild()
    second, counts_second = publish(client, provinces), truth()

    small = sum(1 for (d, *_), n in counts_second.items() if d in DIMENSIONS and 0 < n < K)
    assert small > 100  # the population has many protected cells

    recovered, misses = [], []
    for answers, counts in ((first, counts_first), (second, counts_second)):
        found, missed = attack(answers, counts, provinces)
        recovered += found
        misses += missed
    found, missed, tried = release_differences(
        first, second, counts_first, counts_second, provinces
    )
    assert tried > 0  # the second release did change cells the attacker can compare
    recovered += found
    misses += missed
    assert misses == [], f"the published figures break their own noise bound: {misses[:5]}"
    assert recovered == [], f"{len(recovered)} protected cells recovered, e.g. {recovered[:5]}"


def test_national_figures_of_small_groups_are_shown(personas, settings):
    settings.AMANA_STATS_RATE = "100000/min"
    rng = random.Random(7)
    provinces = [Location.objects.create(name=f"Province {n}", level=1) for n in range(3)]
    # 1 or 2 cases a province and month: every cell is small, the country is not.
    add_cases(personas["focal_a"], provinces, rng, lambda m, p: rng.randint(1, 2))
    stats_rebuild()
    client = APIClient()
    client.force_authenticate(personas["analyst"])
    counts = defaultdict(int)
    cells = defaultdict(int)
    for (dimension, key, _month, _province), n in truth().items():
        counts[(dimension, key)] += n
        cells[(dimension, key)] += 1
    for dimension in DIMENSIONS:
        body = client.get(reverse("stats-complaints"), {"by": dimension}).json()
        for published in body["rows"]:
            true = counts.get((dimension, published["key"]), 0)
            if not true:
                assert published["count"] == 0
                continue
            assert published["count"] is not None, (dimension, published["key"], true)
            assert abs(published["count"] - true) <= BOUND * cells[(dimension, published["key"])]
