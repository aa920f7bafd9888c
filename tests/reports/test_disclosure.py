"""The disclosure-control module on its own."""

from reports import disclosure


def rows(table):
    return {row["key"]: row for row in table["rows"]}


def test_a_small_cell_is_suppressed_and_marked_not_zeroed():
    table = disclosure.table([("rape", 2), ("transactional_sex", 9), ("sexual_assault", 0)], k=5)
    cells = rows(table)
    assert cells["rape"] == {"key": "rape", "count": None, "suppressed": True}
    assert cells["transactional_sex"]["count"] == 9
    assert cells["sexual_assault"] == {"key": "sexual_assault", "count": 0, "suppressed": False}


def test_the_total_minus_the_other_cells_recovers_nothing():
    table = disclosure.table([("rape", 2), ("transactional_sex", 9), ("solicitation", 6)], k=5)
    published = [row["count"] for row in table["rows"] if row["count"] is not None]
    assert table["total"] - sum(published) == 0  # not 2
    assert table["complete"] is False


def test_a_row_keeps_its_publishable_cells_and_says_some_were_left_out():
    # One category across three (month, admin1) cells: 7 + 3 + 6; the 3 never shows.
    table = disclosure.table([("rape", 7), ("rape", 3), ("rape", 6)], k=5)
    assert rows(table)["rape"] == {"key": "rape", "count": 13, "suppressed": True}


def test_overlapping_filters_cannot_isolate_a_suppressed_cell():
    # Base cells by month: January 6, February 2 (small), March 8.
    months = {"2026-01": 6, "2026-02": 2, "2026-03": 8}

    def published_total(selected):
        return disclosure.table([("sea", months[m]) for m in selected], k=5)["total"]

    jan_to_mar = published_total(["2026-01", "2026-02", "2026-03"])
    jan_and_mar = published_total(["2026-01", "2026-03"])
    jan_to_feb = published_total(["2026-01", "2026-02"])
    january = published_total(["2026-01"])
    assert jan_to_mar - jan_and_mar == 0  # not 2
    assert jan_to_feb - january == 0  # not 2


def test_an_organisations_cell_is_hidden_when_the_rest_of_the_network_is_small():
    network = {("m", 1, "sea"): 7, ("m", 1, "rape"): 12}
    own = [(("m", 1, "sea"), 5), (("m", 1, "rape"), 5)]
    assert dict(disclosure.own_cells(own, network, k=5)) == {
        ("m", 1, "sea"): 1,
        ("m", 1, "rape"): 5,
    }
    # 7 - 5 = 2 other cases: publishing 5 would reveal them, so it is turned into a small
    # (suppressed) cell; 12 - 5 = 7 is safe.


def test_a_percentage_is_withheld_when_its_parts_are_small():
    assert disclosure.ratio(18, 20, k=5)["suppressed"] is True  # 2 not referred
    assert disclosure.ratio(3, 4, k=5) == {"percent": None, "suppressed": True, "denominator": None}
    assert disclosure.ratio(10, 20, k=5) == {
        "percent": 50.0,
        "suppressed": False,
        "denominator": 20,
    }
