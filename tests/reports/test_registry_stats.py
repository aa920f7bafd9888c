"""Statistics of the victim-of-trafficking registry (issue 14, point 7): its dimensions,
one-way and two-way tables, through the disclosure model of issue 13."""

import copy
import itertools
from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from complaints.services import PersonData
from core import apikeys
from core.codes import COUNTRY_CHOICES
from core.models import ApiKey, AuditEvent, Location
from pathways.codes import ServiceType
from reports import disclosure, registry_cells
from reports.aggregates import stats_rebuild
from reports.disclosure import NOISE_BOUND, PTABLE
from reports.models import StatCell, StatRelease
from trafficking import codes

from ..trafficking.conftest import AssistancePlanFactory, PlanServiceFactory, VictimFactory

pytestmark = pytest.mark.django_db

STATS = reverse("stats-victims")


def key_client(personas, organisation, scope=ApiKey.Scope.NETWORK):
    _key, raw = apikeys.api_key_create(
        actor=personas["coordinator"], organisation=organisation, name="test", scope=scope
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


@pytest.fixture(autouse=True)
def victims_in_key_scopes(settings):
    """Statistics keys reach the new endpoint: "stats-victims" belongs in
    config/settings/base.py's _STATISTICS_API (the lead's edit); until then, here."""
    scopes = copy.deepcopy(settings.AMANA_API_KEY_SCOPES)
    for scope in ("network", "organisation"):
        if "stats-victims" not in scopes[scope]["GET"]:
            scopes[scope]["GET"] = [*scopes[scope]["GET"], "stats-victims"]
    settings.AMANA_API_KEY_SCOPES = scopes


@pytest.fixture
def api(personas, agency_a):
    return key_client(personas, agency_a)


@pytest.fixture
def province(db):
    return Location.objects.create(name="Gaziantep", level=1)


def victim(organisation, **fields):
    fields.setdefault("registered_on", date(2026, 3, 9))
    return VictimFactory(organisation=organisation, **fields)


def true_count(by, key, by2=None, organisation=None):
    """What the records hold (never published): the base cells' true counts, summed."""
    a, b = registry_cells.two_way(by, by2) if by2 else (by, None)
    cells = StatCell.objects.filter(
        dimension=registry_cells.stored(a, b), key=key, organisation=organisation
    )
    return sum(cells.values_list("count", flat=True)), cells.count()


def near(published, by, key, by2=None):
    true, cells = true_count(by, key, by2)
    return published is not None and abs(published - true) <= NOISE_BOUND * max(cells, 1)


def rows(client, **params):
    response = client.get(STATS, params)
    assert response.status_code == 200, response.content
    body = response.json()
    return {row["key"]: row for row in body["rows"]}, body


def test_a_victim_shows_under_each_purpose_and_their_countries(personas, agency_a, api):
    victim(agency_a, purposes=["sexual", "forced_labour"], citizenship=["NGA"],
           exploitation_countries=["LBY", "ITA"], gender="female", age_band="18--20")  # fmt: skip
    stats_rebuild()
    assert true_count("purpose", "sexual") == (1, 1)
    assert true_count("purpose", "forced_labour") == (1, 1)
    assert true_count("purpose", "slavery") == (0, 0)
    assert true_count("citizenship", "NGA") == (1, 1)
    assert true_count("exploitation_country", "LBY") == (1, 1)
    assert true_count("citizenship", "NGA|ITA", "exploitation_country") == (1, 1)
    assert true_count("gender", "female|sexual", "purpose") == (1, 1)
    assert true_count("age_band", "18--20|forced_labour", "purpose") == (1, 1)
    purposes, body = rows(api, by="purpose")
    assert list(purposes) == [*codes.Purpose.values, "not_recorded"]
    assert near(purposes["sexual"]["count"], "purpose", "sexual")
    assert purposes["slavery"] == {"key": "slavery", "count": 0, "suppressed": False}
    countries, _body = rows(api, by="citizenship")
    assert list(countries) == [code for code, _name in COUNTRY_CHOICES]  # all 249, and ZZZ
    assert near(countries["NGA"]["count"], "citizenship", "NGA")
    assert body["release"]["id"] == StatRelease.objects.get().pk


def test_every_code_is_a_key_and_reads_back(personas, agency_a, api):
    everything = {field: list(choices.values) for field, choices in codes.MULTIPLE_CHOICE.items()}
    every_country = [code for code, _name in COUNTRY_CHOICES]
    victim(agency_a, citizenship=every_country, exploitation_countries=["TUR"], **everything)
    victim(agency_a, citizenship=["SYR"], exploitation_countries=every_country)
    for status in ("presumed", "identified"):
        for gender, band, duration in itertools.zip_longest(
            codes.Gender.values, codes.AgeBand.values, codes.Duration.values
        ):
            victim(agency_a, status=status, gender=gender or "female",
                   age_band=band or "unknown", duration=duration or "unknown")  # fmt: skip
    plan = AssistancePlanFactory(victim=victim(agency_a))
    for service in ServiceType.values:
        PlanServiceFactory(plan=plan, service=service, status="provided")
    stats_rebuild()
    for by, keys in registry_cells.DIMENSIONS.items():
        if by in ("month", "admin1"):
            continue
        published, _body = rows(api, by=by)
        assert list(published) == keys, by
        for key in keys:
            if key not in ("not_recorded", "none", "ZZZ") or by == "citizenship":
                assert true_count(by, key)[0] >= 1, (by, key)
                assert near(published[key]["count"], by, key), (by, key)


def test_only_consenting_presumed_or_identified_victims_count(personas, agency_a, api):
    victim(agency_a, purposes=["begging"], status="presumed")
    victim(agency_a, purposes=["begging"], status="identified")
    victim(agency_a, purposes=["begging"], consents_to_statistics=False)
    victim(agency_a, purposes=["begging"], status="not_a_victim")
    stats_rebuild()
    assert true_count("purpose", "begging") == (2, 1)
    assert true_count("month", "") == (2, 1)
    statuses, _body = rows(api, by="status")
    assert set(statuses) == {"presumed", "identified"}  # "not a victim" is no row


def test_assistance_counts_provided_services_by_type_once_per_victim(personas, agency_a):
    plan = AssistancePlanFactory(victim=victim(agency_a))
    PlanServiceFactory(plan=plan, service="shelter", status="provided")
    PlanServiceFactory(plan=plan, service="medical", status="provided")
    PlanServiceFactory(plan=plan, service="medical", status="provided")
    PlanServiceFactory(plan=plan, service="legal", status="referred")
    victim(agency_a)  # no plan: nothing provided
    stats_rebuild()
    assert true_count("assistance", "shelter") == (1, 1)
    assert true_count("assistance", "medical") == (1, 1)
    assert true_count("assistance", "legal") == (0, 0)
    assert true_count("assistance", "none") == (1, 1)
    assert true_count("assistance", "medical|forced_labour", "purpose") == (1, 1)


def _keys(count, noise):
    """Record keys for `count` victims whose cell publishes count + noise."""
    first = [1] * (count - 1)
    last = next(k for k in range(256) if disclosure.perturb(count, sum(first) + k) == count + noise)
    return [*first, last]


def test_a_small_cell_shows_nationally_and_is_withheld_in_its_province(
    personas, agency_a, api, province
):
    # Two trans victims publish as exactly 2 (their cell key has no noise): shown at
    # national level, withheld in the province (1 to 4, DOMAIN.md section 7).
    for key in _keys(2, 0):
        victim(agency_a, gender="trans", location=province, stat_key=key)
    for _ in range(9):
        victim(agency_a, gender="female", location=province, stat_key=0)
    stats_rebuild()
    national, _body = rows(api, by="gender")
    assert national["trans"] == {"key": "trans", "count": 2, "suppressed": False}
    local, body = rows(api, by="gender", admin1=province.pk)
    assert local["trans"] == {"key": "trans", "count": None, "suppressed": True}
    assert body["complete"] is False
    assert body["total"] == local["female"]["count"]  # the rows shown, never the true total
    by_province, _body = rows(api, by="admin1")
    assert by_province["Gaziantep"]["count"] >= 5


def test_published_figures_are_perturbed_within_the_bound(personas, agency_a, api):
    for i in range(24):
        victim(agency_a, gender=codes.Gender.values[i % 3], purposes=[codes.Purpose.values[i % 4]],
               registered_on=date(2026, 1 + i % 4, 2), stat_key=(i * 37) % 256)  # fmt: skip
    stats_rebuild()
    cells = StatCell.objects.filter(dimension__startswith="tip:")
    assert any(cell.perturbed != cell.count for cell in cells)
    assert all(abs(cell.perturbed - cell.count) <= NOISE_BOUND for cell in cells)
    months, body = rows(api, by="month")
    published = {m: r["count"] for m, r in months.items()}
    expected = {
        cell.month.strftime("%Y-%m"): cell.perturbed
        for cell in cells.filter(dimension="tip:month", organisation=None)
    }
    assert published == expected  # every figure is a perturbed cell, not the count
    assert body["total"] == sum(published.values())


def test_a_two_way_table_adds_up_to_its_margins(personas, agency_a, api, province):
    for i in range(30):
        purposes = [codes.Purpose.values[i % 3]] + (["begging"] if i % 5 == 0 else [])
        victim(agency_a, gender=codes.Gender.values[i % 2], age_band=codes.AgeBand.values[i % 4],
               purposes=purposes, location=province, stat_key=(i * 53) % 256)  # fmt: skip
    stats_rebuild()
    for params in ({}, {"admin1": province.pk}):
        response = api.get(STATS, {"by": "gender", "by2": "purpose", **params})
        assert response.status_code == 200
        body = response.json()
        cells = {(c["key"], c["key2"]): c for c in body["cells"]}
        assert len(cells) == len(codes.Gender.values) * (len(codes.Purpose.values) + 1)
        for margin, side in ((body["rows"], 0), (body["columns"], 1)):
            for row in margin:
                inside = [c for pair, c in cells.items() if pair[side] == row["key"]]
                assert row["count"] == sum(c["count"] or 0 for c in inside)
                assert row["suppressed"] == any(c["suppressed"] for c in inside)
            assert sum(row["count"] for row in margin) == body["total"]
        female_sexual = cells[("female", "sexual")]
        if female_sexual["count"] is not None:
            assert near(female_sexual["count"], "gender", "female|sexual", "purpose")
        # The same table asked the other way round: the same cells, transposed.
        flipped = api.get(STATS, {"by": "purpose", "by2": "gender", **params}).json()
        assert {(c["key2"], c["key"]): c["count"] for c in flipped["cells"]} == {
            pair: c["count"] for pair, c in cells.items()
        }
        assert flipped["rows"] == body["columns"]
    local = api.get(STATS, {"by": "gender", "by2": "purpose", "admin1": province.pk}).json()
    assert local["complete"] is False  # the begging cells are small: withheld in the province
    assert any(c["suppressed"] for c in local["cells"])


def test_citizenship_by_country_of_exploitation_lists_the_pairs_counted(personas, agency_a, api):
    # Keys whose cells publish their count (1 alone, 2 together): the pairs are listed.
    key = next(
        k for k in range(256) if disclosure.perturb(1, k) == 1 == disclosure.perturb(2, 2 * k) - 1
    )
    victim(agency_a, citizenship=["NGA"], exploitation_countries=["LBY", "ITA"], stat_key=key)
    victim(agency_a, citizenship=["NGA", "GHA"], exploitation_countries=["LBY"], stat_key=key)
    # One victim whose cell publishes 0: listed no more than an empty pair.
    victim(agency_a, citizenship=["AFG"], exploitation_countries=["IRN"], stat_key=_keys(1, -1)[0])
    stats_rebuild()
    assert true_count("citizenship", "AFG|IRN", "exploitation_country") == (1, 1)
    body = api.get(STATS, {"by": "citizenship", "by2": "exploitation_country"}).json()
    pairs = {(c["key"], c["key2"]) for c in body["cells"]}
    assert pairs == {("NGA", "LBY"), ("NGA", "ITA"), ("GHA", "LBY")}
    assert true_count("citizenship", "NGA|LBY", "exploitation_country") == (2, 1)
    assert {row["key"] for row in body["rows"]} == {"NGA", "GHA"}


def test_bad_parameters_get_clear_messages(personas, agency_a, api):
    for params, field, words in [
        ({"by": "names"}, "by", "Choose one of"),
        ({"by": "gender", "by2": "means"}, "by2", "No two-way table of gender by means"),
        ({"by": "gender", "by2": "gender"}, "by2", "No two-way table"),
        ({"by": "month", "by2": "purpose"}, "by2", "Offered"),
        ({"by": "gender", "sex": "male"}, "sex", "Unknown parameter"),
        ({"by": "gender", "start": "March"}, "start", "YYYY-MM"),
    ]:
        response = api.get(STATS, params)
        assert response.status_code == 400, params
        assert words in str(response.json()["error"]["fields"][field]), params


def test_one_rebuild_builds_complaints_and_victims_in_one_release(
    personas, agency_a, api, log_complaint
):
    counted = PersonData(
        roles={"survivor"}, values={"sex": "female"}, consents={"statistics": True}
    )
    log_complaint(personas["focal_a"], persons=[counted])
    victim(agency_a)
    stats_rebuild()
    release = StatRelease.objects.get()
    dimensions = set(StatCell.objects.values_list("dimension", flat=True))
    assert "tip:purpose" in dimensions and "tip:gender*purpose" in dimensions
    assert "category" in dimensions
    assert release.cells == StatCell.objects.count()
    victim(agency_a)
    stats_rebuild()
    assert true_count("month", "")[0] == 2
    _rows, body = rows(api, by="gender")
    assert body["release"]["id"] == StatRelease.objects.order_by("-pk").first().pk


def test_an_organisation_key_reads_its_own_victims(personas, agency_a, agency_b):
    for _ in range(6):
        victim(agency_a, gender="male")
    victim(agency_b, gender="male")
    stats_rebuild()
    own = key_client(personas, agency_a, ApiKey.Scope.ORGANISATION)
    genders, _body = rows(own, by="gender", scope="own")
    assert true_count("gender", "male", organisation=agency_a) == (6, 1)
    assert genders["male"]["count"] is None or abs(genders["male"]["count"] - 6) <= NOISE_BOUND
    network = key_client(personas, agency_b)
    assert network.get(STATS, {"by": "gender", "scope": "own"}).status_code == 404


def test_who_reads_the_victims_statistics(client, personas, agency_a):
    victim(agency_a)
    stats_rebuild()
    for persona, status in [("analyst", 200), ("coordinator", 200), ("focal_a", 403),
                            ("provider", 403), ("admin", 403)]:  # fmt: skip
        client.force_login(personas[persona])
        assert client.get(STATS, {"by": "gender"}).status_code == status, persona
    client.logout()
    assert client.get(STATS).status_code == 401
    event = AuditEvent.objects.filter(action="stats.victims").first()
    assert event.detail["by"] == "gender"


def test_csv_of_a_two_way_table(personas, agency_a, api):
    victim(agency_a, gender="female", purposes=["sexual"])
    stats_rebuild()
    response = api.get(STATS, {"by": "gender", "by2": "purpose", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert any(
        line.startswith("gender,female|sexual,") for line in response.content.decode().splitlines()
    )


def test_the_endpoint_is_documented_and_answers_without_parameters(client, personas):
    from yaml import safe_load

    schema = safe_load(client.get(reverse("api-schema")).content)
    operation = schema["paths"]["/api/v1/stats/victims/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"by", "by2", "start", "end", "admin1", "scope"} <= names
    client.force_login(personas["analyst"])
    assert client.get(STATS).json()["by"] == "month"


@pytest.fixture
def registry(agency_a, province):
    other = Location.objects.create(name="Hatay", level=1)
    for i in range(12):
        victim(agency_a, gender=codes.Gender.values[i % 2], purposes=[codes.Purpose.values[i % 3]],
               location=(province, other)[i % 2], stat_key=i * 11)  # fmt: skip
    stats_rebuild()


# Every call with a key: 1 key (organisation joined), 2 the key's last use (update), 3 audit
# insert (the call); then, per request, as written above it.
@pytest.mark.parametrize(
    ("params", "queries"),
    [
        # 4 the cells, 5 the release
        ({"by": "gender"}, 5),
        ({"by": "citizenship"}, 5),
        # 4 the cells, 5 the provinces' names, 6 the release
        ({"by": "admin1"}, 6),
        # 4 the province exists, 5 the cells, 6 the release
        ({"by": "purpose", "admin1": "PROVINCE"}, 6),
        # 4 the two-way cells, 5 the release
        ({"by": "gender", "by2": "purpose"}, 5),
        ({"by": "citizenship", "by2": "exploitation_country"}, 5),
    ],
)
def test_query_counts(api, registry, province, params, queries, django_assert_num_queries):
    params = {k: province.pk if v == "PROVINCE" else v for k, v in params.items()}
    with django_assert_num_queries(queries):
        response = api.get(STATS, params)
    assert response.status_code == 200


def _support(true):
    """The published values a cell of `true` records can take (Kerckhoffs: the attacker
    knows the method and its table)."""
    if true == 0:
        return {0}
    return {true + noise for noise, _chance in PTABLE[min(true, 3)]}


def test_margins_and_one_way_tables_do_not_solve_a_withheld_cell(personas, agency_a, api, province):
    """A province's gender x purpose table with every cell small (withheld there), its
    national figures shown (one province: the same base cells), the one-way tables by
    gender, by purpose and by month: the attacker tries every true table and keeps those
    that could have published all of it. No withheld cell may be pinned to one value."""
    sizes = {("female", "sexual"): 1, ("female", "forced_labour"): 3,
             ("male", "sexual"): 2, ("male", "forced_labour"): 4}  # fmt: skip
    key = 7
    for (gender, purpose), n in sizes.items():
        for _ in range(n):
            key = (key * 29 + 11) % 256
            victim(agency_a, gender=gender, purposes=[purpose], location=province, stat_key=key)
    stats_rebuild()
    local = api.get(STATS, {"by": "gender", "by2": "purpose", "admin1": province.pk}).json()
    withheld = [(c["key"], c["key2"]) for c in local["cells"] if c["suppressed"]]
    assert withheld  # the test is about something
    national = api.get(STATS, {"by": "gender", "by2": "purpose"}).json()
    cell = {(c["key"], c["key2"]): c["count"] for c in national["cells"]}
    genders, _ = rows(api, by="gender")
    purposes, _ = rows(api, by="purpose")
    months, _ = rows(api, by="month")
    pairs = list(sizes)
    feasible = []
    for guess in itertools.product(range(7), repeat=len(pairs)):
        table = dict(zip(pairs, guess, strict=True))
        if any(cell[pair] not in _support(table[pair]) for pair in pairs):
            continue
        by_gender = {
            g: sum(n for (x, _p), n in table.items() if x == g) for g in ("female", "male")
        }
        by_purpose = {p: sum(n for (_g, y), n in table.items() if y == p) for p in ("sexual", "forced_labour")}  # fmt: skip
        if any(genders[g]["count"] not in _support(n) for g, n in by_gender.items()):
            continue
        if any(purposes[p]["count"] not in _support(n) for p, n in by_purpose.items()):
            continue
        if months["2026-03"]["count"] not in _support(sum(guess)):
            continue
        # The local margins are sums of the shown local cells: they add nothing.
        feasible.append(table)
    assert any(table == sizes for table in feasible)  # the truth is among them
    for pair in withheld:
        assert len({table[pair] for table in feasible}) > 1, pair
