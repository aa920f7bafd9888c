"""The victim registry over REST: every CTDC code round-trips, bad codes get a 400 naming
the field, identity only where allowed, and the OpenAPI schema stays valid."""

import pytest

from core.audit import audit_trail_for
from trafficking import codes
from trafficking.models import Victim

from .conftest import VictimFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/victims/"


def post(client, data):
    return client.post(URL, data, content_type="application/json")


@pytest.mark.parametrize("field", sorted(codes.MULTIPLE_CHOICE))
def test_every_code_of_every_list_round_trips(client, ct_a, field):
    client.force_login(ct_a)
    every = list(codes.MULTIPLE_CHOICE[field].values)
    response = post(client, {field: every})
    assert response.status_code == 201, response.json()
    reference = response.json()["reference"]
    assert client.get(f"{URL}{reference}/").json()[field] == every


@pytest.mark.parametrize(
    ("field", "choices"),
    [
        ("gender", codes.Gender),
        ("age_band", codes.AgeBand),
        ("majority", codes.Majority),
        ("majority_at_exploitation", codes.Majority),
        ("majority_at_entry", codes.Majority),
        ("duration", codes.Duration),
        ("data_source", codes.DataSource),
    ],
)
def test_every_single_choice_round_trips(client, ct_a, field, choices):
    client.force_login(ct_a)
    for value in choices.values:
        response = post(client, {field: value})
        assert response.status_code == 201, response.json()
        assert response.json()[field] == value


def test_a_full_ctdc_record(client, ct_a):
    client.force_login(ct_a)
    data = {
        "name": "Amina Canary",
        "gender": "trans",
        "age_band": "18--20",
        "citizenship": ["NGA"],
        "exploitation_countries": ["TUR", "LBY"],
        "transit_countries": ["NER"],
        "acts": ["recruitment", "transportation"],
        "means": ["deception", "abuse_of_vulnerability"],
        "purposes": ["sexual", "forced_labour"],
        "labour_sectors": ["domestic_work"],
        "sexual_exploitation_types": ["prostitution", "remote_interactive"],
        "means_of_control": ["false_promises", "withholds_necessities", "excessive_working_hours"],
        "recruiter_relations": ["friend", "other"],
        "exploitation_began": "2021",
        "exploitation_ended": "2023-04",
    }
    response = post(client, data)
    assert response.status_code == 201, response.json()
    body = client.get(f"{URL}{response.json()['reference']}/").json()
    for field, value in data.items():
        if field not in ("exploitation_began", "exploitation_ended"):
            assert body[field] == value, field
    assert body["exploitation_began"] == "2021-01-01"
    assert body["exploitation_began_precision"] == "year"
    assert body["exploitation_ended"] == "2023-04-01"
    assert body["exploitation_ended_precision"] == "month"
    assert body["flags"] == []


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"purposes": ["kidnapping"]}, "purposes"),
        ({"means_of_control": "threats"}, "means_of_control"),
        ({"citizenship": ["XX"]}, "citizenship"),
        ({"gender": "robot"}, "gender"),
        ({"exploitation_began": "2021-13"}, "exploitation_began"),
        ({"exploitation_began": "2999"}, "exploitation_began"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, ct_a, data, field):
    client.force_login(ct_a)
    response = post(client, data)
    assert response.status_code == 400
    body = response.json()["error"]
    assert field in body["fields"]
    assert not Victim.objects.exists()


def test_adult_without_means_is_accepted_and_flagged(client, ct_a):
    client.force_login(ct_a)
    adult = post(client, {"age_band": "30--38"}).json()
    child = post(client, {"age_band": "0--8"}).json()
    assert [flag["code"] for flag in adult["flags"]] == ["means_not_recorded"]
    assert child["flags"] == []


def test_patch_changes_what_is_sent_and_audits(client, ct_a, victim_a):
    client.force_login(ct_a)
    response = client.patch(
        f"{URL}{victim_a.reference}/",
        {"recruiter_relations": ["family", "intimate_partner"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    victim_a.refresh_from_db()
    assert victim_a.recruiter_relations == ["family", "intimate_partner"]
    assert victim_a.purposes == ["forced_labour"]  # unchanged
    assert [e.action for e in audit_trail_for(victim_a)] == ["victim.update"]


def test_reads_are_audited_and_the_list_is_scoped(client, ct_a, victim_a, victim_b):
    client.force_login(ct_a)
    listed = client.get(URL).json()
    assert [row["reference"] for row in listed["results"]] == [victim_a.reference]
    client.get(f"{URL}{victim_a.reference}/")
    event = audit_trail_for(victim_a).get(action="victim.read")
    assert event.detail == {"identity": True, "via": "api"}


def test_a_ct_officer_cannot_choose_another_organisation(client, ct_a, agency_b, personas):
    client.force_login(ct_a)
    response = post(client, {"organisation": agency_b.acronym})
    assert response.status_code == 400 and "organisation" in response.json()["error"]["fields"]
    client.force_login(personas["coordinator"])
    response = post(client, {"organisation": agency_b.acronym})
    assert response.status_code == 201
    assert Victim.objects.get(reference=response.json()["reference"]).organisation == agency_b


def test_filters(client, ct_a, agency_a):
    VictimFactory(organisation=agency_a, purposes=["sexual"])
    labour = VictimFactory(organisation=agency_a, purposes=["forced_labour", "begging"])
    client.force_login(ct_a)
    rows = client.get(URL, {"purpose": "begging"}).json()["results"]
    assert [row["reference"] for row in rows] == [labour.reference]


def test_schema_is_valid(client):
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert "/api/v1/victims/{reference}/" in schema["paths"]
