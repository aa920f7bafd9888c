"""The statistics API: keys, scopes, suppression, differencing, no identifying output."""

import json
import re
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from complaints import services
from complaints.models import Complaint
from complaints.services import PersonData
from core import apikeys
from core.models import ApiKey, AuditEvent, Location
from referrals import services as referral_services
from reports import aggregates
from reports.aggregates import stats_rebuild
from reports.disclosure import NOISE_BOUND
from reports.models import StatCell, StatRelease

from ..complaints.conftest import CANARY_NAME, CANARY_PHONE, CANARY_STORY, intake_data

pytestmark = pytest.mark.django_db

STATS = reverse("stats-complaints")


def survivor(consent=True, **values):
    return PersonData(roles={"survivor"}, values={"name": CANARY_NAME, "phone": CANARY_PHONE, "sex": "female", "age_group": "18-25", **values},
                      consents={"statistics": consent, "investigation": True})  # fmt: skip


@pytest.fixture
def cases(personas):
    """Received by agency A: 6 transactional sex in January, 2 rape in February (small),
    7 transactional sex in March; received by agency B: 5 rape in March; 3 without
    consent to statistics (never counted)."""
    gaziantep = Location.objects.create(name="Gaziantep", level=1)

    def log(actor, n, subcategory, month, consent=True):
        for _ in range(n):
            complaint = services.complaint_intake(
                actor=actor,
                data=intake_data(
                    subcategory=subcategory, location=gaziantep, persons=[survivor(consent)]
                ),
                submit=True,
            )
            Complaint.objects.filter(pk=complaint.pk).update(
                received_at=datetime(2026, month, 10, tzinfo=UTC), classification="sea"
            )

    log(personas["focal_a"], 6, "transactional_sex", 1)
    log(personas["focal_a"], 2, "rape", 2)
    log(personas["focal_a"], 7, "transactional_sex", 3)
    log(personas["focal_b"], 5, "rape", 3)
    log(personas["focal_a"], 3, "sexual_assault", 3, consent=False)
    stats_rebuild()
    return gaziantep


