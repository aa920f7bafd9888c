"""The disclosure-control module on its own: consistent, bounded perturbation of base
cells, and the rule of 5 below national level (reports/disclosure.py)."""

from collections import Counter

from reports import disclosure


def rows(table):
    return {row["key"]: row for row in table["rows"]}


def test_the_same_cases_always_get_the_same_noise():
    assert [disclosure.perturb(3, 517) for _ in range(5)] == [disclosure.perturb(3, 517)] * 5
    # The cell key is the sum of the record keys modulo 256.
    assert disclosure.perturb(3, 517) == disclosure.perturb(3, 517 % 256)


def test_noise_is_bounded_zero_on_average_and_never_negative_or_invented():
    for count in range(0, 40):
        values = [disclosure.perturb(count, key) for key in range(disclosure.KEY_SPACE)]
        assert all(value >= 0 for value in values)
        assert all(abs(value - count) <= disclosure.NOISE_BOUND for value in values)
        assert sum(values) == count * disclosure.KEY_SPACE  # zero on average over the keys
    assert {disclosure.perturb(0, key) for key in range(256)} == {0}  # no case, no count


def test_a_published_small_value_could_come_from_several_true_counts():
    # Whatever the attacker sees, at least two true counts could have produced it.
    seen = Counter()
    for count in range(1, 10):
        for key in range(disclosure.KEY_SPACE):
            seen[(disclosure.perturb(count, key), count)] += 1
    for published in range(0, 8):
        assert len({count for (value, count) in seen if value == published}) >= 2, published


def test_national_figures_show_small_groups_and_finer_ones_withhold_them():
    cells = [("male", 3), ("female", 9), ("other_unknown", 0)]
    national = rows(disclosure.table(cells, k=5))
    assert national["male"] == {"key": "male", "count": 3, "suppressed": False}
    province = disclosure.table(cells, national=False, k=5)
    assert rows(province)["male"] == {"key": "male", "count": None, "suppressed": True}
    assert rows(province)["other_unknown"]["count"] == 0
    assert province["total"] == 9  # the rows shown
    assert province["complete"] is False


def test_rows_and_totals_add_up():
    # One category across three (month, admin1) cells: published 7 + 3 + 6.
    table = disclosure.table([("rape", 7), ("rape", 3), ("sea", 6)], k=5)
    assert rows(table)["rape"]["count"] == 10
    assert table["total"] == 16


def test_a_percentage_is_withheld_when_its_parts_are_small():
    assert disclosure.ratio(18, 20, k=5)["suppressed"] is True  # 2 not referred
    assert disclosure.ratio(3, 4, k=5) == {"percent": None, "suppressed": True, "denominator": None}
    assert disclosure.ratio(10, 20, k=5) == {
        "percent": 50.0,
        "suppressed": False,
        "denominator": 20,
    }
