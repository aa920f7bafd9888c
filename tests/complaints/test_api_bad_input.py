"""Bad input on the intake API answers a clear 4xx, never a 500 or a silent guess
(issue 12, "Bad input")."""

import json
import re
import uuid

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from complaints.models import Complaint

from .conftest import CANARY_STORY
from .forms_data import intake_post
from .test_api import PAYLOAD

pytestmark = pytest.mark.django_db

LIST = reverse("api-complaints")


@pytest.fixture
def api(personas):
    """A focal point's integration; forced, so these tests hold whatever the credential
    (API keys are tested in tests/core)."""
    client = APIClient()
    client.force_authenticate(personas["focal_a"])
    return client


def test_deeply_nested_json_is_a_clear_400(api):
    deep = '{"persons": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = api.post(LIST, deep, content_type="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "parse_error"
    assert "nested" in error["message"]
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("received_on", "0001-01-01", "intake.received_too_early"),
        ("received_on", "1999-12-31", "intake.received_too_early"),
        ("incident_date", "0001-01-01", "intake.incident_date_too_early"),
        ("received_on", "2999-01-01", "intake.received_future"),
        ("incident_date", "2999-01-01", "intake.incident_date_future"),
    ],
)
def test_dates_before_a_sane_floor_or_in_the_future_are_refused(api, field, value, code):
    payload = {**PAYLOAD, field: value}
    if field == "incident_date":
        payload["incident_date_precision"] = "exact"
    response = api.post(LIST, payload, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert field in error["fields"]
    assert code in {problem["code"] for problem in error["problems"]}
    assert Complaint.objects.count() == 0


def test_a_date_at_the_floor_is_accepted(api):
    response = api.post(LIST, {**PAYLOAD, "received_on": "2000-01-01"}, format="json")
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"categroy": "sea"}, ("categroy",)),
        ({"persons": [{"roles": ["witness"], "nmae": "Typo"}]}, ("persons", "0", "nmae")),
        (
            {"category": "trafficking", "trafficking": {"exploitation_types": ["sexual"], "x": 1}},
            ("trafficking", "x"),
        ),
    ],
)
def test_unknown_or_misspelt_fields_are_refused_by_name(api, change, path):
    response = api.post(LIST, {**PAYLOAD, **change}, format="json")
    assert response.status_code == 400
    errors = response.json()["error"]["fields"]
    for step in path[:-1]:
        errors = errors[step]
    assert errors[path[-1]] == ["Unknown field."]
    assert Complaint.objects.count() == 0


def test_a_submission_key_reused_with_another_payload_is_a_conflict(api):
    key = str(uuid.uuid4())
    first = api.post(LIST, {**PAYLOAD, "submission_key": key}, format="json")
    assert first.status_code == 201
    again = api.post(LIST, {**PAYLOAD, "submission_key": key}, format="json")
    assert again.status_code == 200
    assert again.json()["reference"] == first.json()["reference"]
    other = api.post(
        LIST, {**PAYLOAD, "narrative": "A different story.", "submission_key": key}, format="json"
    )
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "complaint.submission_key_reused"
    assert Complaint.objects.count() == 1
    assert Complaint.objects.get().narrative == PAYLOAD["narrative"]


def test_an_oversized_body_gets_a_json_message(api):
    body = json.dumps({**PAYLOAD, "narrative": "x" * (3 * 1024 * 1024)})
    response = api.post(LIST, body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == "request.too_large"
    assert "too large" in error["message"]


def test_an_oversized_form_gets_a_clear_page(client):
    response = client.post(reverse("public:report"), {"narrative": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    page = response.content.decode()
    assert "too large" in page
    assert 'lang="en"' in page  # the site's own page, not a bare "Bad Request (400)"


def test_each_rule_spanning_fields_comes_with_its_code(api):
    payload = {**PAYLOAD, "narrative": "", "category": "trafficking", "subcategory": "solicitation"}
    response = api.post(LIST, payload, format="json")
    assert response.status_code == 400
    problems = response.json()["error"]["problems"]
    assert {p["code"] for p in problems} >= {
        "intake.narrative_missing",
        "intake.subcategory_not_sea",
    }
    for problem in problems:
        assert problem["message"]
        assert "field" in problem


def test_the_staff_form_shows_a_date_before_the_floor_under_its_field(client, personas):
    client.force_login(personas["focal_a"])
    response = client.post(reverse("complaints:new"), intake_post(received_on="0001-01-01"))
    assert response.status_code == 200
    page = response.content.decode()
    message = "The date received is before 2000-01-01: check the year."
    assert re.search(rf'name="c-received_on"[^<]*>\s*(<[^>]*>\s*)*{re.escape(message)}', page)
    assert CANARY_STORY in page  # nothing typed is lost
    assert Complaint.objects.count() == 0