def key_client(personas, organisation, scope=ApiKey.Scope.NETWORK):
    key, raw = apikeys.api_key_create(
        actor=personas["coordinator"], organisation=organisation, name="test", scope=scope
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client, key


def by_month(client, **params):
    response = client.get(STATS, {"by": "month", **params})
    assert response.status_code == 200, response.content
    return {row["key"]: row for row in response.json()["rows"]}, response.json()


def true_count(dimension, key, organisation=None):
    """What the cases hold (never published): the sum of the base cells' true counts."""
    cells = StatCell.objects.filter(dimension=dimension, key=key, organisation=organisation)
    return sum(cells.values_list("count", flat=True)), cells.count()


def near(published, dimension, key, organisation=None):
    """A published value is its true count within the noise bound of each base cell."""
    true, cells = true_count(dimension, key, organisation)
    return published is not None and abs(published - true) <= NOISE_BOUND * cells


def test_national_figures_show_every_month_perturbed_and_adding_up(personas, agency_a, cases):
    client, _key = key_client(personas, agency_a)
    months, body = by_month(client)
    assert true_count("month", "") == (20, 3)  # 6 + 2 + 12 (3 without consent uncounted)
    for month in ("2026-01", "2026-02", "2026-03"):
        assert months[month]["suppressed"] is False
        assert 0 <= months[month]["count"] <= 14
    assert abs(months["2026-01"]["count"] - 6) <= NOISE_BOUND
    assert abs(months["2026-02"]["count"] - 2) <= NOISE_BOUND
    assert abs(months["2026-03"]["count"] - 12) <= NOISE_BOUND
    assert body["total"] == sum(row["count"] for row in months.values())
    assert body["release"]["id"] == StatRelease.objects.get().pk


def test_a_province_withholds_its_small_month(personas, agency_a, cases):
    client, _key = key_client(personas, agency_a)
    months, body = by_month(client, admin1=cases.pk)
    # February's 2 cases publish as 0 to 4: 1 to 4 is withheld below national level.
    assert months["2026-02"]["count"] in (0, None)
    if months["2026-02"]["count"] is None:
        assert months["2026-02"]["suppressed"] is True
        assert body["complete"] is False
    assert body["total"] == sum(row["count"] or 0 for row in months.values())


def test_differencing_periods_yields_the_same_perturbed_value_on_every_path(
    personas, agency_a, cases
):
    client, _key = key_client(personas, agency_a)
    _rows, jan_to_mar = by_month(client, start="2026-01", end="2026-03")
    _rows, jan_to_feb = by_month(client, start="2026-01", end="2026-02")
    _rows, feb_to_mar = by_month(client, start="2026-02", end="2026-03")
    _rows, jan_only = by_month(client, start="2026-01", end="2026-01")
    _rows, mar_only = by_month(client, start="2026-03", end="2026-03")
    february, _body = by_month(client, start="2026-02", end="2026-02")
    published = february["2026-02"]["count"]
    assert jan_to_mar["total"] - jan_only["total"] - mar_only["total"] == published
    assert jan_to_feb["total"] - jan_only["total"] == published
    assert feb_to_mar["total"] - mar_only["total"] == published
    # The same value whichever way: averaging many differences learns nothing more, and
    # the value is the count plus noise, not the count.


def test_a_rebuild_with_nothing_new_publishes_the_same_figures_as_a_new_release(
    personas, agency_a, cases
):
    client, _key = key_client(personas, agency_a)
    first = StatRelease.objects.get()
    before = {cell.pk: cell.perturbed for cell in StatCell.objects.all()}
    stats_rebuild()  # nothing changed: the same figures
    after = [cell.perturbed for cell in StatCell.objects.all()]
    assert sorted(after) == sorted(before.values())  # the noise is the cases', not the build's
    _months, body = by_month(client)
    assert body["release"]["id"] > first.pk


def test_cases_without_consent_to_statistics_are_never_counted(personas, agency_a, cases):
    assert true_count("category", "sexual_assault") == (0, 0)
    client, _key = key_client(personas, agency_a)
    body = client.get(STATS, {"by": "category"}).json()
    assert "sexual_assault" not in {row["key"] for row in body["rows"] if row["count"]}


def test_survivors_are_counted_by_sex_and_age(personas, agency_a, cases):
    assert true_count("age_group", "18-25")[0] == 20
    client, _key = key_client(personas, agency_a)
    rows = {row["key"]: row for row in client.get(STATS, {"by": "age_group"}).json()["rows"]}
    assert near(rows["18-25"]["count"], "age_group", "18-25")
    assert rows["0-11"] == {"key": "0-11", "count": 0, "suppressed": False}


def test_a_revoked_key_gets_401_at_once(personas, agency_a, cases):
    client, key = key_client(personas, agency_a)
    assert client.get(STATS, {"by": "month"}).status_code == 200
    apikeys.api_key_revoke(actor=personas["coordinator"], key=key)
    response = client.get(STATS, {"by": "month"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_an_organisation_key_reaches_its_own_figures_and_no_one_elses(
    personas, agency_a, agency_b, cases
):
    own_a, _ = key_client(personas, agency_a, ApiKey.Scope.ORGANISATION)
    rows = {
        row["key"]: row
        for row in own_a.get(STATS, {"by": "category", "scope": "own"}).json()["rows"]
    }
    assert true_count("category", "sea", agency_a)[0] == 15  # agency A's 6 + 2 + 7
    assert near(rows["sea"]["count"], "category", "sea", agency_a)
    network_key, _ = key_client(personas, agency_b)
    assert network_key.get(STATS, {"by": "category", "scope": "own"}).status_code == 404
    own_b, _ = key_client(personas, agency_b, ApiKey.Scope.ORGANISATION)
    rows_b = {
        row["key"]: row
        for row in own_b.get(STATS, {"by": "category", "scope": "own"}).json()["rows"]
    }
    assert true_count("category", "sea", agency_b)[0] == 5
    # Its own 5, perturbed, withheld if that makes it 1 to 4 (below national level).
    assert rows_b["sea"]["count"] is None or near(
        rows_b["sea"]["count"], "category", "sea", agency_b
    )
    # Asking for another organisation is refused, not ignored.
    response = own_b.get(STATS, {"by": "category", "scope": "own", "organisation": agency_a.pk})
    assert response.status_code == 400
    assert "organisation" in response.json()["error"]["fields"]


def test_bad_filters_get_clear_messages(personas, agency_a, cases):
    client, _key = key_client(personas, agency_a)
    for params, field in [({"by": "names"}, "by"), ({"by": "month", "start": "March"}, "start"),
                          ({"by": "month", "start": "2026-05", "end": "2026-01"}, "end"), ({"by": "month", "admin1": 99999}, "admin1"),
                          ({"by": "month", "start": "0000-01"}, "start"), ({"by": "month", "end": "9999-12"}, "end"),
                          ({"by": "month", "admin1": "x"}, "admin1"), ({"by": "month", "scope": "all"}, "scope"),
                          ({"by": "month", "sex": "male"}, "sex")]:  # fmt: skip
        response = client.get(STATS, params)
        assert response.status_code == 400
        assert field in json.dumps(response.json())


def test_only_analysts_coordinators_and_keys_read_statistics(client, personas, cases):
    for persona, status in [
        ("analyst", 200),
        ("coordinator", 200),
        ("focal_a", 403),
        ("provider", 403),
        ("admin", 403),
    ]:
        client.force_login(personas[persona])
        assert client.get(STATS, {"by": "month"}).status_code == status, persona
    client.logout()
    assert client.get(STATS, {"by": "month"}).status_code == 401


def test_every_call_is_audited_and_throttled(personas, agency_a, cases, settings):
    settings.AMANA_STATS_RATE = "2/min"
    client, key = key_client(personas, agency_a)
    statuses = [client.get(STATS, {"by": "month"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    calls = AuditEvent.objects.filter(action="stats.complaints", detail__key=key.prefix)
    assert list(calls.values_list("actor_role", flat=True)) == ["api_key", "api_key"]


def test_a_signed_in_readers_calls_are_audited_under_their_role(client, personas, cases):
    client.force_login(personas["analyst"])
    client.get(STATS, {"by": "month"})
    assert AuditEvent.objects.get(action="stats.complaints").actor_role == "analyst"


def test_csv_is_offered(personas, agency_a, cases):
    client, _key = key_client(personas, agency_a)
    response = client.get(STATS, {"by": "month", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "table,key,count,suppressed"
    assert any(line.startswith("month,2026-02,") for line in lines)


IDENTIFYING = [CANARY_NAME, CANARY_PHONE, CANARY_STORY, "canary"]


def test_no_endpoint_returns_a_name_a_story_a_reference_or_an_exact_date(client, personas, cases):
    complaint = Complaint.objects.filter(receiving_organisation__acronym="AGB").first()
    services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="sea",
        priority="high", implicated_organisation=personas["investigator_a"].organisation,
    )  # fmt: skip
    referral_services.investigation_refer(actor=personas["coordinator"], complaint=complaint)
    stats_rebuild()
    client.force_login(personas["analyst"])
    for name in ("stats-complaints", "stats-referrals", "stats-trainings", "stats-focal-points"):
        for by in (
            "month",
            "category",
            "entry_point",
            "admin1",
            "sex",
            "age_group",
            "organisation_type",
            "status",
        ):
            body = client.get(reverse(name), {"by": by}).json()
            body.pop("release", None)  # when the figures were built, not about any case
            text = json.dumps(body)
            for secret in IDENTIFYING:
                assert secret not in text
            assert not re.search(r"AM-[A-Z0-9]{4}-[A-Z0-9]{4}", text)
            assert not re.search(r"\d{4}-\d{2}-\d{2}", text)


def test_the_openapi_schema_validates_and_every_documented_endpoint_answers(
    client, personas, cases
):
    from openapi_spec_validator import validate
    from yaml import safe_load

    from trafficking.models import Victim

    schema = safe_load(client.get(reverse("api-schema")).content)
    validate(schema)
    client.force_login(personas["coordinator"])
    reference = Complaint.objects.first().reference
    victim = Victim.objects.create(organisation=personas["coordinator"].organisation)
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        address = path.replace(
            "{reference}", victim.reference if "/victims/" in path else reference
        )
        params = {"by": "month"} if "stats/complaints" in path else {}
        assert client.get(address, params).status_code == 200, path
    documented = set(schema["paths"])
    assert {
        "/api/v1/stats/complaints/",
        "/api/v1/stats/referrals/",
        "/api/v1/stats/trainings/",
        "/api/v1/stats/focal-points/",
        "/api/v1/stats/victims/",
        "/api/v1/victims/",
    } <= documented


def test_the_coordinator_issues_a_key_shown_once_and_revokes_it(client, personas, agency_b):
    client.force_login(personas["coordinator"])
    page = client.post(
        reverse("stats-keys"),
        {"organisation": agency_b.pk, "name": "Donor dashboard", "scope": "network"},
    ).content.decode()
    raw = re.search(r"data-api-key>(amk_[^<]+)<", page).group(1)
    key = ApiKey.objects.get()
    assert raw.split(".")[1] not in key.digest  # stored as a digest only
    assert raw not in client.get(reverse("stats-keys")).content.decode()  # never shown again
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert api.get(reverse("stats-focal-points")).status_code == 200
    client.post(reverse("stats-key-revoke", args=[key.pk]))
    assert api.get(reverse("stats-focal-points")).status_code == 401
    for persona in ("focal_a", "analyst", "admin"):
        client.force_login(personas[persona])
        assert client.get(reverse("stats-keys")).status_code == 404


def test_the_api_documentation_page_is_served_without_a_cdn(client):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger" in page.lower()
    assert not re.search(r'(src|href)="https?://', page)


def test_trafficking_cases_are_counted_under_each_type_of_exploitation(personas, agency_a):
    for types in [["forced_labour"]] * 3 + [["sexual", "forced_labour"]] * 2 + [[]]:
        data = intake_data(category="trafficking", subcategory="", persons=[survivor()])
        data.trafficking = {"exploitation_types": types, "country": "VEN"}
        services.complaint_intake(actor=personas["focal_a"], data=data, submit=True)
    stats_rebuild()
    client, _key = key_client(personas, agency_a)
    rows = {
        row["key"]: row for row in client.get(STATS, {"by": "exploitation_type"}).json()["rows"]
    }
    assert true_count("exploitation_type", "forced_labour")[0] == 5
    assert true_count("exploitation_type", "sexual")[0] == 2
    assert near(rows["forced_labour"]["count"], "exploitation_type", "forced_labour")
    assert near(rows["sexual"]["count"], "exploitation_type", "sexual")
    assert rows["domestic_servitude"] == {
        "key": "domestic_servitude",
        "count": 0,
        "suppressed": False,
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_rebuild_reads_every_breakdown_from_one_snapshot(monkeypatch):
    """Intake goes on during a rebuild: one release must not count a case in one
    breakdown and not in another, so the rebuild reads under REPEATABLE READ."""
    seen = []
    rebuild = aggregates._rebuild

    def spy():
        with connection.cursor() as cursor:
            cursor.execute("SHOW transaction_isolation")
            seen.append(cursor.fetchone()[0])
        return rebuild()

    monkeypatch.setattr(aggregates, "_rebuild", spy)
    aggregates.stats_rebuild()
    assert seen == ["repeatable read"]
    assert StatRelease.objects.count() == 1
